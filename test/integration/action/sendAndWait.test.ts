/**
 * Action → Send and Wait for Responses: a real n8n-core execution that waits, the sandbox with
 * Kaizala's validationToken handshake switched on, and its webhook deliveries to the resume URL.
 */
import { DEMO_GROUPS, DEMO_USERS } from '../../../sandbox';
import type { Fixture } from '../../helpers/fixtures';
import { byId, expectNoSecrets } from '../../helpers/fixtures';
import { loggedLines } from '../../helpers/n8n';
import type { WaitingHost } from '../../helpers/waiting';
import { startWebhookWaits, stopWebhookWaits, until } from '../../helpers/waiting';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;

let fixture: Fixture;
let host: WaitingHost;

beforeEach(async () => ({ fixture, host } = await startWebhookWaits()));
afterEach(() => stopWebhookWaits(fixture, host));

const poll = {
	resource: 'action',
	operation: 'sendAndWaitForResponses',
	groupId: byId(FIELD_TEAM),
	actionType: 'Poll',
	question: 'Team lunch on Friday?',
	choicesInput: 'json',
	choicesJson: '["Yes", "No"]',
};

const survey = {
	resource: 'action',
	operation: 'sendAndWaitForResponses',
	groupId: byId(FIELD_TEAM),
	actionType: 'Survey',
	title: 'Site check',
	questionsInput: 'json',
	questionsJson: '[{ "title": "Is the site safe?", "type": "SingleOption", "options": ["Yes", "No"] }]',
};

const webhooks = () => [...fixture.sandbox.state.webhooks.values()];

