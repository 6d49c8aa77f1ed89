/**
 * The two waits in a real n8n 2.41.0 (`n8n start`): n8n's own waiting-webhook server checks the
 * links' signatures and resume tokens, saves the waiting execution, and resumes it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { chromium, selectors, type Browser } from 'playwright-core';
import { tmpdir } from 'os';
import { join } from 'path';

import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, startSandbox } from '../../sandbox';
import { CREDENTIAL_ID, CREDENTIAL_NAME, EXAMPLES_DIR, freePort, installedN8nVersion, n8nCache, N8nHome, N8nRest, REPO } from './support/n8n';
import { answerLinks, answerOnPhone, Executions, lastOutputOf, stageWorkflows, submitAnswer, until } from './support/waiting';

const ARTIFACTS = join(REPO, 'test-artifacts/sendAndWait');
let browser: Browser | undefined;

/**
 * The waiting execution as the editor shows it (headless Chromium, as editor.test.ts drives it);
 * with KAIZALA_UPDATE_SCREENSHOT=1 it becomes the README's picture docs/images/<name>.png.
 */
async function screenshotExecution(workflowId: string, executionId: string, name: string): Promise<void> {
	mkdirSync(ARTIFACTS, { recursive: true });
	if (!browser) {
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({
			executablePath: process.env.KAIZALA_CHROMIUM ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
		});
	}
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	try {
		await page.goto(`${api.baseUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
		await page.getByTestId('password').locator('input').fill(OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL(/\/home\//);
		await page.goto(`${api.baseUrl}/workflow/${workflowId}/executions/${executionId}`);
		const frame = page.frameLocator('iframe').first();
		await frame.getByTestId('canvas-node').first().waitFor().catch(() => page.getByTestId('canvas-node').first().waitFor());
		await page.waitForTimeout(1500);
		const path = join(ARTIFACTS, `${name}.png`);
		await page.screenshot({ path });
		if (process.env.KAIZALA_UPDATE_SCREENSHOT === '1') copyFileSync(path, join(REPO, `docs/images/${name}.png`));
	} finally {
		await context.close();
	}
}

let sandbox: KaizalaSandbox;
let n8n: N8nHome;
let api: N8nRest;
let staging: string;

const OWNER = { email: 'wait@kaizala.local', firstName: 'Wait', lastName: 'Owner', password: 'Kaizala-e2e-1' };
const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const credentials = { kaizalaApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };

function workflow(id: string, kaizala: Record<string, unknown>) {
	return {
		id,
		name: id,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-kz`, name: 'Wait', type: 'n8n-nodes-kaizala.kaizala', typeVersion: 1, position: [220, 0], parameters: kaizala, credentials },
		],
		connections: { Start: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

let runs: Executions;

const cardApproval = {
	resource: 'message',
	operation: 'sendAndWait',
	groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
	message: 'May the North crew start at 6?',
	answerIn: 'card',
	approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes, start', disapproveLabel: 'No' } },
};

beforeAll(async () => {
	sandbox = await startSandbox({ throttle: false, webhookValidation: true, repeatWebhookDeliveries: true, webhookRetryDelaysMs: [100] });
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	staging = mkdtempSync(join(tmpdir(), 'kaizala-wait-'));
	const definitions = [
		workflow('kzWaitApprove001', {
			resource: 'message',
			operation: 'sendAndWait',
			groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
			message: 'May the North crew start at 6?',
			approvalOptions: { values: { approvalType: 'double' } },
		}),
		workflow('kzWaitCard000001', {
			...cardApproval,
			approvers: { approver: [{ member: { __rl: true, mode: 'list', value: DEMO_USERS.fieldLead.mobileNumber } }] },
			cardOptions: { announceDecision: true },
		}),
		workflow('kzWaitCardLimit1', {
			...cardApproval,
			message: 'Unlock the gate for the delivery?',
			options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 0.1, resumeUnit: 'minutes' } } },
		}),
		workflow('kzWaitPoll000001', {
			resource: 'action',
			operation: 'sendAndWaitForResponses',
			groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
			actionType: 'Poll',
			question: 'Team lunch on Friday?',
			choicesInput: 'json',
			choicesJson: '["Yes", "No"]',
		}),
		workflow('kzWaitSvyEarly01', {
			resource: 'action',
			operation: 'sendAndWaitForResponses',
			groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
			actionType: 'Survey',
			title: 'Gate check',
			questionsInput: 'json',
			questionsJson: '[{ "title": "Is the gate locked?", "type": "SingleOption", "options": ["Yes", "No"] }]',
		}),
	];
	await n8n.importWorkflowFiles([...stageWorkflows(staging, definitions), join(EXAMPLES_DIR, 'approval-request.json'), join(EXAMPLES_DIR, 'survey-first-three-responses.json')]);
	api = new N8nRest(await n8n.start(await freePort()));
	await api.setUpOwner(OWNER);
	runs = new Executions(api);
}, 420_000);

