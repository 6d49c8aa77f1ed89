/** Kaizala Trigger: checkExists, deactivation, and Listen for test event. */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_CONNECTOR } from '../../../sandbox';
import { expectNoSecrets } from '../../helpers/fixtures';
import { loggedLines } from '../../helpers/n8n';
import { FIELD_TEAM, NORTH, NODE_WEBHOOK_ID, groupParameters, post, textMessageEvent, sendMessage, captureError, callbackTokensSeen, fixture, host, client, useTriggerSandbox } from './harness';

useTriggerSandbox();

describe('Kaizala Trigger: checkExists', () => {
	it('is false once the platform deleted, disabled or expired the webhook, and activation then registers a new one', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const first = String(trigger.state().webhookId);

		expect((await client.call('DELETE', `webhook/${first}`)).status).toBe(200);
		expect(await trigger.checkExists()).toBe(false);
		expect(trigger.state().webhookId).toBeUndefined();
		await trigger.activate();
		const second = String(trigger.state().webhookId);
		expect(second).not.toBe(first);
		expect([...fixture.sandbox.state.webhooks.keys()]).toEqual([second]);

		expect((await client.call('PUT', `webhook/${second}`, { Active: false })).status).toBe(200);
		expect(await trigger.checkExists()).toBe(false);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		await trigger.activate();
		const third = String(trigger.state().webhookId);

		fixture.sandbox.state.webhooks.get(third)!.validity = Date.now() - 1;
		expect(await trigger.checkExists()).toBe(false);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(fixture.requestsFor('POST /webhook')).toHaveLength(3);
		// Each replacement is logged through the execution context's logger (recorded for the secret scan).
		const replacements = loggedLines.filter((line) => line.includes('Kaizala Trigger: the Kaizala webhook'));
		expect(replacements).toEqual(
			expect.arrayContaining([
				expect.stringContaining(`no longer exists; registering a new one {"webhookId":"${first}"}`),
				expect.stringContaining(`is disabled; replacing it {"webhookId":"${second}"}`),
			]),
		);
	});

	it('replaces the webhook when the parameters changed since it was registered', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const old = String(trigger.state().webhookId);

		const changed = host.trigger(groupParameters({ groupId: { __rl: true, mode: 'id', value: NORTH }, events: ['TextMessageCreated'] }), {
			staticData: trigger.persisted,
		});
		await changed.activate();
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.path)).toEqual([expect.stringContaining(old)]);
		const webhooks = [...fixture.sandbox.state.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({ objectId: NORTH, eventTypes: ['TextMessageCreated'] });
		expect(changed.state().webhookId).toBe(webhooks[0].webhookId);
	});
});

describe('Kaizala Trigger: deactivation', () => {
	it('deletes the webhook and clears the static data; an already deleted webhook is accepted; other failures surface', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		await trigger.deactivate();
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.status)).toEqual([200]);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(trigger.state()).toEqual({});

		await trigger.activate();
		expect((await client.call('DELETE', `webhook/${String(trigger.state().webhookId)}`)).status).toBe(200);
		await trigger.deactivate();
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.status)).toEqual([200, 200, 404]);
		expect(trigger.state()).toEqual({});

		await trigger.activate();
		const kept = trigger.state().webhookId;
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const error = await captureError(trigger.deactivate());
		expect(error.message).toMatch(/^Kaizala: /);
		expect(error.httpCode).toBe('403');
		expect(trigger.state().webhookId).toBe(kept);
		expect(fixture.sandbox.state.webhooks.size).toBe(1);
		expectNoSecrets(error, [...fixture.secrets(), ...callbackTokensSeen()]);
	});
});

describe('Kaizala Trigger: Listen for test event', () => {
	it('registers the test URL, ignores unauthenticated calls, and ends after the first event', async () => {
		const trigger = host.trigger(groupParameters(), { isTest: true });
		await trigger.activate();
		const testUrl = `${host.origin}/webhook-test/${NODE_WEBHOOK_ID}/webhook`;
		expect(trigger.url()).toBe(testUrl);
		expect((fixture.requestsFor('POST /webhook')[0].body as IDataObject).callBackUrl).toBe(testUrl);
		expect(host.handshakes()[0]).toMatchObject({ path: `/webhook-test/${NODE_WEBHOOK_ID}/webhook`, status: 200 });

		expect((await post(testUrl, textMessageEvent('1d7e0000-0000-4000-8000-00000000e002'))).status).toBe(401);
		expect(host.executions).toEqual([]);

		await sendMessage(FIELD_TEAM, 'Test event');
		await host.settled();
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({ eventType: 'TextMessageCreated', data: { text: 'Test event' } });
		// The registration ended: the Kaizala webhook is gone and the URL no longer answers.
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect((await fetch(`${testUrl}?validationToken=x`)).status).toBe(404);
	});
});
