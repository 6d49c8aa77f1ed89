/** Kaizala Trigger: events delivered to the webhook (callback token, redelivery, duplicates, Action webhooks). */
import { REMEMBERED_EVENT_IDS, clearInProcessEventMemory } from '../../../nodes/KaizalaTrigger/events';
import { DEMO_USERS } from '../../../sandbox';
import { expectNoSecrets } from '../../helpers/fixtures';
import { FIELD_TEAM, TEXT_PLAIN, groupParameters, clone, post, textMessageEvent, sendMessage, callbackTokensSeen, fixture, host, client, useTriggerSandbox } from './harness';

useTriggerSandbox();

describe('Kaizala Trigger: events', () => {
	it('emits a message sent in the group as one item with the event fields', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		await sendMessage(FIELD_TEAM, 'Crew is on site');

		const [delivery] = fixture.sandbox.state.webhookDeliveries;
		expect(delivery).toMatchObject({ status: 'delivered', statusCode: 200, callbackUrl: trigger.url() });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0]).toHaveLength(1);
		const item = host.executions[0][0].json;
		expect(item).toEqual({
			...delivery.payload,
			groupId: FIELD_TEAM,
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(item).toMatchObject({
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventType: 'TextMessageCreated',
			eventId: delivery.eventId,
			data: { text: 'Crew is on site' },
			context: 'crm-sync',
			fromUser: DEMO_USERS.admin.mobileNumber,
			fromUserName: DEMO_USERS.admin.name,
		});
		// n8n saves the static data after the answer went out.
		await host.settled();
		expect(trigger.state().recentEventIds).toEqual([delivery.eventId]);
		expectNoSecrets(host.executions, [...fixture.secrets(), ...callbackTokensSeen()]);
	});

	it('answers 401 and starts nothing for a missing or wrong kz-callback-token', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const token = String(trigger.state().callbackToken);
		const event = textMessageEvent('1d7e0000-0000-4000-8000-00000000e001');

		const attempts: Array<Record<string, string>> = [
			{},
			{ 'kz-callback-token': 'forged' },
			{ 'kz-callback-token': `${token}x` },
			{ 'kz-callback-token': token.slice(0, -1) },
			{ 'kz-callback-token': token.toUpperCase() },
		];
		for (const headers of attempts) {
			const answer = await post(trigger.url(), event, headers);
			expect(answer).toEqual({ status: 401, contentType: TEXT_PLAIN, text: 'Unauthorized' });
		}
		expect(host.executions).toEqual([]);
		expect(trigger.state().recentEventIds).toEqual([]);

		// The right token is accepted: the same event now starts one execution.
		expect((await post(trigger.url(), event, { 'kz-callback-token': token })).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('rejects deliveries when Kaizala holds another token; the platform then disables the webhook and checkExists is false', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const webhookId = String(trigger.state().webhookId);
		const changed = await client.call('PUT', `webhook/${webhookId}`, { callBackToken: 'someone-else-s-token' });
		expect(changed.status).toBe(200);

		await sendMessage(FIELD_TEAM, 'Should not arrive');
		const [delivery] = fixture.sandbox.state.webhookDeliveries;
		expect(delivery.status).toBe('failed');
		expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([401, 401, 401, 401]);
		expect(host.executions).toEqual([]);
		expect(fixture.sandbox.state.webhooks.get(webhookId)?.active).toBe(false);

		expect(await trigger.checkExists()).toBe(false);
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.status)).toEqual([200]);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(trigger.state().webhookId).toBeUndefined();
	});

	it('emits an event redelivered after a lost answer only once', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		host.dropNextAck = true;
		await sendMessage(FIELD_TEAM, 'Delivered twice');

		const [delivery] = fixture.sandbox.state.webhookDeliveries;
		expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([0, 200]);
		expect(delivery.status).toBe('delivered');
		const redelivery = host.served.filter((entry) => entry.method === 'POST');
		expect(redelivery.map((entry) => [entry.status, entry.body])).toEqual([[200, 'Duplicate event ignored']]);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json.eventId).toBe(delivery.eventId);
	});

	it('emits an event delivered twice at the same moment only once, and persists its id', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const headers = { 'kz-callback-token': String(trigger.state().callbackToken) };
		// Both calls load the static data before either saves it, as in n8n under load.
		host.databaseDelayMs = 30;
		const event = textMessageEvent('c0c0c0c0-0000-4000-8000-000000000001');
		const answers = await Promise.all([post(trigger.url(), event, headers), post(trigger.url(), event, headers)]);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		expect(answers.map((answer) => answer.text).sort()).toEqual(['Duplicate event ignored', JSON.stringify({ accepted: 1 })]);
		expect(host.executions).toHaveLength(1);
		await host.settled();
		expect(trigger.state().recentEventIds).toEqual([event.eventId]);

		// Two different events at the same moment: whichever save lands last keeps both ids.
		const second = textMessageEvent('c0c0c0c0-0000-4000-8000-000000000002');
		const third = textMessageEvent('c0c0c0c0-0000-4000-8000-000000000003');
		await Promise.all([post(trigger.url(), second, headers), post(trigger.url(), third, headers)]);
		expect(host.executions).toHaveLength(3);
		await host.settled();
		expect([...(trigger.state().recentEventIds ?? [])].sort()).toEqual([event.eventId, second.eventId, third.eventId]);
	});

	it('drops a duplicate event id sent directly, also after a restart, and remembers the newest 500 ids', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const headers = { 'kz-callback-token': String(trigger.state().callbackToken) };
		const id = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

		expect((await post(trigger.url(), textMessageEvent(id(0)), headers)).status).toBe(200);
		expect(await post(trigger.url(), textMessageEvent(id(0)), headers)).toEqual({ status: 200, contentType: TEXT_PLAIN, text: 'Duplicate event ignored' });
		expect(host.executions).toHaveLength(1);

		// n8n restarted: a new process (nothing in memory) with the saved static data.
		await host.settled();
		clearInProcessEventMemory();
		const restarted = host.trigger(groupParameters(), { staticData: clone(trigger.persisted) });
		await restarted.activate();
		expect(fixture.requestsFor('POST /webhook')).toHaveLength(1);
		expect((await post(restarted.url(), textMessageEvent(id(0)), headers)).text).toBe('Duplicate event ignored');

		for (let n = 1; n <= REMEMBERED_EVENT_IDS + 4; n++) {
			expect((await post(restarted.url(), textMessageEvent(id(n)), headers)).status).toBe(200);
		}
		expect(host.executions).toHaveLength(REMEMBERED_EVENT_IDS + 5);
		await host.settled();
		const remembered = restarted.state().recentEventIds ?? [];
		expect(remembered).toHaveLength(REMEMBERED_EVENT_IDS);
		expect(remembered[REMEMBERED_EVENT_IDS - 1]).toBe(id(REMEMBERED_EVENT_IDS + 4));

		clearInProcessEventMemory();
		expect((await post(restarted.url(), textMessageEvent(id(REMEMBERED_EVENT_IDS + 4)), headers)).text).toBe('Duplicate event ignored');
		// The oldest ids were forgotten: that event would run again.
		expect((await post(restarted.url(), textMessageEvent(id(1)), headers)).status).toBe(200);
		expect(host.executions).toHaveLength(REMEMBERED_EVENT_IDS + 6);
	});

	it('an Action webhook hears the responses to that action', async () => {
		const survey = await client.call('POST', `groups/${FIELD_TEAM}/actions`, {
			actionType: 'Survey',
			actionBody: { title: 'Site check', dueDate: 10, questions: [{ title: 'Notes', type: 'Text' }] },
		});
		expect(survey.status).toBe(200);
		const actionId = String(survey.body.actionId);
		const trigger = host.trigger({ objectType: 'Action', actionId, events: ['SurveyResponse'] });
		await trigger.activate();
		expect(fixture.requestsFor('POST /webhook')[0].body).toMatchObject({ objectId: actionId, objectType: 'Action', eventTypes: ['SurveyResponse'] });

		const answered = await client.call('POST', `groups/${FIELD_TEAM}/actions/${actionId}/responses`, {
			actionType: 'Survey',
			actionBody: { answers: ['All clear'] },
		});
		expect(answered.status).toBe(200);
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({
			eventType: 'SurveyResponse',
			objectType: 'Action',
			objectId: actionId,
			actionId,
			groupId: FIELD_TEAM,
		});
	});
});
