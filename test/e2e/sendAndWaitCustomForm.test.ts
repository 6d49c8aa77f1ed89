/**
 * Message → Send and Wait for Response with a Custom Form in a real n8n 2.41.0 (`n8n start`):
 * the link in the message the sandbox received opens the form in headless Chromium, a person
 * fills and submits it, and n8n's waiting webhook (signature check, multipart only) resumes the
 * execution with the answers keyed by label, as n8n's built-in nodes output them.
 * With KAIZALA_UPDATE_SCREENSHOT=1 the filled form becomes the README's docs/images/custom-form.png.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser } from 'playwright-core';

import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, startSandbox } from '../../sandbox';
import { launchBrowser, newPage, shot, withFailureShot } from './support/browser';
import { CREDENTIAL_ID, CREDENTIAL_NAME, freePort, N8nHome, N8nRest, REPO } from './support/n8n';
import { answerLinks, Executions, stageWorkflows } from './support/waiting';

const WORKFLOW_ID = 'kzWaitCustomFrm1';
const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const OWNER = { email: 'form@kaizala.local', firstName: 'Form', lastName: 'Owner', password: 'Kaizala-e2e-1' };
const option = (...labels: string[]) => ({ values: labels.map((label) => ({ option: label })) });

const workflow = {
	id: WORKFLOW_ID,
	name: WORKFLOW_ID,
	nodes: [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'form-kz',
			name: 'Ask',
			type: 'n8n-nodes-kaizala.kaizala',
			typeVersion: 1,
			position: [220, 0],
			credentials: { kaizalaApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			parameters: {
				resource: 'message',
				operation: 'sendAndWait',
				groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
				message: 'The pump at site 4 needs a repair crew. Who leads it, and when can you start?',
				responseType: 'customForm',
				defineForm: 'fields',
				formFields: {
					values: [
						{ fieldLabel: 'Crew Lead', requiredField: true, placeholder: 'e.g. Asha Rao' },
						{ fieldLabel: 'Crew Size', fieldType: 'number', requiredField: true },
						{ fieldLabel: 'Start Date', fieldType: 'date', requiredField: true },
						{ fieldLabel: 'Shift', fieldType: 'dropdown', fieldOptions: option('Morning', 'Night'), requiredField: true },
						{ fieldLabel: 'Tools', fieldType: 'checkbox', fieldOptions: option('Drill', 'Ladder', 'Saw') },
						{ fieldLabel: 'Site Entrance', fieldType: 'radio', fieldOptions: option('North gate', 'South gate') },
						{ fieldLabel: 'Notes', fieldType: 'textarea', placeholder: 'Anything the crew should know' },
					],
				},
				options: { messageButtonLabel: 'Plan the crew', responseFormTitle: 'Pump 4: repair crew', responseFormButtonLabel: 'Send plan' },
			},
		},
	],
	connections: { Start: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

/** n8n stores run data as flatted JSON: every string is an index into the top-level list. */
function unflatten(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const entry = entries[index];
		if (typeof entry !== 'object' || entry === null) return entry;
		const copy: Record<string, unknown> = Array.isArray(entry) ? ([] as unknown as Record<string, unknown>) : {};
		revived.set(index, copy);
		for (const [key, value] of Object.entries(entry)) copy[key] = typeof value === 'string' ? revive(Number(value)) : value;
		return copy;
	};
	return revive(0);
}

let sandbox: KaizalaSandbox;
let n8n: N8nHome;
let api: N8nRest;
let runs: Executions;
let staging: string;
let browser: Browser | undefined;

beforeAll(async () => {
	sandbox = await startSandbox({ throttle: false });
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	staging = mkdtempSync(join(tmpdir(), 'kaizala-form-'));
	await n8n.importWorkflowFiles(stageWorkflows(staging, [workflow]));
	api = new N8nRest(await n8n.start(await freePort()));
	await api.setUpOwner(OWNER);
	runs = new Executions(api);
	browser = await launchBrowser();
}, 420_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.remove();
	await sandbox?.close();
	if (staging) rmSync(staging, { recursive: true, force: true });
});

describe('Custom Form in n8n 2.41.0', () => {
	it('the link opens the form, a person fills and submits it, the execution resumes with the answers keyed by label', async () => {
		const id = await runs.start(WORKFLOW_ID);
		await runs.waiting(id);
		const sent = sandbox.requests.filter((request) => request.route === 'POST /groups/:groupId/messages');
		expect(sent).toHaveLength(1);
		const links = answerLinks(String((sent[0].body as { message: string }).message));
		expect(Object.keys(links)).toEqual(['Plan the crew']);
		const link = links['Plan the crew'];

		// n8n refuses a custom form's answer that is not multipart, and a link whose signature does not match.
		const urlEncoded = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'field-0=x' });
		expect(urlEncoded.status).toBe(415);
		const forged = new URL(link);
		forged.searchParams.set('signature', `${forged.searchParams.get('signature')}0`);
		expect((await fetch(forged)).status).toBe(401);

		const { context, page } = await newPage(browser!);
		await page.setViewportSize({ width: 760, height: 1000 });
		try {
			await withFailureShot(() => page, 'custom-form', async () => {
				await page.goto(link);
				await page.getByRole('heading', { name: 'Pump 4: repair crew' }).waitFor();
				// The browser's own checks: an empty required field keeps the form from being sent.
				await page.getByRole('button', { name: 'Send plan' }).click();
				expect((await runs.get(id)).status).toBe('waiting');

				await page.getByLabel('Crew Lead').fill('Asha Rao');
				await page.getByLabel('Crew Size').fill('4');
				await page.getByLabel('Start Date').fill('2026-12-07');
				await page.getByLabel('Shift').selectOption('Night');
				await page.getByLabel('Drill').check();
				await page.getByLabel('Saw').check();
				await page.getByLabel('North gate').check();
				await page.getByLabel('Notes').fill('Bring the seal kit.');
				const screenshot = await shot(page, 'custom-form');
				if (process.env.KAIZALA_UPDATE_SCREENSHOT === '1') copyFileSync(screenshot, join(REPO, 'docs/images/custom-form.png'));

				await page.getByRole('button', { name: 'Send plan' }).click();
				await page.getByRole('heading', { name: 'Got it, thanks' }).waitFor();
			});
		} finally {
			await context.close();
		}

		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		const run = unflatten(done.data) as { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>> } };
		const output = run.resultData.runData.Ask.at(-1)!.data.main[0];
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			data: {
				'Crew Lead': 'Asha Rao',
				'Crew Size': 4,
				'Start Date': '2026-12-07',
				Shift: 'Night',
				Tools: ['Drill', 'Saw'],
				'Site Entrance': 'North gate',
				Notes: 'Bring the seal kit.',
				respondedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			},
		});

		// A second submit starts nothing.
		const again = new FormData();
		for (const [name, value] of [['field-0', 'Ravi'], ['field-1', '2'], ['field-2', '2026-12-08'], ['field-3', 'Morning']]) again.append(name, value);
		const second = await fetch(link, { method: 'POST', body: again });
		expect(await second.text()).not.toContain('Got it, thanks');
		const listed = await api.call<{ results?: unknown[] } | unknown[]>('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}`);
		expect(Array.isArray(listed) ? listed : (listed.results ?? [])).toHaveLength(1);
		expect(((await runs.get(id)).data)).toBe(done.data);
	});
});
