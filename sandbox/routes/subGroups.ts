/**
 * /groups/{groupId}/subGroups: list a group's sub-groups, create a new sub-group, attach existing
 * groups as sub-groups (PUT) and detach one (DELETE).
 *
 * Admin rules: listing needs access to the parent; creating, attaching and detaching need admin
 * rights on the parent, and attaching also on each group attached (otherwise any admin could
 * annex someone else's group). Attaching and creating raise GroupAdded on the parent,
 * detaching raises GroupRemoved.
 */
import type { PlatformRequest, PlatformRoute } from '../app';
import { requireGroupAccess, requireGroupAdmin } from '../auth/accessControl';
import { invalidRequest, notFound } from '../errors';
import type { GroupRecord } from '../state';
import { descendantGroupIds } from '../stateQueries';
import { subGroupEntry } from '../views/groupView';
import { booleanQuery, optionalBoolean, optionalString, requireArray, requireObject, stringList } from '../validation';
import { createGroup, parseGroupType, parseMemberPhones } from './groups';

function announce(request: PlatformRequest, eventType: 'GroupAdded' | 'GroupRemoved', parent: GroupRecord, child: GroupRecord): void {
	request.app.publish({
		eventType,
		groupId: parent.groupId,
		data: { groupId: child.groupId, groupName: child.groupName, parentGroupId: parent.groupId, parentGroupName: parent.groupName },
		actor: request.principal.user,
	});
}

export const subGroupRoutes: PlatformRoute[] = [
	{
		method: 'GET',
		pattern: '/groups/:groupId/subGroups',
		body: 'none',
		handle({ app, principal, params, query }) {
			const parent = requireGroupAccess(app.state, principal, params.groupId);
			// fetchAllGroups: every group beneath, across the hierarchy, as one flat list.
			const ids = booleanQuery(query, 'fetchAllGroups') ? descendantGroupIds(app.state, parent.groupId) : parent.subGroupIds;
			const subGroups = ids.map((id) => app.state.groups.get(id)).filter((group): group is GroupRecord => group !== undefined);
			return {
				body: {
					...subGroupEntry(app.state, parent),
					subGroups: subGroups.map((group) => subGroupEntry(app.state, group)),
				},
			};
		},
	},
	{
		method: 'POST',
		pattern: '/groups/:groupId/subGroups',
		body: 'json',
		handle(request) {
			const { app, principal, params } = request;
			const parent = requireGroupAdmin(app.state, principal, params.groupId, 'create sub-groups');
			const body = requireObject(request.body);
			// The markdown reference says groupName, the swagger reuses the create-group body (name).
			const groupName = optionalString(body, 'groupName', { maxLength: 256 }) ?? optionalString(body, 'name', { maxLength: 256 });
			if (groupName === undefined) throw invalidRequest("'groupName' is required");
			const welcomeMessage = optionalString(body, 'welcomeMessage', { allowEmpty: true, maxLength: 4000 });
			if (welcomeMessage === undefined) throw invalidRequest("'welcomeMessage' is required");

			const child = createGroup(request, {
				groupName,
				welcomeMessage,
				groupType: parseGroupType(optionalString(body, 'groupType')),
				groupImageUrl: optionalString(body, 'groupImageUrl', { allowEmpty: true }) ?? '',
				memberPhones: parseMemberPhones(body),
				addCaller: optionalBoolean(body, 'addUserToGroup') ?? true,
			});
			child.tenantId = parent.tenantId;
			parent.subGroupIds.push(child.groupId);
			announce(request, 'GroupAdded', parent, child);
			return { body: { groupId: child.groupId, groupName: child.groupName } };
		},
	},
	{
		method: 'PUT',
		pattern: '/groups/:groupId/subGroups',
		body: 'json',
		handle(request) {
			const { app, principal, params } = request;
			const parent = requireGroupAdmin(app.state, principal, params.groupId, 'add sub-groups');
			const ids = [...new Set(stringList(requireArray(requireObject(request.body), 'subGroups', { minItems: 1 }), 'subGroups'))];

			// Validate all before changing anything, so a bad id leaves the hierarchy untouched.
			const children = ids.map((id) => {
				const child = requireGroupAdmin(app.state, principal, id, 'attach it as a sub-group');
				if (child.groupId === parent.groupId || descendantGroupIds(app.state, child.groupId).includes(parent.groupId)) {
					throw invalidRequest(`Group '${child.groupName}' contains '${parent.groupName}', so it cannot also be beneath it`, 'SubGroupCycle');
				}
				if (child.tenantId !== parent.tenantId) {
					throw invalidRequest(`Group '${child.groupName}' belongs to another tenant`);
				}
				return child;
			});
			for (const child of children) {
				if (parent.subGroupIds.includes(child.groupId)) continue;
				parent.subGroupIds.push(child.groupId);
				announce(request, 'GroupAdded', parent, child);
			}
			return { body: { result: true } };
		},
	},
	{
		method: 'DELETE',
		pattern: '/groups/:groupId/subGroups/:subGroupId',
		body: 'none',
		handle(request) {
			const { app, principal, params } = request;
			const parent = requireGroupAdmin(app.state, principal, params.groupId, 'remove sub-groups');
			const index = parent.subGroupIds.indexOf(params.subGroupId);
			if (index < 0) throw notFound('SubGroupNotFound', `Group '${params.subGroupId}' is not a sub-group of '${parent.groupName}'`);
			parent.subGroupIds.splice(index, 1);
			const child = app.state.groups.get(params.subGroupId);
			if (child) announce(request, 'GroupRemoved', parent, child);
			return { body: { result: true } };
		},
	},
];
