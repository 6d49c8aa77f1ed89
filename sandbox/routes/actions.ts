/**
 * /groups/{groupId}/actions: post an action (announcement, job, poll, survey, let's meet, media
 * attachment, or an instance of a custom action package given by `id`), list a group's
 * actions of one type, and read one action with its details and (getDetails=true) responses.
 *
 * Admin rule: group members may post; in a public group, sending to all subscribers needs admin
 * (audience.ts). Listing and reading need membership. Types the reference marks as not
 * retrievable (announcement, audio, video, album) answer 400 UnsupportedActionType on GET.
 */
import type { PlatformRoute } from '../app';
import { builtInActionType, customAction, postableTypeNames } from '../actions/actionTypes';
import { requireGroupAccess } from '../auth/accessControl';
import { parseAudience } from '../audience';
import { invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import type { ActionRecord, SandboxState } from '../state';
import { actionDetailsView, actionListEntry } from '../views/actionView';
import { booleanQuery, field, numberQuery, optionalString, queryValue, requireObject } from '../validation';

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

export function requireAction(state: SandboxState, groupId: string, actionId: string): ActionRecord {
	const action = state.actions.get(actionId);
	if (!action || action.groupId !== groupId) throw notFound('ActionNotFound', `No action with id '${actionId}' in this group`);
	return action;
}

/** Epoch milliseconds; values that look like epoch seconds (as in the reference's samples) are scaled. */
function epochMs(value: number): number {
	return value < 1e12 ? value * 1000 : value;
}

export const actionRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/groups/:groupId/actions',
		body: 'json',
		handle({ app, principal, params, body }) {
			const group = requireGroupAccess(app.state, principal, params.groupId);
			const request = requireObject(body);
			const typeName = optionalString(request, 'actionType');
			const packageId = optionalString(request, 'id');
			if (typeName !== undefined && packageId !== undefined) throw invalidRequest("Give either 'actionType' or 'id' (an action package id), not both");
			if (typeName === undefined && packageId === undefined) throw invalidRequest("'actionType' or 'id' (an action package id) is required");

			const definition = packageId !== undefined ? customAction : builtInActionType(typeName as string);
			if (!definition || definition.kind === 'PhotoWithLocation' || definition.kind === 'ShareLocation') {
				throw invalidRequest(
					`Unsupported actionType '${typeName}'; use one of ${postableTypeNames().join(', ')}, or 'id' for a custom action package`,
					'UnsupportedActionType',
				);
			}
			const actionBodyValue = field(request, 'actionBody');
			if (actionBodyValue === undefined || actionBodyValue === null) throw invalidRequest("'actionBody' is required");
			const actionBody = requireObject(actionBodyValue, "'actionBody'");
			const audience = parseAudience(app.state, principal, group, request);
			const now = app.now();
			const parsed = definition.parse(actionBody, { state: app.state, group, principal, now });

			const action: ActionRecord = {
				actionId: newId(),
				referenceId: newId(),
				groupId: group.groupId,
				kind: definition.kind,
				...(packageId !== undefined ? { packageId } : {}),
				body: parsed.body,
				senderUserId: principal.user.userId,
				sentAt: now,
				...(parsed.expiresAt !== undefined ? { expiresAt: parsed.expiresAt } : {}),
				audience,
			};
			app.state.actions.set(action.actionId, action);
			app.publish({
				...definition.created(action, app.state),
				groupId: group.groupId,
				actionId: action.actionId,
				...(packageId !== undefined ? { packageId } : {}),
				actor: principal.user,
			});
			return { body: { referenceId: action.referenceId, actionId: action.actionId } };
		},
	},
	{
		method: 'GET',
		pattern: '/groups/:groupId/actions',
		body: 'none',
		handle({ app, principal, params, query }) {
			const group = requireGroupAccess(app.state, principal, params.groupId);
			const typeName = queryValue(query, 'actionType');
			if (!typeName) throw invalidRequest("Query parameter 'actionType' is required");
			const definition = builtInActionType(typeName);
			if (definition && !definition.listable) {
				throw invalidRequest(`Kaizala does not support listing ${definition.kind} actions`, 'UnsupportedActionType');
			}
			const fromDate = numberQuery(query, 'fromDate', { min: 0 });
			const count = numberQuery(query, 'count', { min: 1, max: MAX_PAGE_SIZE, integer: true }) ?? DEFAULT_PAGE_SIZE;

			const matching = [...app.state.actions.values()]
				.filter((action) => action.groupId === group.groupId)
				.filter((action) => (definition ? action.kind === definition.kind : action.kind === 'Custom' && action.packageId === typeName))
				.filter((action) => fromDate === undefined || action.sentAt >= epochMs(fromDate))
				.sort((a, b) => a.sentAt - b.sentAt);
			return {
				body: {
					actions: matching.slice(0, count).map((action) => actionListEntry(app.state, action)),
					hasMore: matching.length > count,
				},
			};
		},
	},
	{
		method: 'GET',
		pattern: '/groups/:groupId/actions/:actionId',
		body: 'none',
		handle({ app, principal, params, query }) {
			const group = requireGroupAccess(app.state, principal, params.groupId);
			const action = requireAction(app.state, group.groupId, params.actionId);
			return { body: actionDetailsView(app.state, action, booleanQuery(query, 'getDetails') ?? false) };
		},
	},
];
