/**
 * The sandbox phone view in headless Chromium (Debian's chromium, driven by playwright-core),
 * against a real n8n 2.41.0 running the example workflows as `npm start` sets them up: a sandbox
 * with the webhook handshake, the "Kaizala sandbox" credential, the examples imported.
 *
 * 1. Ask for approval: the message arrives on the open phone page (no reload), its Approve button
 *    opens n8n's answer page, and the execution ends `success` with `approved: true`.
 * 2. The survey that waits for three responses: three members answer the card from their phones;
 *    Action → Send and Wait for Responses resumes with their answers.
 * 3. A workflow sending `<script>` and `<img onerror>`: shown as text, nothing runs.
 * 4. Message → Send and Wait, Answer In → Card, approved by the Field Team lead only: an outsider
 *    answers the card on the phone and it keeps waiting; the lead approves and it ends.
 *
 * Screenshots go to test-artifacts/phone/; KAIZALA_UPDATE_SCREENSHOT=1 copies them to docs/images/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, startSandbox } from '../../sandbox';
import { launchBrowser, withFailureShot } from './support/browser';
import { CREDENTIAL_ID, CREDENTIAL_NAME, EXAMPLES_DIR, freePort, N8nHome, N8nRest, REPO } from './support/n8n';
import { Executions, lastOutputOf, stageWorkflows } from './support/waiting';

const ARTIFACTS = join(REPO, 'test-artifacts/phone');
const OWNER = { email: 'phone@kaizala.local', firstName: 'Phone', lastName: 'Owner', password: 'Kaizala-e2e-1' };
const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const CARD_QUESTION = 'May the North crew start at 6 am tomorrow?';
const LEAD = DEMO_USERS.fieldLead;
const OUTSIDER = DEMO_USERS.technician;
const HOSTILE = `Hello <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & bye`;

let browser: Browser;
let sandbox: KaizalaSandbox;
let n8n: N8nHome;
let api: N8nRest;
let runs: Executions;
let staging: string;
let context: BrowserContext | undefined;
let page: Page | undefined;

async function phoneShot(target: Page, name: string): Promise<void> {
	mkdirSync(ARTIFACTS, { recursive: true });
	const path = join(ARTIFACTS, `${name}.png`);
	await target.screenshot({ path });
	if (process.env.KAIZALA_UPDATE_SCREENSHOT === '1') copyFileSync(path, join(REPO, `docs/images/${name}.png`));
}

/** A phone-sized page on the Field Team conversation, as `as` (a user id) when given. */
async function openFieldTeam(as?: string): Promise<Page> {
	context = await browser.newContext({ viewport: { width: 430, height: 860 } });
	context.setDefaultTimeout(60_000);
	const opened = await context.newPage();
	page = opened;
	await opened.goto(`${sandbox.origin}/`);
	await opened.getByTestId('group-link').filter({ hasText: 'Field Team' }).first().click();
	await opened.getByTestId('group-name').filter({ hasText: 'Field Team' }).waitFor();
	if (as) {
		await Promise.all([opened.waitForURL(new RegExp(`as=${as}`)), opened.getByTestId('owner').selectOption(as)]);
	}
	return opened;
}

