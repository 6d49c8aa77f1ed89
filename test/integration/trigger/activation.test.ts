/** Kaizala Trigger: activation (registration, handshake, refusals) and the validation GET. */
import type { IDataObject } from 'n8n-workflow';

import { FIELD_TEAM, NODE_WEBHOOK_ID, TEXT_PLAIN, groupParameters, clone, captureError, callbackTokensSeen, fixture, host, useTriggerSandbox } from './harness';

useTriggerSandbox();

describe('Kaizala Trigger: activation', () => {
	it('registers one Kaizala webhook for the group at the production URL, answering the validation handshake during create', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();

		const registrations = fixture.requestsFor('POST /webhook');
		expect(registrations).toHaveLength(1);
		expect(registrations[0].status).toBe(200);
		const body = registrations[0].body as IDataObject;
		expect(body).toEqual({
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventTypes: ['MemberAdded', 'TextMessageCreated'],
			callBackUrl: `${host.origin}/webhook/${NODE_WEBHOOK_ID}/webhook`,
			callBackToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			callBackContext: 'crm-sync',
		});

		// The sandbox ran the handshake (webhookValidation: true) against the GET route, which
		// answered the token as plain text before Kaizala accepted the registration.
		const handshakes = host.handshakes();
		expect(handshakes).toHaveLength(1);
		expect(handshakes[0]).toMatchObject({ path: `/webhook/${NODE_WEBHOOK_ID}/webhook`, status: 200, contentType: TEXT_PLAIN });
		expect(handshakes[0].body).toBe(handshakes[0].query.validationToken);

		const webhooks = [...fixture.sandbox.state.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventTypes: ['MemberAdded', 'TextMessageCreated'],
			callbackUrl: trigger.url(),
			callbackToken: body.callBackToken,
			callbackContext: 'crm-sync',
			active: true,
		});
		expect(trigger.state()).toMatchObject({ webhookId: webhooks[0].webhookId, callbackToken: body.callBackToken, recentEventIds: [] });

		// Restarting n8n (activation again with the saved static data) reuses the webhook.
		expect(await trigger.checkExists()).toBe(true);
		expect(fixture.requestsFor('GET /webhook')).toHaveLength(1);
		const restarted = host.trigger(groupParameters(), { staticData: clone(trigger.persisted) });
		await restarted.activate();
		expect(fixture.requestsFor('POST /webhook')).toHaveLength(1);
		expect(fixture.sandbox.state.webhooks.size).toBe(1);
	});

	it('a registration whose answer was lost is found among the group\'s webhooks and adopted: one webhook, activation succeeds', async () => {
		fixture.sandbox.faults.add({ method: 'POST', path: '/webhook', afterProcessing: true, drop: true, times: 1 });
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		expect(fixture.requestsFor('POST /webhook')).toHaveLength(1);
		expect(fixture.requestsFor('GET /webhook').length).toBeGreaterThanOrEqual(1);
		const webhooks = [...fixture.sandbox.state.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		expect(trigger.state()).toMatchObject({ webhookId: webhooks[0].webhookId, callbackToken: webhooks[0].callbackToken });
	});

	it('uses a new random callback token for every registration', async () => {
		const first = host.trigger(groupParameters());
		await first.activate();
		await first.deactivate();
		const second = host.trigger(groupParameters());
		await second.activate();
		const [a, b] = callbackTokensSeen();
		expect(a).not.toBe(b);
		expect(second.state().callbackToken).toBe(b);
	});

	it('cannot pass the handshake when the GET route is not served before create (why the GET webhook is listed first)', async () => {
		const trigger = host.trigger(groupParameters());
		const error = await captureError(trigger.activate({ reverseOrder: true }));
		expect(error.message).toContain('Callback URL validation failed');
		expect(host.handshakes()[0].status).toBe(404);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(trigger.state().webhookId).toBeUndefined();
	});

	it('refuses bad object IDs, an empty event list and a non-https webhook URL before any request', async () => {
		const cases: Array<[IDataObject, string, string?]> = [
			[{ objectType: 'Action', actionId: 'not-a-guid', events: ['SurveyResponse'] }, 'Action ID "not-a-guid" is not a GUID'],
			[{ objectType: 'ActionPackage', actionPackageId: 'com.contoso/../x', events: ['ActionCreated'] }, 'Action Package ID "com.contoso/../x" is not an action package ID'],
			[groupParameters({ groupId: { __rl: true, mode: 'id', value: 'field-team' } }), 'Group "field-team" is not a GUID'],
			[groupParameters({ events: [] }), 'Events needs at least one event'],
			[groupParameters(), 'Kaizala only calls https webhook URLs', 'http://n8n.example.com/webhook'],
		];
		for (const [parameters, message, webhookBaseUrl] of cases) {
			const error = await captureError(host.trigger(parameters, { webhookBaseUrl }).activate());
			expect(error.message).toContain(message);
		}
		expect(fixture.sandbox.requests.filter((entry) => entry.route?.includes('/webhook'))).toEqual([]);
	});
});

describe('Kaizala Trigger: the validation GET', () => {
	it('echoes validationToken as text/plain and refuses a GET without one', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();

		const echoed = await fetch(`${trigger.url()}?validationToken=${encodeURIComponent('vt-123_abc.XYZ')}`);
		expect(echoed.status).toBe(200);
		expect(echoed.headers.get('content-type')).toBe(TEXT_PLAIN);
		expect(echoed.headers.get('x-content-type-options')).toBe('nosniff');
		expect(await echoed.text()).toBe('vt-123_abc.XYZ');

		const missing = await fetch(trigger.url());
		expect(missing.status).toBe(400);
		expect(missing.headers.get('content-type')).toBe(TEXT_PLAIN);
		expect(host.executions).toEqual([]);
	});
});
