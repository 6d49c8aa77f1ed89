/**
 * /groups/{groupId}/messages: send a text message (max 4000 characters) to a group, or in a
 * public group to all / chosen subscribers. Needs membership; broadcasting to all subscribers
 * needs admin (see audience.ts). Returns the message's referenceId.
 */
import type { PlatformRoute } from '../app';
import { requireGroupAccess } from '../auth/accessControl';
import { parseAudience } from '../audience';
import { newId } from '../ids';
import type { MessageRecord } from '../state';
import { MAX_TEXT_LENGTH, requireObject, requireString } from '../validation';

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

			const message: MessageRecord = {
				referenceId: newId(),
				groupId: group.groupId,
				senderUserId: principal.user.userId,
				text,
				sentAt: app.now(),
				audience,
			};
			app.state.messages.push(message);
			app.publish({ eventType: 'TextMessageCreated', groupId: group.groupId, data: { text }, actor: principal.user });
			return { body: { referenceId: message.referenceId } };
		},
	},
];
