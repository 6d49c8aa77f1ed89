/**
 * Platform events and the webhook payloads built from them (EventSchema in the reference).
 * Route handlers describe what happened as a PlatformEvent; the dispatcher decides which
 * webhooks hear about it.
 */
import type { UserRecord, WebhookEventType, WebhookObjectType, WebhookRecord } from '../state';

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
	'ActionCreated',
	'ActionResponse',
	'SurveyCreated',
	'JobCreated',
	'SurveyResponse',
	'JobResponse',
	'TextMessageCreated',
	'AttachmentCreated',
	'Announcement',
	'MemberAdded',
	'MemberRemoved',
	'GroupAdded',
	'GroupRemoved',
];

export const WEBHOOK_OBJECT_TYPES: readonly WebhookObjectType[] = ['Group', 'Action', 'ActionPackage'];

export interface PlatformEvent {
	eventType: WebhookEventType;
	/**
	 * The generic type a webhook may have subscribed to instead ('ActionCreated' for a new job,
	 * 'ActionResponse' for a survey response). Each webhook gets the event once, under the most
	 * specific type it subscribed to.
	 */
	genericEventType?: WebhookEventType;
	groupId: string;
	actionId?: string;
	packageId?: string;
	data: Record<string, unknown>;
	actor: UserRecord;
}

/** Which of the event's types this webhook subscribed to, if any, and whether it covers the object. */
export function eventTypeFor(webhook: WebhookRecord, event: PlatformEvent): WebhookEventType | undefined {
	if (!coversObject(webhook, event)) return undefined;
	if (webhook.eventTypes.includes(event.eventType)) return event.eventType;
	if (event.genericEventType && webhook.eventTypes.includes(event.genericEventType)) return event.genericEventType;
	return undefined;
}

function coversObject(webhook: WebhookRecord, event: PlatformEvent): boolean {
	switch (webhook.objectType) {
		case 'Group':
			return webhook.objectId === event.groupId;
		case 'Action':
			return event.actionId !== undefined && webhook.objectId === event.actionId;
		case 'ActionPackage':
			return event.packageId !== undefined && webhook.objectId === event.packageId;
	}
}

export function buildPayload(
	webhook: WebhookRecord,
	event: PlatformEvent,
	eventType: WebhookEventType,
	eventId: string,
): Record<string, unknown> {
	return {
		objectId: webhook.objectId,
		objectType: webhook.objectType,
		eventType,
		eventId,
		data: event.data,
		context: webhook.callbackContext,
		fromUser: event.actor.mobileNumber,
		fromUserId: event.actor.userId,
		fromUserName: event.actor.name,
		fromUserProfilePic: event.actor.profilePic,
	};
}