beforeAll(async () => {
	browser = await launchBrowser();
	sandbox = await startSandbox({ webhookValidation: true });
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	staging = mkdtempSync(join(tmpdir(), 'kaizala-phone-'));
	const hostile = {
		id: 'kzPhoneEscape001',
		name: 'phone escaping',
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'send',
				name: 'Send',
				type: 'n8n-nodes-kaizala.kaizala',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'message', operation: 'send', groupId: { __rl: true, mode: 'id', value: FIELD_TEAM }, message: HOSTILE },
				credentials: { kaizalaApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
		],
		connections: { Start: { main: [[{ node: 'Send', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	const cardApproval = {
		id: 'kzPhoneCard00001',
		name: 'phone card approval',
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'wait',
				name: 'Wait',
				type: 'n8n-nodes-kaizala.kaizala',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
					message: CARD_QUESTION,
					answerIn: 'card',
					approvalOptions: { values: { approvalType: 'double' } },
					approvers: { approver: [{ member: { __rl: true, mode: 'list', value: LEAD.mobileNumber } }] },
				},
				credentials: { kaizalaApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
		],
		connections: { Start: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	await n8n.importWorkflowFiles([
		...stageWorkflows(staging, [hostile, cardApproval]),
		join(EXAMPLES_DIR, 'approval-request.json'),
		join(EXAMPLES_DIR, 'survey-first-three-responses.json'),
	]);
	api = new N8nRest(await n8n.start(await freePort()));
	await api.setUpOwner(OWNER);
	runs = new Executions(api);
}, 420_000);

afterEach(async () => {
	await context?.close();
	context = undefined;
	page = undefined;
});

afterAll(async () => {
	await browser?.close();
	await sandbox?.webhookDeliveriesSettled();
	await n8n?.remove();
	await sandbox?.close();
	if (staging) rmSync(staging, { recursive: true, force: true });
});

describe('the sandbox phone in Chromium, with n8n 2.41.0', () => {
	it('example "ask for approval": the message arrives on the open phone, Approve opens n8n\'s page, the execution ends success with approved: true', async () => {
		await withFailureShot(() => page, 'phone-approval', async () => {
			const phone = await openFieldTeam();
			const question = phone.getByTestId('message').filter({ hasText: 'Overtime request' });
			expect(await question.count()).toBe(0);

			const id = await runs.start('kzExampleAprv001');
			await runs.waiting(id);
			// The page polls: the message appears without a reload.
			await question.waitFor();
			expect(await question.getByTestId('sender').innerText()).toBe('Dana Demo-Admin');
			const buttons = question.getByTestId('answer-link');
			expect(await buttons.allInnerTexts()).toEqual(['Approve', 'Decline']);
			expect(await buttons.first().getAttribute('href')).toMatch(new RegExp(`^${api.baseUrl.replace('127.0.0.1', '(127\\.0\\.0\\.1|localhost)')}/webhook-waiting/${id}/`));
			await phoneShot(phone, 'phone-approval');

			const [answerPage] = await Promise.all([phone.context().waitForEvent('page'), buttons.filter({ hasText: 'Approve' }).click()]);
			await answerPage.waitForLoadState();
			expect((await runs.get(id)).status).toBe('waiting');
			await answerPage.locator('form button, form input[type=submit]').first().click();
			await answerPage.getByText('Got it, thanks').waitFor();

			const done = await runs.ended(id);
			expect(done.status).toBe('success');
			expect(done.data).toContain('"approved":true');
			// The approved branch's message reaches the same phone page, again without a reload.
			await phone.getByTestId('message').filter({ hasText: 'Approved: the North crew starts at 6 am tomorrow.' }).waitFor();
		});
	});

	it('example "survey, first three responses": three members answer the card from their phones and the waiting execution resumes with their answers', async () => {
		await withFailureShot(() => page, 'phone-survey', async () => {
			const id = await runs.start('kzExampleSvy3001');
			await runs.waiting(id);
			const answers: Array<[string, string, string]> = [
				[DEMO_USERS.fieldLead.userId, 'Yes', 'All clear at the north gate'],
				[DEMO_USERS.technician.userId, 'No', 'Scaffold <loose> on level 2'],
				[DEMO_USERS.admin.userId, 'Yes', 'Nothing to report'],
			];
			for (const [index, [userId, safe, note]] of answers.entries()) {
				const phone = await openFieldTeam(userId);
				const card = phone.getByTestId('action-card').filter({ hasText: 'Morning site check' });
				await card.getByTestId('response-count').filter({ hasText: `${index} response` }).waitFor();
				await card.getByTestId('respond').click();
				await phone.getByTestId('respond-form').waitFor();
				await phone.getByLabel(safe, { exact: true }).check();
				await phone.getByTestId('answer-1').fill(note);
				if (index === 1) await phoneShot(phone, 'phone-survey-form');
				await Promise.all([phone.waitForURL(/\/phone\/groups\/[^/?]+\?as=/), phone.getByTestId('submit').click()]);
				await card.getByTestId('response-count').filter({ hasText: `${index + 1} response` }).waitFor();
				await card.getByTestId('answered').waitFor();
				await context?.close();
				context = undefined;
			}

			const done = await runs.ended(id);
			expect(done.status).toBe('success');
			for (const [, , note] of answers) expect(done.data).toContain(note);
			const summary = sandbox.requests
				.filter((request) => request.route === 'POST /groups/:groupId/messages')
				.map((request) => String((request.body as { message: string }).message))
				.find((message) => message.startsWith('Site check:'));
			expect(summary).toContain('Site check: 3 responses.');
			expect(summary).toContain('Marco Rossi: No / Scaffold <loose> on level 2');
			// The whole morning on one phone: the approval, the survey and its summary (the README's picture).
			const phone = await openFieldTeam(DEMO_USERS.technician.userId);
			await phone.getByTestId('message').filter({ hasText: 'Site check: 3 responses.' }).waitFor();
			await phoneShot(phone, 'phone');
		});
	});

	it('a workflow\'s <script> and <img onerror> show as text on the phone and nothing runs', async () => {
		await withFailureShot(() => page, 'phone-escaping', async () => {
			const id = await runs.start('kzPhoneEscape001');
			expect((await runs.ended(id)).status).toBe('success');
			const phone = await openFieldTeam();
			const dialogs: string[] = [];
			phone.on('dialog', (dialog) => {
				dialogs.push(dialog.message());
				void dialog.dismiss();
			});
			const bubble = phone.getByTestId('message-text').filter({ hasText: 'Hello <script>' });
			await bubble.waitFor();
			expect(await bubble.innerText()).toBe(HOSTILE);
			expect(await phone.locator('#feed img[src="x"], #feed script').count()).toBe(0);
			expect(await phone.evaluate('typeof window.__pwned')).toBe('undefined');
			expect(dialogs).toEqual([]);
		});
	});

	it('Message → Send and Wait, Answer In → Card, only the lead approves: an outsider answers the card on the phone and it keeps waiting; the lead approves and it ends approved by the lead', async () => {
		await withFailureShot(() => page, 'phone-approval-card', async () => {
			const id = await runs.start('kzPhoneCard00001');
			await runs.waiting(id);
			const answerCard = async (as: { userId: string }, choice: string, shotName?: string): Promise<void> => {
				const phone = await openFieldTeam(as.userId);
				const card = phone.getByTestId('action-card').filter({ hasText: CARD_QUESTION });
				await card.waitFor();
				// The approval labels are the card's one question's choices, in order.
				expect(await card.innerText()).toContain(`${CARD_QUESTION} (SingleOption: Approve / Decline)`);
				if (shotName) {
					await card.scrollIntoViewIfNeeded();
					await phoneShot(phone, shotName);
				}
				await card.getByTestId('respond').click();
				const form = phone.getByTestId('respond-form');
				await form.waitFor();
				const choices = await form.locator('input[type=radio]').all();
				expect(await Promise.all(choices.map((input) => input.getAttribute('value')))).toEqual(['Approve', 'Decline']);
				await phone.getByLabel(choice, { exact: true }).check();
				await Promise.all([phone.waitForURL(/\/phone\/groups\/[^/?]+\?as=/), phone.getByTestId('submit').click()]);
				await card.getByTestId('answered').waitFor();
				await context?.close();
				context = undefined;
			};

			await answerCard(OUTSIDER, 'Approve', 'phone-approval-card');
			await sandbox.webhookDeliveriesSettled();
			expect((await runs.get(id)).status).toBe('waiting');

			await answerCard(LEAD, 'Approve');
			const done = await runs.ended(id);
			expect(done.status).toBe('success');
			const data = lastOutputOf(done, 'Wait')[0].json.data as Record<string, unknown>;
			expect(data).toMatchObject({ approved: true, answer: 'Approve', answeredIn: 'card', responder: LEAD.mobileNumber, responderName: LEAD.name });
			expect((data.history as Array<Record<string, unknown>>).map((entry) => [entry.responder, entry.answer, entry.ignored])).toEqual([
				[OUTSIDER.mobileNumber, 'Approve', true],
				[LEAD.mobileNumber, 'Approve', false],
			]);
			// What reached the sandbox: one card, one question with the two labels, no link message.
			const sent = sandbox.requests.filter((request) => request.route === 'POST /groups/:groupId/actions' && JSON.stringify(request.body).includes(CARD_QUESTION));
			expect(sent.map((request) => (request.body as { actionBody: { questions: Array<{ options: Array<{ title: string }> }> } }).actionBody.questions[0].options.map((option) => option.title))).toEqual([['Approve', 'Decline']]);
			// The two answers the phone recorded on that card, the outsider's first.
			const answers = sandbox.state.responses.filter((response) => response.actionId === data.actionId);
			expect(answers.map((response) => [response.responderUserId, response.body.answers])).toEqual([
				[OUTSIDER.userId, ['Approve']],
				[LEAD.userId, ['Approve']],
			]);
		});
	});
});
