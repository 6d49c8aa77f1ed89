/**
 * Read and small write helpers over SandboxState, shared by the route modules so each rule
 * (who is a member, what a group hierarchy contains, ...) is written once.
 */
import { newId } from './ids';
import type { GroupRecord, MemberRecord, MemberRole, SandboxState, UserRecord } from './state';

export function findUserByPhone(state: SandboxState, mobileNumber: string): UserRecord | undefined {
	for (const user of state.users.values()) if (user.mobileNumber === mobileNumber) return user;
	return undefined;
}

/**
 * Returns the user with this number, creating an unprovisioned one if the number is new: the
 * real service accepts any phone number and invites its owner.
 */
export function ensureUser(state: SandboxState, mobileNumber: string, name = ''): UserRecord {
	const existing = findUserByPhone(state, mobileNumber);
	if (existing) return existing;
	const user: UserRecord = {
		userId: newId(),
		mobileNumber,
		name,
		profilePic: '',
		isProvisioned: false,
		isTenantAdmin: false,
	};
	state.users.set(user.userId, user);
	return user;
}

export function membersOf(state: SandboxState, groupId: string): MemberRecord[] {
	return state.members.filter((member) => member.groupId === groupId);
}

export function membershipOf(state: SandboxState, groupId: string, userId: string): MemberRecord | undefined {
	return state.members.find((member) => member.groupId === groupId && member.userId === userId);
}

/** Adds the user to the group; returns false if they already were a member. */
export function addMember(state: SandboxState, groupId: string, userId: string, role: MemberRole, now: number): boolean {
	const existing = membershipOf(state, groupId, userId);
	if (existing) {
		if (role === 'Admin') existing.role = 'Admin';
		return false;
	}
	state.members.push({ groupId, userId, role, addedAt: now });
	return true;
}

export function parentGroupsOf(state: SandboxState, groupId: string): GroupRecord[] {
	return [...state.groups.values()].filter((group) => group.subGroupIds.includes(groupId));
}

/** Every group beneath this one, depth first, each once (the model forbids cycles). */
export function descendantGroupIds(state: SandboxState, groupId: string): string[] {
	const seen = new Set<string>();
	const visit = (id: string): void => {
		for (const childId of state.groups.get(id)?.subGroupIds ?? []) {
			if (seen.has(childId)) continue;
			seen.add(childId);
			visit(childId);
		}
	};
	visit(groupId);
	return [...seen];
}

export function ancestorGroupIds(state: SandboxState, groupId: string): string[] {
	const seen = new Set<string>();
	const visit = (id: string): void => {
		for (const parent of parentGroupsOf(state, id)) {
			if (seen.has(parent.groupId)) continue;
			seen.add(parent.groupId);
			visit(parent.groupId);
		}
	};
	visit(groupId);
	return [...seen];
}

/** Distinct users in the group and every group beneath it (the documented `userCount`). */
export function usersAcrossHierarchy(state: SandboxState, groupId: string): Set<string> {
	const groupIds = new Set([groupId, ...descendantGroupIds(state, groupId)]);
	return new Set(state.members.filter((member) => groupIds.has(member.groupId)).map((member) => member.userId));
}

export function isSubscriber(state: SandboxState, groupId: string, userId: string): boolean {
	return state.subscribers.some((subscriber) => subscriber.groupId === groupId && subscriber.userId === userId);
}

/** Finds a message or action by the referenceId the API handed out for it. */
export function findReference(
	state: SandboxState,
	referenceId: string,
): { groupId: string; kind: 'message' | 'action' } | undefined {
	const message = state.messages.find((candidate) => candidate.referenceId === referenceId);
	if (message) return { groupId: message.groupId, kind: 'message' };
	for (const action of state.actions.values()) {
		if (action.referenceId === referenceId) return { groupId: action.groupId, kind: 'action' };
	}
	return undefined;
}
