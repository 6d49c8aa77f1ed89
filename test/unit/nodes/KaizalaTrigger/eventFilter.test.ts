/** Which deliveries may start the trigger's workflow, and how a request body becomes events. */
import { subscribedEvents } from '../../../../nodes/KaizalaTrigger/eventFilter';
import { eventIdOf, eventsFromBody } from '../../../../nodes/Kaizala/webhooks/events';
import type { SubscriptionState } from '../../../../nodes/KaizalaTrigger/subscription';

const GROUP = 'a0000000-f1e1-4000-8000-000000000001';
const state: SubscriptionState = { objectType: 'Group', objectId: GROUP, eventTypes: ['TextMessageCreated', 'ActionCreated'] };

describe('subscribedEvents', () => {
	it('keeps only subscribed types about the subscribed object (id case-insensitive)', () => {
		const events = [
			{ eventType: 'TextMessageCreated', objectId: GROUP.toUpperCase(), objectType: 'Group' },
			{ eventType: 'MemberAdded', objectId: GROUP, objectType: 'Group' },
			{ eventType: 'TextMessageCreated', objectId: 'a0000000-f1e1-4000-8000-000000000002' },
			{ eventType: 'TextMessageCreated', objectId: GROUP, objectType: 'Action' },
			{ eventType: 'TextMessageCreated', objectId: '  ' },
		];
		expect(subscribedEvents(events, state)).toEqual([events[0]]);
	});

	it('a generic ActionCreated subscription also hears jobs and surveys, not responses', () => {
		const types = ['JobCreated', 'SurveyCreated', 'JobResponse', 'ActionCreated'];
		const heard = subscribedEvents(types.map((eventType) => ({ eventType, objectId: GROUP })), state).map((event) => event.eventType);
		expect(heard).toEqual(['JobCreated', 'SurveyCreated', 'ActionCreated']);
	});

	it('hears nothing without subscribed types', () => {
		expect(subscribedEvents([{ eventType: 'TextMessageCreated', objectId: GROUP }], { objectId: GROUP })).toEqual([]);
	});
});

describe('eventsFromBody and eventIdOf', () => {
	it('one event object, or an array of them; anything without an eventType is dropped', () => {
		expect(eventsFromBody({ eventType: 'A' })).toEqual([{ eventType: 'A' }]);
		expect(eventsFromBody([{ eventType: 'A' }, null, 'x', { eventType: 3 }, [{ eventType: 'B' }]])).toEqual([{ eventType: 'A' }]);
		expect(eventsFromBody(undefined)).toEqual([]);
	});
	it('event ids are trimmed text or numbers', () => {
		expect(eventIdOf({ eventId: ' e-1 ' })).toBe('e-1');
		expect(eventIdOf({ eventId: 7 })).toBe('7');
		expect(eventIdOf({ eventId: '' })).toBeUndefined();
		expect(eventIdOf({})).toBeUndefined();
	});
});
