/**
 * The trigger's memory of delivered events: Kaizala delivers at least once, so duplicates are
 * dropped by event id (webhooks/events.ts reads the id).
 */
import type { IDataObject } from 'n8n-workflow';

import { eventIdOf } from '../Kaizala/webhooks/events';

/** How many event ids the node remembers to recognise redeliveries. */
export const REMEMBERED_EVENT_IDS = 500;

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
