/**
 * Webhook → Create, Get Many, Update (re-activation), Delete against the sandbox, including the
 * validationToken handshake with a real callback server on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;
let callbackServer: Server;
let callbackUrl: string;
const handshakes: string[] = [];

function run(parameters: IDataObject, extra: Partial<Parameters<typeof runKaizalaNode>[0]> = {}) {
	return runKaizalaNode({ parameters: { resource: 'webhook', ...parameters }, store: fixture.store, credential: fixture.credential, ...extra });
}

function platformRequests() {
	return fixture.sandbox.requests.filter((r) => r.route !== 'GET /accessToken');
}

beforeAll(async () => {
	callbackServer = createServer((request, response) => {
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
	fixture = await startFixture({ webhookValidation: true });
	handshakes.length = 0;
});

afterEach(async () => fixture.close());

const group = { objectType: 'Group', objectId: DEMO_GROUPS.fieldTeam.groupId };

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
		const [created] = platformRequests();
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

		const deleted = await run({ operation: 'delete', webhookId });
		expect(deleted.output[0].json).toEqual({ webhookId, deleted: true });
		expect(fixture.sandbox.state.webhooks.has(webhookId)).toBe(false);
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((r) => r.status)).toEqual([200]);
	});

	it('Update re-activates a webhook the platform disabled, and changes its events', async () => {
		const created = await run({ operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: callbackUrl });
		const webhookId = created.output[0].json.webhookId as string;
		const record = fixture.sandbox.state.webhooks.get(webhookId)!;
		record.active = false;
		record.disabledReason = 'Callback failed for 2 days';
		const { error } = await run({ operation: 'update', webhookId, reactivate: true, eventTypes: ['SurveyCreated'], updateFields: {} });
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('PUT /webhook/:webhookId')[0].body).toEqual({ eventTypes: ['SurveyCreated'], Active: true });
		expect(record.active).toBe(true);
		expect(record.eventTypes).toEqual(['SurveyCreated']);
		expect(handshakes).toHaveLength(2);
	});

	it.each([
		['a non-GUID object id', { operation: 'create', objectType: 'Group', objectId: 'field-team', eventTypes: ['JobCreated'], callBackUrl: 'https://example.com/x' }, /Object ID "field-team" is not a GUID/],
		['a plain-http callback off loopback', { operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: 'http://example.com/hook' }, /Callback URL is refused/],
		['an invalid callback URL', { operation: 'create', ...group, eventTypes: ['JobCreated'], callBackUrl: 'not a url' }, /Callback URL is refused/],
		['no event types (from an expression)', { operation: 'create', ...group, eventTypes: '={{ [] }}', callBackUrl: 'https://example.com/x' }, /Event Types needs at least one event/],
		['a non-GUID webhook id', { operation: 'delete', webhookId: '42' }, /Webhook ID "42" is not a GUID/],
	])('refuses %s before any request', async (_name, parameters, message) => {
		const { error } = await run(parameters as IDataObject);
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(platformRequests()).toEqual([]);
		expectNoSecrets(error, fixture.secrets());
	});
});