describe('Action → Send and Wait for Responses', () => {
	it('registers a webhook on the action once the execution waits, passing the handshake without resuming', async () => {
		const execution = await host.execute(poll);
		expect(execution.run?.data.resultData.error).toBeUndefined();
		expect(execution.status).toBe('waiting');
		const [action] = [...fixture.sandbox.state.actions.values()];
		await until(() => webhooks().length === 1, 'the webhook');
		const [webhook] = webhooks();
		expect(webhook).toMatchObject({ objectType: 'Action', objectId: action.actionId });
		expect([...webhook.eventTypes].sort()).toEqual(['ActionResponse', 'JobResponse', 'SurveyResponse']);
		const url = new URL(webhook.callbackUrl);
		expect(url.pathname).toBe(`/webhook-waiting/${execution.id}/${execution.node.id}`);
		expect(url.searchParams.get('signature')).toBe(execution.resumeToken);
		expect(webhook.callbackToken.length).toBeGreaterThanOrEqual(32);
		const handshakes = host.answered.filter((entry) => entry.query.validationToken !== undefined);
		expect(handshakes.at(-1)).toMatchObject({ method: 'GET', status: 200, body: handshakes.at(-1)!.query.validationToken });
		expect(execution.status).toBe('waiting');
		expect(execution.outputs).toHaveLength(1);
	});

	it('a webhook registration whose answer was lost is found on Kaizala and adopted, not registered twice', async () => {
		fixture.sandbox.faults.add({ method: 'POST', path: '/webhook', afterProcessing: true, drop: true, times: 1 });
		const execution = await host.execute(poll, [{ from: 'input' }]);
		await until(() => fixture.sandbox.requests.some((r) => r.route === 'GET /webhook'), 'the read-back of the webhooks');
		const registrations = fixture.sandbox.requests.filter((r) => r.route === 'POST /webhook');
		expect(registrations).toHaveLength(1);
		expect(webhooks()).toHaveLength(1);
		const [action] = [...fixture.sandbox.state.actions.values()];
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.technician.mobileNumber, { choice: 'No' });
		await until(() => execution.status === 'success', 'the resume');
		expect(execution.outputs.at(-1)![0].json).toMatchObject({ actionId: action.actionId, fromUser: DEMO_USERS.technician.mobileNumber });
		// The adopted webhook is the one deleted on resume: none is left behind.
		expect(webhooks()).toHaveLength(0);
		expect(fixture.sandbox.requests.filter((r) => r.route === 'POST /webhook')).toHaveLength(1);
		expect(loggedLines.filter((line) => /could not register the webhook/.test(line))).toEqual([]);
	});

	it('a delivery with a wrong kz-callback-token is refused with 401 and resumes nothing', async () => {
		const execution = await host.execute(poll);
		await until(() => webhooks().length === 1, 'the webhook');
		const [webhook] = webhooks();
		const response = await fetch(webhook.callbackUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'kz-callback-token': `${webhook.callbackToken}x` },
			body: JSON.stringify({ eventType: 'ActionResponse', objectId: webhook.objectId, objectType: 'Action', eventId: 'e1', data: {} }),
		});
		expect(response.status).toBe(401);
		expect(execution.status).toBe('waiting');
		expect(webhooks()).toHaveLength(1);
	});

	it('resumes with the first response, deletes the webhook, and the repeated delivery starts nothing', async () => {
		const execution = await host.execute(poll, [{ from: 'input' }]);
		await until(() => webhooks().length === 1, 'the webhook');
		const [action] = [...fixture.sandbox.state.actions.values()];
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.technician.mobileNumber, { choice: 'Yes' });
		await until(() => execution.status === 'success', 'the resume');
		await fixture.sandbox.webhookDeliveriesSettled();
		const output = execution.outputs.at(-1)!;
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			eventType: 'ActionResponse',
			objectId: action.actionId,
			actionId: action.actionId,
			fromUser: DEMO_USERS.technician.mobileNumber,
			receivedAt: expect.any(String),
		});
		expect(webhooks()).toHaveLength(0);
		const deliveries = fixture.sandbox.state.webhookDeliveries;
		expect(deliveries.map((delivery) => (delivery.repeatOf === undefined ? 'first' : 'repeat'))).toEqual(['first', 'repeat']);
		expect(deliveries[0].statusCode).toBe(200);
		// Answered by n8n (409: the execution is running or done) or by the node (200: no webhook left, nothing resumed).
		expect([200, 409]).toContain(deliveries[1].statusCode);
		expect(execution.outputs).toHaveLength(2);
		expectNoSecrets([execution.outputs, loggedLines], fixture.secrets());
	});

	it('waits for three survey responses (a response updated twice counts once) and outputs them', async () => {
		const execution = await host.execute({ ...survey, waitFor: 'responses', responseCount: 3 });
		await until(() => webhooks().length === 1, 'the webhook');
		const [action] = [...fixture.sandbox.state.actions.values()];
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.technician.mobileNumber, { answers: ['Yes'] });
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.technician.mobileNumber, { answers: ['No'] });
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(execution.status).toBe('waiting');
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.fieldLead.mobileNumber, { answers: ['Yes'] });
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(execution.status).toBe('waiting');
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.admin.mobileNumber, { answers: ['No'] });
		await until(() => execution.status === 'success', 'the resume');
		const output = execution.outputs.at(-1)!;
		expect(output).toHaveLength(3);
		expect(output.map((item) => item.json.actionId)).toEqual([action.actionId, action.actionId, action.actionId]);
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(webhooks()).toHaveLength(0);
	});

	it('a survey response given before the webhook was registered is read back and resumes the execution once', async () => {
		// Kaizala is slow to register the webhook: the response comes while no webhook exists, so no delivery is made.
		fixture.sandbox.faults.add({ method: 'POST', path: '/webhook', delayMs: 1500 });
		const execution = await host.execute(survey, [{ from: 'input' }]);
		expect(execution.status).toBe('waiting');
		const [action] = [...fixture.sandbox.state.actions.values()];
		expect(webhooks()).toHaveLength(0);
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.technician.mobileNumber, { answers: ['Yes'] });
		expect(fixture.sandbox.state.webhookDeliveries).toHaveLength(0);

		await until(() => execution.status === 'success', 'the resume');
		const output = execution.outputs.at(-1)!;
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ actionId: action.actionId, actionType: 'Survey', receivedAt: expect.any(String) });
		expect(JSON.stringify(output[0].json)).toContain('Yes');
		expect(webhooks()).toHaveLength(0);
		expect(fixture.sandbox.state.webhookDeliveries).toHaveLength(0);
		// The node's own call carried the callback token and was answered by the node (no 401).
		const ownCalls = host.answered.filter((entry) => entry.method === 'POST');
		expect(ownCalls.map((entry) => entry.status)).toEqual([200]);
		expect(execution.outputs).toHaveLength(2);
		expectNoSecrets([execution.outputs, loggedLines], fixture.secrets());
	});

	it('a delivery racing the read-back resumes once: only the call that deleted the webhook resumes', async () => {
		fixture.sandbox.faults.add({ method: 'POST', path: '/webhook', delayMs: 1000 });
		// The first DELETE of the webhook is slow: both calls find the webhook and both delete it.
		fixture.sandbox.faults.add({ method: 'DELETE', delayMs: 1000 });
		const execution = await host.execute(survey);
		const [action] = [...fixture.sandbox.state.actions.values()];
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.technician.mobileNumber, { answers: ['Yes'] });
		await until(() => webhooks().length === 1, 'the webhook');
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.fieldLead.mobileNumber, { answers: ['No'] });
		await until(() => execution.status === 'success', 'the resume by the delivery');
		await fixture.sandbox.webhookDeliveriesSettled();
		// The delivery, its repeat, and the node's read-back call: three POSTs, one resume.
		const posts = () => host.answered.filter((entry) => entry.method === 'POST');
		await until(() => posts().length === 3, 'the read-back');
		expect(execution.outputs).toHaveLength(2);
		expect(execution.outputs.at(-1)).toHaveLength(1);
		expect(execution.outputs.at(-1)![0].json).toMatchObject({ actionId: action.actionId });
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.status).sort()).toEqual([200, 404]);
		expect(posts().filter((entry) => entry.body === 'Response received')).toHaveLength(1);
		expect(webhooks()).toHaveLength(0);
	});

	it('a poll response before the webhook exists is not seen (Kaizala lists no poll responses): the execution keeps waiting', async () => {
		fixture.sandbox.faults.add({ method: 'POST', path: '/webhook', delayMs: 1000 });
		const execution = await host.execute(poll);
		const [action] = [...fixture.sandbox.state.actions.values()];
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.technician.mobileNumber, { choice: 'Yes' });
		await until(() => webhooks().length === 1, 'the webhook');
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(execution.status).toBe('waiting');
		expect(host.answered.filter((entry) => entry.method === 'POST')).toEqual([]);
		// The next response is delivered and resumes it.
		fixture.sandbox.respondInApp(action.actionId, DEMO_USERS.fieldLead.mobileNumber, { choice: 'No' });
		await until(() => execution.status === 'success', 'the resume');
		expect(execution.outputs.at(-1)![0].json).toMatchObject({ fromUser: DEMO_USERS.fieldLead.mobileNumber });
	});

	it('the wait limit is the webhook validity; at the limit the input items go on', async () => {
		const before = Date.now();
		const execution = await host.execute(
			{ ...poll, waitOptions: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 5, resumeUnit: 'minutes' } } } },
			[{ from: 'input' }],
		);
		await until(() => webhooks().length === 1, 'the webhook');
		const [webhook] = webhooks();
		expect(webhook.validity).toBe(execution.run!.waitTill!.getTime());
		expect(webhook.validity).toBeGreaterThanOrEqual(before + 300_000);
		await execution.expire();
		expect(execution.status).toBe('success');
		expect(execution.outputs.at(-1)!.map((item) => item.json)).toEqual([{ from: 'input' }]);
	});

	it('refuses several responses for a poll before sending anything', async () => {
		const execution = await host.execute({ ...poll, waitFor: 'responses', responseCount: 2 });
		expect(execution.status).toBe('error');
		expect(String(execution.run?.data.resultData.error?.message)).toMatch(
			/^Number of Responses can only be 1 for a poll: Kaizala's API does not list its responses/,
		);
		expect(fixture.sandbox.state.actions.size).toBe(0);
	});
});
