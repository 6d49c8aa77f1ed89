/**
 * Webhook → Create, Get Many, Update (re-activation), Delete against the sandbox, including the
 * validationToken handshake with a real callback server on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, nodeRunner, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;
let callbackServer: Server;
let callbackUrl: string;
const handshakes: string[] = [];
/** Event payloads POSTed to the callback server, and whether it currently answers them with 500. */
const deliveries: Array<{ eventType: string; token: string | undefined }> = [];
let failDeliveries = false;

const run = nodeRunner(() => fixture, { resource: 'webhook' });

beforeAll(async () => {
	callbackServer = createServer((request, response) => {
		if (request.method === 'POST') {
			let text = '';
			request.on('data', (chunk) => (text += chunk));
			request.on('end', () => {
				const header = request.headers['kz-callback-token'];
				deliveries.push({ eventType: (JSON.parse(text) as { eventType: string }).eventType, token: typeof header === 'string' ? header : undefined });
				response.writeHead(failDeliveries ? 500 : 200).end();
			});
			return;
		}
		const token = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('validationToken');
		if (token) handshakes.push(token);
		response.writeHead(200, { 'content-type': 'text/plain' });
		response.end(token ?? '');
	});
	await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
	callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/kaizala`;
});

afterAll(async () => {
	await new Promise((resolve) => callbackServer.close(resolve));
});

beforeEach(async () => {
	fixture = await startFixture({ webhookValidation: true, webhookRetryDelaysMs: [5, 5] });
	handshakes.length = 0;
	deliveries.length = 0;
	failDeliveries = false;
});

afterEach(async () => fixture.close());

const group = { objectType: 'Group', objectId: DEMO_GROUPS.fieldTeam.groupId };

function sendMessage(text: string) {
	return runKaizalaNode({
		parameters: { resource: 'message', operation: 'send', groupId: { __rl: true, mode: 'id', value: DEMO_GROUPS.fieldTeam.groupId }, message: text },
		store: fixture.store,
		credential: fixture.credential,
	});
}

describe('Webhook', () => {
	it('Create registers the callback after the validationToken handshake', async () => {
		const { output, error } = await run({
			operation: 'create',
			...group,
			eventTypes: ['TextMessageCreated', 'MemberAdded'],
			callBackUrl: callbackUrl,
			options: { callBackToken: 'shared-secret-123', callBackContext: 'crm-sync' },
		});
		expect(error).toBeUndefined();
		expect(handshakes).toHaveLength(1);
		const [created] = fixture.platformRequests();
		expect(created.route).toBe('POST /webhook');
		expect(created.body).toEqual({
			objectId: DEMO_GROUPS.fieldTeam.groupId,
			objectType: 'Group',
			eventTypes: ['TextMessageCreated', 'MemberAdded'],
			callBackUrl: callbackUrl,
			callBackToken: 'shared-secret-123',
			callBackContext: 'crm-sync',
		});
		const webhookId = output[0].json.webhookId as string;
		expect(fixture.sandbox.state.webhooks.get(webhookId)?.callbackUrl).toBe(callbackUrl);
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('Get Many lists the webhooks of a group; Delete removes one', async () => {
		const created = await run({ operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: callbackUrl });
		const webhookId = created.output[0].json.webhookId as string;
		const listed = await run({ operation: 'getAll', ...group, returnAll: true });
		expect(listed.output.map((item) => item.json.id)).toEqual([webhookId]);
		expect(fixture.requestsFor('GET /webhook')[0].query).toEqual({ objectId: DEMO_GROUPS.fieldTeam.groupId, objectType: 'Group' });

		// Limit: one item per record, at most the limit.
		const second = await run({ operation: 'create', ...group, eventTypes: ['SurveyCreated'], callBackUrl: callbackUrl });
		const limited = await run({ operation: 'getAll', ...group, returnAll: false, limit: 1 });
		expect(limited.output).toEqual([{ json: expect.objectContaining({ id: webhookId, events: ['JobCreated'] }), pairedItem: { item: 0 } }]);
		const all = await run({ operation: 'getAll', ...group, returnAll: true });
		expect(all.output.map((item) => item.json.id)).toEqual([webhookId, second.output[0].json.webhookId]);
		await run({ operation: 'delete', webhookId: second.output[0].json.webhookId as string });

		const deleted = await run({ operation: 'delete', webhookId });
		expect(deleted.output[0].json).toEqual({ webhookId, deleted: true });
		expect(fixture.sandbox.state.webhooks.has(webhookId)).toBe(false);
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((r) => [r.path.split('/').pop(), r.status])).toEqual([
			[second.output[0].json.webhookId, 200],
			[webhookId, 200],
		]);
	});

	it('Update re-activates a webhook the platform disabled after failed deliveries', async () => {
		const created = await run({ operation: 'create', ...group, eventTypes: ['TextMessageCreated'], callBackUrl: callbackUrl, options: { callBackToken: 'hook-token-1' } });
		const webhookId = created.output[0].json.webhookId as string;
		const record = fixture.sandbox.state.webhooks.get(webhookId)!;

		// The callback keeps failing: the platform retries, then disables the webhook.
		failDeliveries = true;
		await sendMessage('while the receiver is down');
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(deliveries.map((d) => d.eventType)).toEqual(['TextMessageCreated', 'TextMessageCreated', 'TextMessageCreated']);
		expect(record.active).toBe(false);
		expect(record.disabledReason).toMatch(/failed delivery attempts/);
		const listed = await run({ operation: 'getAll', ...group, returnAll: true });
		expect(listed.output[0].json).toMatchObject({ id: webhookId, active: false });

		// Update turns it back on (after a new handshake), as the reference describes.
		failDeliveries = false;
		fixture.sandbox.clearLog();
		const { output, error } = await run({ operation: 'update', webhookId, reactivate: true, updateFields: {} });
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('PUT /webhook/:webhookId').map((r) => r.body)).toEqual([{ Active: true }]);
		expect(output).toEqual([{ json: { webhookId, result: true }, pairedItem: { item: 0 } }]);
		expect(record.active).toBe(true);
		expect(record.disabledReason).toBeUndefined();
		expect(handshakes).toHaveLength(2);

		// Events flow again.
		deliveries.length = 0;
		await sendMessage('receiver is back');
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(deliveries).toEqual([{ eventType: 'TextMessageCreated', token: 'hook-token-1' }]);
	});

	it('Update changes the events and the callback URL (validated by a new handshake)', async () => {
		const created = await run({ operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: callbackUrl });
		const webhookId = created.output[0].json.webhookId as string;
		const newUrl = `${callbackUrl}/v2`;
		const { error } = await run({
			operation: 'update',
			webhookId,
			reactivate: false,
			eventTypes: ['SurveyCreated', 'MemberAdded'],
			updateFields: { callBackUrl: newUrl, callBackContext: 'v2' },
		});
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('PUT /webhook/:webhookId')[0].body).toEqual({
			callBackUrl: newUrl,
			callBackContext: 'v2',
			eventTypes: ['SurveyCreated', 'MemberAdded'],
		});
		const record = fixture.sandbox.state.webhooks.get(webhookId)!;
		expect(record).toMatchObject({ callbackUrl: newUrl, callbackContext: 'v2', eventTypes: ['SurveyCreated', 'MemberAdded'], active: true });
		expect(handshakes).toHaveLength(2);
	});

	it('Create fails with the platform message when the callback does not echo the validationToken', async () => {
		const silent = createServer((_request, response) => response.writeHead(200).end('nope'));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
			const { error, output } = await run({ operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: url });
			expect(output).toEqual([]);
			expect(error?.message).toMatch(/^Kaizala: Callback URL validation failed/);
			expect(error?.description).toMatch(/WebhookValidationFailed/);
			expect(fixture.sandbox.state.webhooks.size).toBe(0);
			expectNoSecrets(error, fixture.secrets());
		} finally {
			await new Promise((resolve) => silent.close(resolve));
		}
	});

	it('Create accepts event names from an expression and an expiry date', async () => {
		const validUntil = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
		const { error } = await run(
			{ operation: 'create', ...group, eventTypes: '={{ $json.events }}', callBackUrl: callbackUrl, options: { validity: validUntil } },
			{ items: [{ events: 'memberadded, GroupAdded' }] },
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('POST /webhook')[0].body).toMatchObject({ eventTypes: ['MemberAdded', 'GroupAdded'], validity: Date.parse(validUntil) });
	});

	it.each([
		['a non-GUID object id', { operation: 'create', objectType: 'Group', objectId: 'field-team', eventTypes: ['JobCreated'], callBackUrl: 'https://example.com/x' }, /Object ID "field-team" is not a GUID/],
		['a plain-http callback off loopback', { operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: 'http://example.com/hook' }, /Callback URL "http:\/\/example.com\/hook" must be an https URL/],
		['an invalid callback URL', { operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: 'not a url' }, /Callback URL "not a url" is not a valid URL/],
		['no event types (from an expression)', { operation: 'create', ...group, eventTypes: '={{ [] }}', callBackUrl: 'https://example.com/x' }, /Event Types needs at least one event/],
		['an unknown event type', { operation: 'create', ...group, eventTypes: '={{ ["TextMessageCreated", "Typing"] }}', callBackUrl: 'https://example.com/x' }, /Event Types has "Typing", which is not one of/],
		['a past expiry', { operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: 'https://example.com/x', options: { validity: '2020-01-01T00:00:00Z' } }, /Valid Until 2020-01-01T00:00:00.000Z is not in the future/],
		['a non-GUID webhook id', { operation: 'delete', webhookId: '42' }, /Webhook ID "42" is not a GUID/],
		['an update with nothing to change', { operation: 'update', webhookId: DEMO_GROUPS.fieldTeam.groupId, reactivate: false, updateFields: {} }, /Update Fields are empty/],
		['an update to an invalid callback URL', { operation: 'update', webhookId: DEMO_GROUPS.fieldTeam.groupId, updateFields: { callBackUrl: 'ftp://example.com' } }, /Callback URL "ftp:\/\/example.com" must be an https URL/],
		['an ActionPackage webhook without an id', { operation: 'getAll', objectType: 'ActionPackage', objectId: '  ' }, /Object ID is empty/],
	])('refuses %s before any request', async (_name, parameters, message) => {
		const { error } = await run(parameters as IDataObject);
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(fixture.platformRequests()).toEqual([]);
		expectNoSecrets(error, fixture.secrets());
	});
});
