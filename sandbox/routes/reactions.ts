/**
 * /groups/{groupId}/reaction: like or comment on a message or action, and read reaction
 * summaries (one reference, or the whole group since a cursor) and per-reaction details.
 *
 * Rules: membership of the URL's group; `sourceGroupId` is where the reacted-to item was sent
 * and must be that group or one beneath it. A user likes an item at most once (liking again
 * returns the same reactionId); comments need text (max 4000 characters).
 * Cursors are epoch milliseconds of the last reaction change included (the real service used
 * .NET ticks; clients should treat them as opaque).
 */
import type { PlatformRoute } from '../app';
import type { Principal } from '../auth/accessControl';
import { requireGroupAccess } from '../auth/accessControl';
import { invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import type { ReactionRecord, ReactionType, SandboxState } from '../state';
import { descendantGroupIds, findReference } from '../stateQueries';
import { MAX_TEXT_LENGTH, numberQuery, queryValue, requireObject, requireString } from '../validation';

function parseReactionType(value: string): ReactionType {
	if (value.toLowerCase() === 'like') return 'Like';
	if (value.toLowerCase() === 'comment') return 'Comment';
	throw invalidRequest(`'reactionType' must be 'Like' or 'Comment'; got '${value}'`);
}

/** The source group named for a request, checked to be the URL's group or beneath it. */
function sourceGroupFor(state: SandboxState, principal: Principal, groupId: string, sourceGroupId: string | undefined): string {
	const group = requireGroupAccess(state, principal, groupId);
	const source = sourceGroupId ?? group.groupId;
	if (source !== group.groupId && !descendantGroupIds(state, group.groupId).includes(source)) {
		throw invalidRequest(`'sourceGroupId' must be '${group.groupName}' or one of its sub-groups`);
	}
	return source;
}

function countsFor(reactions: ReactionRecord[]): { like: number; comment: number } {
	return {
		like: reactions.filter((reaction) => reaction.reactionType === 'Like').length,
		comment: reactions.filter((reaction) => reaction.reactionType === 'Comment').length,
	};
}

export const reactionRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/groups/:groupId/reaction',
		body: 'json',
		handle({ app, principal, params, body }) {
			const request = requireObject(body);
			const referenceId = requireString(request, 'referenceId');
			const sourceGroupId = sourceGroupFor(app.state, principal, params.groupId, requireString(request, 'sourceGroupId'));
			const reactionType = parseReactionType(requireString(request, 'reactionType'));
			if (findReference(app.state, referenceId)?.groupId !== sourceGroupId) {
				throw notFound('ReferenceNotFound', `No message or action with referenceId '${referenceId}' in the source group`);
			}
			const comment = reactionType === 'Comment' ? requireString(request, 'comment', { maxLength: MAX_TEXT_LENGTH }) : undefined;

			const now = app.now();
			if (reactionType === 'Like') {
				const earlier = app.state.reactions.find(
					(reaction) => reaction.referenceId === referenceId && reaction.reactionType === 'Like' && reaction.userId === principal.user.userId,
				);
				if (earlier) return { body: { reactionId: earlier.reactionId } };
			}
			const reaction: ReactionRecord = {
				reactionId: newId(),
				groupId: params.groupId,
				sourceGroupId,
				referenceId,
				reactionType,
				...(comment !== undefined ? { comment } : {}),
				userId: principal.user.userId,
				lastModifiedTime: now,
			};
			app.state.reactions.push(reaction);
			return { body: { reactionId: reaction.reactionId } };
		},
	},
	// Registered before '/reaction/:referenceId' so 'summary' is not taken for a referenceId.
	{
		method: 'GET',
		pattern: '/groups/:groupId/reaction/summary',
		body: 'none',
		handle({ app, principal, params, query }) {
			const sourceGroupId = sourceGroupFor(app.state, principal, params.groupId, queryValue(query, 'sourceGroupId'));
			const cursor = numberQuery(query, 'cursor', { min: 0 }) ?? 0;
			const changed = app.state.reactions.filter((reaction) => reaction.sourceGroupId === sourceGroupId && reaction.lastModifiedTime > cursor);
			const referenceIds = [...new Set(changed.map((reaction) => reaction.referenceId))];
			const summary = referenceIds.map((referenceId) => ({
				referenceId,
				reactionsCountMap: countsFor(app.state.reactions.filter((reaction) => reaction.referenceId === referenceId)),
			}));
			const newCursor = changed.reduce((latest, reaction) => Math.max(latest, reaction.lastModifiedTime), cursor);
			return { body: { cursor: newCursor, summary } };
		},
	},
	{
		method: 'GET',
		pattern: '/groups/:groupId/reaction/:referenceId/summary',
		body: 'none',
		handle({ app, principal, params, query }) {
			const sourceGroupId = sourceGroupFor(app.state, principal, params.groupId, queryValue(query, 'sourceGroupId'));
			if (findReference(app.state, params.referenceId)?.groupId !== sourceGroupId) {
				throw notFound('ReferenceNotFound', `No message or action with referenceId '${params.referenceId}' in the source group`);
			}
			const reactions = app.state.reactions.filter((reaction) => reaction.referenceId === params.referenceId);
			return { body: { summary: [{ referenceId: params.referenceId, reactionsCountMap: countsFor(reactions) }] } };
		},
	},
	{
		method: 'GET',
		pattern: '/groups/:groupId/reaction/:referenceId',
		body: 'none',
		handle({ app, principal, params, query }) {
			const sourceGroupId = sourceGroupFor(app.state, principal, params.groupId, queryValue(query, 'sourceGroupId'));
			if (findReference(app.state, params.referenceId)?.groupId !== sourceGroupId) {
				throw notFound('ReferenceNotFound', `No message or action with referenceId '${params.referenceId}' in the source group`);
			}
			const typeName = queryValue(query, 'reactionType');
			if (!typeName) throw invalidRequest("Query parameter 'reactionType' is required ('Like' or 'Comment')");
			const reactionType = parseReactionType(typeName);
			const cursor = numberQuery(query, 'cursor', { min: 0 }) ?? 0;
			const reactions = app.state.reactions
				.filter((reaction) => reaction.referenceId === params.referenceId && reaction.reactionType === reactionType && reaction.lastModifiedTime > cursor)
				.sort((a, b) => a.lastModifiedTime - b.lastModifiedTime);
			return {
				body: {
					cursor: reactions.reduce((latest, reaction) => Math.max(latest, reaction.lastModifiedTime), cursor),
					reactionDetails: reactions.map((reaction) => ({
						reactionId: reaction.reactionId,
						userId: reaction.userId,
						lastModifiedTime: reaction.lastModifiedTime,
						...(reaction.comment !== undefined ? { comment: reaction.comment } : {}),
					})),
				},
			};
		},
	},
];
