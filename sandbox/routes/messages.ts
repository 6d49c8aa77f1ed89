/**
 * /groups/{groupId}/messages: send a text message (max 4000 characters) to a group, or in a
 * public group to all / chosen subscribers. Needs membership; broadcasting to all subscribers
 * needs admin (see audience.ts). Returns the message's referenceId.
 *
 * Sandbox extension: an optional `referenceId` in the body marks the message as a reply to an
 * earlier message or action of the same group (recorded as `inReplyTo`; 404 if unknown). The
 * reference documents no reply field, so real clients should not rely on it.
 */
import type { PlatformRoute } from '../app';
import { requireGroupAccess } from '../auth/accessControl';
import { parseAudience } from '../audience';
import { notFound } from '../errors';
import { newId } from '../ids';
import type { MessageRecord } from '../state';
import { findReference } from '../stateQueries';
import { MAX_TEXT_LENGTH, optionalString, requireObject, requireString } from '../validation';

export const messageRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/groups/:groupId/messages',
		body: 'json',
		handle({ app, principal, params, body }) {
			const group = requireGroupAccess(app.state, principal, params.groupId);
			const request = requireObject(body);
			const text = requireString(request, 'message', { maxLength: MAX_TEXT_LENGTH });
			const audience = parseAudience(app.state, principal, group, request);
			const inReplyTo = optionalString(request, 'referenceId');
			if (inReplyTo !== undefined && findReference(app.state, inReplyTo)?.groupId !== group.groupId) {
				throw notFound('ReferenceNotFound', `No message or action with referenceId '${inReplyTo}' in this group`);
			}

			const message: MessageRecord = {
				referenceId: newId(),
				groupId: group.groupId,
				senderUserId: principal.user.userId,
				text,
				sentAt: app.now(),
				audience,
				...(inReplyTo !== undefined ? { inReplyTo } : {}),
			};
			app.state.messages.push(message);
			app.publish({ eventType: 'TextMessageCreated', groupId: group.groupId, data: { text }, actor: principal.user });
			return { body: { referenceId: message.referenceId } };
		},
	},
];
