/**
 * Which events of a webhook call may start the workflow: only those of a type the trigger
 * subscribed to, about the object it subscribed to. Anyone who learns the callback URL and token
 * could otherwise start executions with events the user never asked for; and Kaizala itself
 * reports jobs and surveys under their own names or under the generic ActionCreated /
 * ActionResponse, so the generic subscriptions accept those names too.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SubscriptionState } from './subscription';

/** Specific event names a generic subscription also hears. */
const ALSO_HEARD: Record<string, string[]> = {
	ActionCreated: ['JobCreated', 'SurveyCreated'],
	ActionResponse: ['JobResponse', 'SurveyResponse'],
};

function sameId(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase() && a.trim() !== '';
}

/** The events this subscription asked for; the others are dropped without a trace. */
export function subscribedEvents(events: IDataObject[], state: SubscriptionState): IDataObject[] {
	const subscribed = new Set<string>();
	for (const type of state.eventTypes ?? []) {
		subscribed.add(type);
		for (const also of ALSO_HEARD[type] ?? []) subscribed.add(also);
	}
	return events.filter(
		(event) =>
			typeof event.eventType === 'string' &&
			subscribed.has(event.eventType) &&
			sameId(event.objectId, state.objectId) &&
			(event.objectType === undefined || event.objectType === state.objectType),
	);
}
