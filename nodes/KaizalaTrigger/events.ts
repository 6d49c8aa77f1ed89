/**
 * What Kaizala sends to a webhook (EventSchema in the reference) and how the trigger turns it
 * into items: one item per event, the payload as sent plus a few convenient fields, and
 * duplicates (Kaizala delivers at least once) dropped by event id.
 */
import type { IDataObject, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

/** Every event a webhook can subscribe to, as listed in the reference (POST /webhook). */
export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Action Created', value: 'ActionCreated', description: 'A poll, let\'s meet or custom action was posted (also jobs and surveys)' },
	{ name: 'Action Response', value: 'ActionResponse', description: 'Someone responded to an action (also job and survey responses)' },
	{ name: 'Announcement', value: 'Announcement', description: 'An announcement was posted' },
	{ name: 'Attachment Created', value: 'AttachmentCreated', description: 'An image or other attachment was posted' },
	{ name: 'Group Added', value: 'GroupAdded', description: 'A sub-group was added to the group' },
	{ name: 'Group Removed', value: 'GroupRemoved', description: 'A sub-group was removed from the group' },
	{ name: 'Job Created', value: 'JobCreated', description: 'A job was assigned' },
	{ name: 'Job Response', value: 'JobResponse', description: 'An assignee updated a job' },
	{ name: 'Member Added', value: 'MemberAdded', description: 'Someone joined the group' },
	{ name: 'Member Removed', value: 'MemberRemoved', description: 'Someone left or was removed from the group' },
	{ name: 'Survey Created', value: 'SurveyCreated', description: 'A survey was posted' },
	{ name: 'Survey Response', value: 'SurveyResponse', description: 'Someone answered a survey' },
	{ name: 'Text Message Created', value: 'TextMessageCreated', description: 'A text message was sent in the group' },
];

export const EVENT_TYPES = EVENT_TYPE_OPTIONS.map((option) => option.value as string);

export const OBJECT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Group', value: 'Group', description: 'Events of one group' },
	{ name: 'Action', value: 'Action', description: 'Responses to one action (a job, survey, poll…)' },
	{ name: 'Action Package', value: 'ActionPackage', description: 'Instances of a custom action package, in every group of the tenant' },
];

/** How many event ids the node remembers to recognise redeliveries. */
export const REMEMBERED_EVENT_IDS = 500;

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The events in a request body: one object (as documented) or, defensively, an array of them. */
export function eventsFromBody(body: unknown): IDataObject[] {
	const candidates = Array.isArray(body) ? body : [body];
	return candidates.filter((event): event is IDataObject => isObject(event) && typeof event.eventType === 'string');
}

export function eventIdOf(event: IDataObject): string | undefined {
	const id = event.eventId;
	if (typeof id === 'string' && id.trim() !== '') return id.trim();
	if (typeof id === 'number') return String(id);
	return undefined;
}

/**
 * The event as Kaizala sent it (every documented field stays where the reference puts it), plus
 * `groupId` and `actionId` at the top level when the event names them, and `receivedAt`.
 */
export function eventToItem(event: IDataObject, receivedAt: string): INodeExecutionData {
	const data = isObject(event.data) ? event.data : {};
	const json: IDataObject = { ...event };
	if (json.groupId === undefined) {
		const groupId = data.groupId ?? (event.objectType === 'Group' ? event.objectId : undefined);
		if (groupId !== undefined) json.groupId = groupId;
	}
	if (json.actionId === undefined) {
		const actionId = data.actionId ?? (event.objectType === 'Action' ? event.objectId : undefined);
		if (actionId !== undefined) json.actionId = actionId;
	}
	json.receivedAt = receivedAt;
	return { json };
}

/**
 * Event ids already seen by this n8n process, per subscription: redeliveries that arrive while
 * an earlier copy is still being handled (before its workflow static data is saved) are caught
 * here. Bounded: the newest REMEMBERED_EVENT_IDS ids for at most MAX_SUBSCRIPTIONS subscriptions.
 */
const MAX_SUBSCRIPTIONS = 200;
const inProcess = new Map<string, Set<string>>();

function processMemory(subscriptionKey: string): Set<string> {
	let ids = inProcess.get(subscriptionKey);
	if (ids) {
		// Most recently used last, so the least recently used subscription is evicted first.
		inProcess.delete(subscriptionKey);
	} else {
		ids = new Set();
	}
	inProcess.set(subscriptionKey, ids);
	while (inProcess.size > MAX_SUBSCRIPTIONS) {
		const oldest = inProcess.keys().next().value as string;
		inProcess.delete(oldest);
	}
	return ids;
}

/** Forgets what this process remembered (as after a restart); the persisted list remains. */
export function clearInProcessEventMemory(): void {
	inProcess.clear();
}

/**
 * Keeps the events not seen before and records their ids in process memory and in the list
 * persisted in workflow static data (newest last, at most REMEMBERED_EVENT_IDS). The list returned
 * also carries the ids this process remembers, so a save by a concurrent call that started from
 * an older list does not lose them. Events without an id cannot be recognised and are kept.
 */
export function dropSeenEvents(
	events: IDataObject[],
	remembered: string[],
	subscriptionKey: string,
): { fresh: IDataObject[]; remembered: string[] } {
	const memory = processMemory(subscriptionKey);
	const persisted = new Set(remembered);
	const fresh: IDataObject[] = [];
	for (const event of events) {
		const id = eventIdOf(event);
		if (id === undefined) {
			fresh.push(event);
			continue;
		}
		if (persisted.has(id) || memory.has(id)) continue;
		memory.add(id);
		fresh.push(event);
	}
	while (memory.size > REMEMBERED_EVENT_IDS) memory.delete(memory.values().next().value as string);
	const merged = new Set([...remembered, ...memory]);
	return { fresh, remembered: [...merged].slice(-REMEMBERED_EVENT_IDS) };
}

/** The answer to a delivery that starts an execution: how many events it accepted (nothing of the input echoed). */
export function acceptedBody(fresh: IDataObject[]): string {
	return JSON.stringify({ accepted: fresh.length });
}