afterAll(async () => {
	await browser?.close();
	await sandbox?.webhookDeliveriesSettled();
	await n8n?.remove();
	await sandbox?.close();
	if (staging) rmSync(staging, { recursive: true, force: true });
});

describe('Send and wait in n8n 2.41.0', () => {
	it('Message → Send and Wait for Response: waits; the link shows a page; the POST resumes with data.approved; a forged link gets 401', async () => {
		sandbox.clearLog();
		const id = await runs.start('kzWaitApprove001');
		await runs.waiting(id);
		const [sent] = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages');
		const text = String((sent.body as { message: string }).message);
		const links = answerLinks(text);
		expect(Object.keys(links)).toEqual(['Approve', 'Decline']);

		const forged = new URL(links.Decline);
		forged.searchParams.set('approved', 'true');
		expect((await fetch(forged, { method: 'POST' })).status).toBe(401);

		const preview = await fetch(links.Approve);
		expect(preview.status).toBe(200);
		expect(await preview.text()).toContain('<form method="post">');
		expect((await runs.get(id)).status).toBe('waiting');

		const answer = await submitAnswer(links.Approve);
		expect(answer.status).toBe(200);
		expect(await answer.text()).toContain('Got it, thanks');
		const done = await runs.ended(id);
		expect(done.data).toContain('"approved":true');
		expect(done.data).toContain('respondedAt');
	});

	it('Message → Send and Wait, Answer In → Card: an outsider\'s answer on the phone is ignored, the approver\'s decides with who and when; a changed answer resumes nothing', async () => {
		sandbox.clearLog();
		const id = await runs.start('kzWaitCard000001');
		await runs.waiting(id);
		const webhook = await until(() => [...sandbox.state.webhooks.values()][0], 'the webhook on the card');
		// n8n 2.x accepts the callback (handshake included) through the resume token, not as a signed
		// link; n8n 1.x (no resume token) finds the node by its id in the path.
		const onOneX = installedN8nVersion(n8nCache()).startsWith('1.');
		expect(new URL(webhook.callbackUrl).pathname).toBe(onOneX ? `/webhook-waiting/${id}/kzWaitCard000001-kz` : `/webhook-waiting/${id}`);
		const card = sandbox.state.actions.get(webhook.objectId)!;
		expect(card.kind).toBe('Survey');
		expect((card.body.questions as Array<{ options: Array<{ title: string }> }>)[0].options.map((option) => option.title)).toEqual(['Yes, start', 'No']);
		expect(sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages')).toHaveLength(0);

		expect(await answerOnPhone(sandbox.origin, card, DEMO_USERS.technician.userId, ['Yes, start'])).toBe(303);
		await sandbox.webhookDeliveriesSettled();
		expect((await runs.get(id)).status).toBe('waiting');
		expect(sandbox.state.webhooks.size).toBe(1);

		expect(await answerOnPhone(sandbox.origin, card, DEMO_USERS.fieldLead.userId, ['No'])).toBe(303);
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		const [decided] = lastOutputOf(done, 'Wait');
		const data = decided.json.data as Record<string, unknown>;
		expect(data).toMatchObject({
			approved: false,
			answer: 'No',
			answeredIn: 'card',
			responder: DEMO_USERS.fieldLead.mobileNumber,
			responderUserId: DEMO_USERS.fieldLead.userId,
			responderName: DEMO_USERS.fieldLead.name,
			groupId: FIELD_TEAM,
			actionId: card.actionId,
		});
		expect(Date.parse(String(data.respondedAt))).toBeGreaterThan(Date.now() - 120_000);
		expect((data.history as Array<Record<string, unknown>>).map((entry) => [entry.responder, entry.answer, entry.ignored])).toEqual([
			[DEMO_USERS.technician.mobileNumber, 'Yes, start', true],
			[DEMO_USERS.fieldLead.mobileNumber, 'No', false],
		]);
		await sandbox.webhookDeliveriesSettled();
		expect(sandbox.state.webhooks.size).toBe(0);
		const announced = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages').map((r) => r.body);
		expect(announced).toEqual([{ message: `May the North crew start at 6?\nNo, decided by ${DEMO_USERS.fieldLead.name} (${DEMO_USERS.fieldLead.mobileNumber}).` }]);

		expect(await answerOnPhone(sandbox.origin, card, DEMO_USERS.fieldLead.userId, ['Yes, start'])).toBe(303);
		await sandbox.webhookDeliveriesSettled();
		expect(sandbox.state.webhookDeliveries.filter((delivery) => delivery.payload.objectId === card.actionId).length).toBeGreaterThan(0);
		const listed = await api.call<{ results?: Array<{ status: string }> } | Array<{ status: string }>>('GET', '/executions?filter=%7B%22workflowId%22%3A%22kzWaitCard000001%22%7D');
		const list = Array.isArray(listed) ? listed : (listed.results ?? []);
		expect(list.map((execution) => execution.status)).toEqual(['success']);
		expect((lastOutputOf(await runs.get(id), 'Wait')[0].json.data as Record<string, unknown>).answer).toBe('No');
	});

	it('Action → Send and Wait for Responses: the webhook passes the handshake, the first vote resumes, the repeat starts nothing, no webhook is left', async () => {
		sandbox.clearLog();
		const id = await runs.start('kzWaitPoll000001');
		await runs.waiting(id);
		const webhook = await until(() => [...sandbox.state.webhooks.values()][0], 'the webhook on the poll');
		expect(webhook.objectType).toBe('Action');
		expect(new URL(webhook.callbackUrl).pathname).toMatch(new RegExp(`^/webhook-waiting/${id}/`));
		expect((await runs.get(id)).status).toBe('waiting');

		sandbox.respondInApp(webhook.objectId, DEMO_USERS.technician.mobileNumber, { choice: 'Yes' });
		const done = await runs.ended(id);
		expect(done.data).toContain(DEMO_USERS.technician.mobileNumber);
		await sandbox.webhookDeliveriesSettled();
		const deliveries = sandbox.state.webhookDeliveries.filter((delivery) => delivery.webhookId === webhook.webhookId);
		expect(deliveries.map((delivery) => (delivery.repeatOf === undefined ? 'first' : 'repeat'))).toEqual(['first', 'repeat']);
		expect(deliveries[0].statusCode).toBe(200);
		// Answered by n8n (409: the execution is running or done) or by the node (200: no webhook left, nothing resumed).
		expect([200, 409]).toContain(deliveries[1].statusCode);
		expect(sandbox.state.webhooks.size).toBe(0);
		const listed = await api.call<{ results?: unknown[] } | unknown[]>('GET', '/executions?filter=%7B%22workflowId%22%3A%22kzWaitPoll000001%22%7D');
		const list = Array.isArray(listed) ? listed : (listed.results ?? []);
		expect(list).toHaveLength(1);
	});

	it('Action → Send and Wait for Responses: a survey response given before the webhook was registered is read back and resumes the execution', async () => {
		sandbox.clearLog();
		sandbox.faults.add({ method: 'POST', path: '/webhook', delayMs: 3000 });
		const id = await runs.start('kzWaitSvyEarly01');
		await runs.waiting(id);
		const survey = await until(() => [...sandbox.state.actions.values()].find((action) => action.body.title === 'Gate check'), 'the survey');
		expect(sandbox.state.webhooks.size).toBe(0);
		sandbox.respondInApp(survey.actionId, DEMO_USERS.technician.mobileNumber, { answers: ['No'] });
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		expect(done.data).toContain(DEMO_USERS.technician.mobileNumber);
		await sandbox.webhookDeliveriesSettled();
		expect(sandbox.state.webhookDeliveries.filter((delivery) => delivery.payload.objectId === survey.actionId)).toEqual([]);
		expect(sandbox.state.webhooks.size).toBe(0);
	});

	it('example "ask for approval": Approve takes the approved branch', async () => {
		sandbox.clearLog();
		const id = await runs.start('kzExampleAprv001');
		await runs.waiting(id);
		await screenshotExecution('kzExampleAprv001', id, 'send-and-wait-approval');
		expect((await runs.get(id)).status).toBe('waiting');
		const [asked] = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages');
		const links = answerLinks(String((asked.body as { message: string }).message));
		await submitAnswer(links.Approve);
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		const sent = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages').slice(1);
		expect(sent.map((r) => r.body)).toEqual([{ message: 'Approved: the North crew starts at 6 am tomorrow.' }]);
	});

	it('example "survey, wait for three responses": two answers keep it waiting, the third posts one summary', async () => {
		sandbox.clearLog();
		const id = await runs.start('kzExampleSvy3001');
		await runs.waiting(id);
		const webhook = await until(() => [...sandbox.state.webhooks.values()][0], 'the webhook on the survey');
		await screenshotExecution('kzExampleSvy3001', id, 'send-and-wait-survey');
		sandbox.respondInApp(webhook.objectId, DEMO_USERS.technician.mobileNumber, { answers: ['Yes', 'Scaffold east side loose'] });
		sandbox.respondInApp(webhook.objectId, DEMO_USERS.fieldLead.mobileNumber, { answers: ['Yes', ''] });
		await sandbox.webhookDeliveriesSettled();
		expect((await runs.get(id)).status).toBe('waiting');
		sandbox.respondInApp(webhook.objectId, DEMO_USERS.admin.mobileNumber, { answers: ['No', 'Crane inspection due'] });
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		const summaries = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages');
		expect(summaries).toHaveLength(1);
		const text = String((summaries[0].body as { message: string }).message);
		expect(text.split('\n')[0]).toBe('Site check: 3 responses.');
		expect(text).toContain(`${DEMO_USERS.technician.name}: Yes / Scaffold east side loose`);
		expect(text).toContain(`${DEMO_USERS.admin.name}: No / Crane inspection due`);
		await sandbox.webhookDeliveriesSettled();
		expect(sandbox.state.webhooks.size).toBe(0);
	});

	// Last: the card's webhook stays on Kaizala after the limit, expired (n8n runs no node code then).
	it('Message → Send and Wait, Answer In → Card: at the wait limit n8n goes on with the input items (no respondedAt); the card is due within the hour', async () => {
		sandbox.clearLog();
		const id = await runs.start('kzWaitCardLimit1');
		await runs.waiting(id);
		const webhook = await until(() => [...sandbox.state.webhooks.values()].find((candidate) => sandbox.state.actions.get(candidate.objectId)?.body.title === 'Unlock the gate for the delivery?'), 'the webhook on the card');
		const card = sandbox.state.actions.get(webhook.objectId)!;
		expect(card.body.dueInHours).toBe(1);
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		// n8n resumes a timed-out wait without the node's code: the input item (the manual trigger's, empty).
		const output = lastOutputOf(done, 'Wait');
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({});
	});
});
