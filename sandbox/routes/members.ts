/**
 * /groups/{groupId}/members: list members (any member may), add members by phone number and
 * remove one by member id (group admins only, as the reference's "Group Management APIs").
 * A member's id is their user id. Numbers new to the sandbox become unprovisioned users.
 * Adds and removals raise MemberAdded / MemberRemoved; the last admin cannot be removed.
 */
import type { PlatformRequest, PlatformRoute } from '../app';
import { requireGroupAccess, requireGroupAdmin } from '../auth/accessControl';
import { invalidRequest, notFound } from '../errors';
import type { MemberRole, UserRecord } from '../state';
import { addMember, ensureUser, membersOf, membershipOf } from '../stateQueries';
import { MAX_PHONE_NUMBERS_PER_CALL, phoneList, requireArray, requireObject } from '../validation';

function announce(request: PlatformRequest, eventType: 'MemberAdded' | 'MemberRemoved', groupId: string, user: UserRecord, role: MemberRole): void {
	request.app.publish({
		eventType,
		groupId,
		data: { member: user.mobileNumber, memberName: user.name, memberProfilePic: user.profilePic, type: role },
		actor: request.principal.user,
	});
}

export const memberRoutes: PlatformRoute[] = [
	{
		method: 'GET',
		pattern: '/groups/:groupId/members',
		body: 'none',
		handle({ app, principal, params }) {
			const group = requireGroupAccess(app.state, principal, params.groupId);
			const members = membersOf(app.state, group.groupId).map((member) => {
				const user = app.state.users.get(member.userId);
				return { id: member.userId, role: member.role, mobileNumber: user?.mobileNumber ?? '', isProvisioned: user?.isProvisioned ?? false };
			});
			return { body: { members } };
		},
	},
	{
		method: 'PUT',
		pattern: '/groups/:groupId/members',
		body: 'json',
		handle(request) {
			const { app, principal, params } = request;
			const group = requireGroupAdmin(app.state, principal, params.groupId, 'add members');
			const phones = phoneList(
				requireArray(requireObject(request.body), 'members', { minItems: 1, maxItems: MAX_PHONE_NUMBERS_PER_CALL }),
				'members',
			);
			for (const phone of phones) {
				const user = ensureUser(app.state, phone);
				if (addMember(app.state, group.groupId, user.userId, 'Member', app.now())) {
					announce(request, 'MemberAdded', group.groupId, user, 'Member');
				}
			}
			return { body: { result: true } };
		},
	},
	{
		method: 'DELETE',
		pattern: '/groups/:groupId/members/:memberId',
		body: 'none',
		handle(request) {
			const { app, principal, params } = request;
			const group = requireGroupAdmin(app.state, principal, params.groupId, 'remove members');
			const membership = membershipOf(app.state, group.groupId, params.memberId);
			if (!membership) throw notFound('MemberNotFound', `No member with id '${params.memberId}' in '${group.groupName}'`);
			const admins = membersOf(app.state, group.groupId).filter((member) => member.role === 'Admin');
			if (membership.role === 'Admin' && admins.length === 1) {
				throw invalidRequest(`'${group.groupName}' would be left without an admin`, 'LastAdmin');
			}
			app.state.members.splice(app.state.members.indexOf(membership), 1);
			const user = app.state.users.get(membership.userId);
			if (user) announce(request, 'MemberRemoved', group.groupId, user, membership.role);
			return { body: { result: true } };
		},
	},
];
