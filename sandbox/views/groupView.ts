/** JSON shapes of a group as the groups and sub-groups resources return it. */
import { effectiveRole, type Principal } from '../auth/accessControl';
import type { GroupRecord, SandboxState } from '../state';
import { membersOf, parentGroupsOf, usersAcrossHierarchy } from '../stateQueries';

/** The fields GET /groups documents for every group. */
export function groupSummary(state: SandboxState, group: GroupRecord): Record<string, unknown> {
	return {
		groupId: group.groupId,
		groupName: group.groupName,
		groupImageUrl: group.groupImageUrl,
		hasSubGroups: group.subGroupIds.length > 0,
		hasParentGroups: parentGroupsOf(state, group.groupId).length > 0,
		isMappedToTenant: group.isMappedToTenant,
		groupType: group.groupType,
		userCount: usersAcrossHierarchy(state, group.groupId).size,
		currentLevelUserCount: membersOf(state, group.groupId).length,
	};
}

/** The summary plus the detail fields of the reference's `showDetail=true` sample. */
export function groupDetails(state: SandboxState, principal: Principal, group: GroupRecord): Record<string, unknown> {
	const unprovisioned = (userIds: Iterable<string>): number =>
		[...userIds].filter((userId) => state.users.get(userId)?.isProvisioned === false).length;
	const hierarchyUsers = usersAcrossHierarchy(state, group.groupId);
	const currentLevelUserIds = membersOf(state, group.groupId).map((member) => member.userId);
	const role = effectiveRole(state, principal, group);
	return {
		...groupSummary(state, group),
		callerRole: role ?? 'None',
		welcomeMessage: group.welcomeMessage,
		currentLevelSubGroupCount: group.subGroupIds.length,
		currentLevelParentGroupCount: parentGroupsOf(state, group.groupId).length,
		uniqueUserCount: hierarchyUsers.size,
		currentLevelUnProvisionedUserCount: unprovisioned(currentLevelUserIds),
		unProvisionedUserCount: unprovisioned(hierarchyUsers),
		isDuplicate: false,
		isEditable: role === 'Admin',
		isDetailsReadable: role !== undefined,
	};
}

/** A sub-group entry, with the fields of the swagger's SubGroup schema. */
export function subGroupEntry(state: SandboxState, group: GroupRecord): Record<string, unknown> {
	return {
		groupName: group.groupName,
		groupId: group.groupId,
		groupImageUrl: group.groupImageUrl,
		hasSubGroups: group.subGroupIds.length > 0,
		hasParentGroups: parentGroupsOf(state, group.groupId).length > 0,
		isMappedToTenant: group.isMappedToTenant,
		groupType: group.groupType,
		isDuplicate: false,
		welcomeMessage: group.welcomeMessage,
	};
}
