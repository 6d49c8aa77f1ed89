/** What a group's conversation holds, read from the sandbox's model: messages and action cards in time order. */
import type { ActionRecord, GroupRecord, MessageRecord, ReactionRecord, SandboxState, UserRecord } from '../state';
import { membersOf, parentGroupsOf } from '../stateQueries';

export type FeedItem = { kind: 'message'; sentAt: number; message: MessageRecord } | { kind: 'action'; sentAt: number; action: ActionRecord };

/** Every message and action of the group, oldest first (ties keep the order they were stored in). */
export function groupFeed(state: SandboxState, groupId: string): FeedItem[] {
	const items: FeedItem[] = [];
	for (const message of state.messages) if (message.groupId === groupId) items.push({ kind: 'message', sentAt: message.sentAt, message });
	for (const action of state.actions.values()) if (action.groupId === groupId) items.push({ kind: 'action', sentAt: action.sentAt, action });
	// Array.prototype.sort is stable: messages before actions sent in the same millisecond.
	return items.sort((a, b) => a.sentAt - b.sentAt);
}

export function referenceIdOf(item: FeedItem): string {
	return item.kind === 'message' ? item.message.referenceId : item.action.referenceId;
}

/** Likes and comments on one message or action. */
export function reactionsTo(state: SandboxState, referenceId: string): { likes: number; comments: ReactionRecord[] } {
	const reactions = state.reactions.filter((reaction) => reaction.referenceId === referenceId);
	return {
		likes: reactions.filter((reaction) => reaction.reactionType === 'Like').length,
		comments: reactions.filter((reaction) => reaction.reactionType === 'Comment'),
	};
}

/** The people who can hold this group's phone: its members, in the order they joined. */
export function phoneOwners(state: SandboxState, group: GroupRecord): UserRecord[] {
	return membersOf(state, group.groupId)
		.map((member) => state.users.get(member.userId))
		.filter((user): user is UserRecord => user !== undefined);
}

/** Groups without a parent, then each one's sub-groups beneath it (depth first). */
export function groupTree(state: SandboxState): Array<{ group: GroupRecord; depth: number }> {
	const out: Array<{ group: GroupRecord; depth: number }> = [];
	const seen = new Set<string>();
	const visit = (group: GroupRecord, depth: number): void => {
		if (seen.has(group.groupId)) return;
		seen.add(group.groupId);
		out.push({ group, depth });
		for (const childId of group.subGroupIds) {
			const child = state.groups.get(childId);
			if (child) visit(child, depth + 1);
		}
	};
	for (const group of state.groups.values()) if (parentGroupsOf(state, group.groupId).length === 0) visit(group, 0);
	return out;
}
