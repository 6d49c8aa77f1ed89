/**
 * Who may do what to a group. The reference's rules, as the sandbox applies them:
 * - A token acts for one user. A tenant admin (ConnectorSeed.isAdmin, or a PIN-issued token of a
 *   user flagged isTenantAdmin) has admin rights on every group of the token's tenant, like the
 *   documented tenant-level user token.
 * - Otherwise the user's membership decides: a group's Admin members, and Admins of any group
 *   above it, are its admins; other members are plain members.
 * - Reading a group and posting to it need membership (or admin rights); the "Group Management
 *   APIs" (sub-groups, members, subscribers, webhooks, broadcast to all subscribers) need admin.
 */
import { forbidden, notFound } from '../errors';
import type { GroupRecord, MemberRole, SandboxState, UserRecord } from '../state';
import { ancestorGroupIds, membershipOf } from '../stateQueries';

export interface Principal {
	connectorId: string;
	tenantId: string;
	user: UserRecord;
	isTenantAdmin: boolean;
}

export function effectiveRole(state: SandboxState, principal: Principal, group: GroupRecord): MemberRole | undefined {
	if (principal.isTenantAdmin && group.tenantId === principal.tenantId) return 'Admin';
	const own = membershipOf(state, group.groupId, principal.user.userId);
	if (own?.role === 'Admin') return 'Admin';
	const adminAbove = ancestorGroupIds(state, group.groupId).some(
		(ancestorId) => membershipOf(state, ancestorId, principal.user.userId)?.role === 'Admin',
	);
	if (adminAbove) return 'Admin';
	return own ? 'Member' : undefined;
}

export function requireGroup(state: SandboxState, groupId: string): GroupRecord {
	const group = state.groups.get(groupId);
	if (!group) throw notFound('GroupNotFound', `No group with id '${groupId}'`);
	return group;
}

/** The group, if the token's user may see and post to it (member or admin). */
export function requireGroupAccess(state: SandboxState, principal: Principal, groupId: string): GroupRecord {
	const group = requireGroup(state, groupId);
	if (!effectiveRole(state, principal, group)) {
		throw forbidden('NotGroupMember', `The token's user (${principal.user.mobileNumber}) is not a member of group '${group.groupName}'`);
	}
	return group;
}

/** The group, if the token's user is one of its admins; `operation` names what was refused. */
export function requireGroupAdmin(state: SandboxState, principal: Principal, groupId: string, operation: string): GroupRecord {
	const group = requireGroupAccess(state, principal, groupId);
	if (effectiveRole(state, principal, group) !== 'Admin') {
		throw forbidden('AdminRequired', `Only an admin of group '${group.groupName}' may ${operation}`);
	}
	return group;
}

export function requireTenantAdmin(principal: Principal, operation: string): void {
	if (!principal.isTenantAdmin) {
		throw forbidden('AdminRequired', `Only a tenant admin may ${operation}; the token's user (${principal.user.mobileNumber}) is not one`);
	}
}
