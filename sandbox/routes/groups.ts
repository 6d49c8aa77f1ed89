/**
 * /groups: create a group or managed public group (groupType 'ConnectGroup'), list the groups
 * the token's user can reach, and read one group's details.
 *
 * Admin rule: creating a top-level group needs a tenant admin (there is no group yet whose
 * admin could authorise it); the creator becomes the group's Admin, as documented.
 */
import type { PlatformRequest, PlatformRoute } from '../app';
import { effectiveRole, requireGroupAccess, requireTenantAdmin } from '../auth/accessControl';
import { invalidRequest } from '../errors';
import { newId } from '../ids';
import type { GroupRecord, GroupType } from '../state';
import { addMember, ensureUser, parentGroupsOf } from '../stateQueries';
import { groupDetails, groupSummary } from '../views/groupView';
import {
	MAX_PHONE_NUMBERS_PER_CALL,
	booleanQuery,
	optionalArray,
	optionalString,
	phoneList,
	requireObject,
	requireString,
	type JsonObject,
} from '../validation';

const MAX_GROUP_NAME_LENGTH = 256;

export function parseGroupType(value: string | undefined): GroupType {
	if (value === undefined) return 'Group';
	if (value.toLowerCase() === 'group') return 'Group';
	if (value.toLowerCase() === 'connectgroup') return 'ConnectGroup';
	throw invalidRequest(`'groupType' must be 'Group' or 'ConnectGroup'; got '${value}'`);
}

/** Phone numbers in an optional `members` array (max 100 per call, E.164). */
export function parseMemberPhones(request: JsonObject): string[] {
	const members = optionalArray(request, 'members', { maxItems: MAX_PHONE_NUMBERS_PER_CALL }) ?? [];
	return phoneList(members, 'members');
}

/** Creates a group owned by the token's user; shared with sub-group creation. */
export function createGroup(
	{ app, principal }: PlatformRequest,
	spec: { groupName: string; welcomeMessage: string; groupType: GroupType; groupImageUrl: string; memberPhones: string[]; addCaller: boolean },
): GroupRecord {
	const now = app.now();
	const group: GroupRecord = {
		groupId: newId(),
		groupName: spec.groupName,
		welcomeMessage: spec.welcomeMessage,
		groupType: spec.groupType,
		tenantId: principal.tenantId,
		groupImageUrl: spec.groupImageUrl,
		isMappedToTenant: false,
		createdAt: now,
		subGroupIds: [],
	};
	app.state.groups.set(group.groupId, group);
	if (spec.addCaller) addMember(app.state, group.groupId, principal.user.userId, 'Admin', now);
	for (const phone of spec.memberPhones) {
		addMember(app.state, group.groupId, ensureUser(app.state, phone).userId, 'Member', now);
	}
	return group;
}

export const groupRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/groups',
		body: 'json',
		handle(request) {
			requireTenantAdmin(request.principal, 'create groups');
			const body = requireObject(request.body);
			const group = createGroup(request, {
				groupName: requireString(body, 'name', { maxLength: MAX_GROUP_NAME_LENGTH }),
				welcomeMessage: requireString(body, 'welcomeMessage', { allowEmpty: true, maxLength: 4000 }),
				groupType: parseGroupType(optionalString(body, 'groupType')),
				groupImageUrl: '',
				memberPhones: parseMemberPhones(body),
				addCaller: true,
			});
			return { body: { groupName: group.groupName, groupId: group.groupId, membersAdded: true } };
		},
	},
	{
		method: 'GET',
		pattern: '/groups',
		body: 'none',
		handle({ app, principal, query }) {
			const showDetail = booleanQuery(query, 'showDetail') ?? false;
			const fetchAllGroups = booleanQuery(query, 'fetchAllGroups') ?? false;
			const reachable = [...app.state.groups.values()].filter((group) => effectiveRole(app.state, principal, group));
			const reachableIds = new Set(reachable.map((group) => group.groupId));
			// "Direct" groups: the top of what the user can reach; sub-groups only on request.
			const listed = fetchAllGroups
				? reachable
				: reachable.filter((group) => !parentGroupsOf(app.state, group.groupId).some((parent) => reachableIds.has(parent.groupId)));
			const groups = listed.map((group) =>
				showDetail ? groupDetails(app.state, principal, group) : groupSummary(app.state, group),
			);
			return { body: { groups } };
		},
	},
	{
		method: 'GET',
		pattern: '/groups/:groupId',
		body: 'none',
		handle({ app, principal, params }) {
			const group = requireGroupAccess(app.state, principal, params.groupId);
			// The reference documents the single group wrapped in a `groups` array.
			return { body: { groups: [groupDetails(app.state, principal, group)] } };
		},
	},
];
