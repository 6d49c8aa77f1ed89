/**
 * The n8n editor in headless Chromium (Debian's chromium, driven by playwright-core):
 *
 * 1. A fresh n8n with the packed package: owner set-up, the node panel, the Kaizala node's
 *    resources and operations, the credential modal and its test against the sandbox.
 * 2. `npm start` itself (its compiled script, as `npm start` runs it): log in with the account it
 *    prints, run every example workflow with Execute workflow as it is, stop it with Ctrl-C.
 *
 * Screenshots go to test-artifacts/editor/ (also on failure). KAIZALA_UPDATE_SCREENSHOT=1 copies
 * the README's picture to docs/images/editor.png, and node-panel-actions.png, credential-form.png
 * and post-response-mapper.png (issue 21) and editor-card-approval.png (issue 22) to docs/images/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, startSandbox } from '../../sandbox';
import { launchBrowser, newPage as openPage, shot, withFailureShot } from './support/browser';
import { CREDENTIAL_NAME, exampleWorkflows, freePort, N8nHome, portInUse, REPO } from './support/n8n';

const EXCHANGE = 'GET /accessToken';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

const exampleWorkflowNames = (): string[] => exampleWorkflows().map((workflow) => workflow.name).sort();

/** The names on the workflow list's cards, once every example's card is there. */
async function workflowCardNames(page: Page): Promise<string[]> {
	// The list shows its rows before their cards are filled in: wait for the last expected card.
	const cards = page.getByTestId('workflow-card-name');
	await cards.nth(exampleWorkflows().length - 1).waitFor();
	return (await cards.allInnerTexts()).map((name) => name.trim()).sort();
}

/** Waits until a locator matches at least `count` elements (lists that render in steps). */
async function waitForCount(locator: Locator, count: number, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await locator.count()) < count) {
		if (Date.now() > deadline) throw new Error(`expected at least ${count} elements, found ${await locator.count()}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** The option labels of the dropdown a parameter input opens (first line: the name, without its description). */
async function dropdownOptions(page: Page, parameter: string): Promise<string[]> {
	await page.getByTestId(`parameter-input-${parameter}`).click();
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor();
	const texts = (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await options.first().waitFor({ state: 'hidden' });
	return texts;
}

async function chooseOption(page: Page, parameter: string, option: string): Promise<void> {
	await page.getByTestId(`parameter-input-${parameter}`).click();
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor();
	// An option shows its name, then (for operations) a description on the next line.
	const index = (await options.allInnerTexts()).findIndex((text) => text.split('\n')[0].trim() === option);
	if (index < 0) throw new Error(`${parameter} has no option "${option}"`);
	await options.nth(index).click();
	await options.first().waitFor({ state: 'hidden' });
}

/** A screenshot that is also a README/docs picture when KAIZALA_UPDATE_SCREENSHOT=1. */
async function docShot(page: Page, name: string): Promise<void> {
	const picture = await shot(page, name);
	if (process.env.KAIZALA_UPDATE_SCREENSHOT === '1') copyFileSync(picture, join(REPO, 'docs/images', `${name}.png`));
}

/** Sends a survey to Field Team straight through the sandbox's API (token exchange, then the post). */
async function sendSurvey(apiRoot: string, title: string, questions: unknown[]): Promise<string> {
	const tokenResponse = await fetch(`${apiRoot}/accessToken`, {
		headers: { applicationId: DEMO_CONNECTOR.connectorId, applicationSecret: DEMO_CONNECTOR.connectorSecret, refreshToken: DEMO_CONNECTOR.refreshToken },
	});
	const { accessToken, endpointUrl } = (await tokenResponse.json()) as { accessToken: string; endpointUrl: string };
	const sent = await fetch(`${endpointUrl}v1/groups/${DEMO_GROUPS.fieldTeam.groupId}/actions`, {
		method: 'POST',
		headers: { accessToken, 'content-type': 'application/json' },
		body: JSON.stringify({ actionType: 'Survey', actionBody: { title, dueDate: 48, questions } }),
	});
	if (!sent.ok) throw new Error(`the sandbox refused the survey: ${sent.status} ${await sent.text()}`);
	return ((await sent.json()) as { actionId: string }).actionId;
}

/** The Kaizala node's resources and their operations, as the packaged node describes them. */
function describedResources(): Array<{ name: string; value: string; operations: string[] }> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Kaizala } = require(join(REPO, 'dist/nodes/Kaizala/Kaizala.node.js')) as {
		Kaizala: new () => { description: { properties: Array<{ name: string; options?: Array<{ name: string; value: string }>; displayOptions?: { show?: { resource?: string[] } } }> } };
	};
	const properties = new Kaizala().description.properties;
	const resource = properties.find((property) => property.name === 'resource');
	return (resource?.options ?? []).map((option) => ({
		name: option.name,
		value: option.value,
		operations: (
			properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(option.value))
				?.options ?? []
		).map((operation) => operation.name),
	}));
}

/** n8n adds its own "Custom API Call" entry to resource and operation lists; compare without it. */
const withoutN8nCustomCall = (names: string[], described: string[]): string[] =>
	names.filter((name, index) => name !== 'Custom API Call' || (described.includes(name) && names.indexOf(name) === index));

describe('a fresh n8n with the package installed', () => {
	let sandbox: KaizalaSandbox;
	let n8n: N8nHome;
	let url: string;
	let context: BrowserContext;
	let page: Page | undefined;
	const current = () => page;

	beforeAll(async () => {
		sandbox = await startSandbox({ throttle: false });
		n8n = await N8nHome.create();
		await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
		await n8n.importWorkflows();
		url = await n8n.start(await freePort());
		({ context, page } = await openPage(browser));
	});

	afterAll(async () => {
		await context?.close();
		await n8n?.remove();
		await sandbox?.close();
	});

	it('asks for the owner account first, and sets it up', () =>
		withFailureShot(current, 'owner-setup', async () => {
			const p = page as Page;
			await p.goto(`${url}/`);
			await p.waitForURL(/\/setup/);
			await p.getByTestId('email').locator('input').fill('editor-e2e@kaizala.local');
			await p.getByTestId('firstName').locator('input').fill('Editor');
			await p.getByTestId('lastName').locator('input').fill('Test');
			await p.getByTestId('password').locator('input').fill('Kaizala-editor-1');
			await shot(p, '01-owner-setup');
			await p.getByTestId('form-submit-button').click();
			await p.waitForURL((target) => !target.pathname.startsWith('/setup'));
			await p.goto(`${url}/home/workflows`);
			expect(await workflowCardNames(p)).toEqual(exampleWorkflowNames());
			await shot(p, '02-workflows');
		}));

	it('finds "Kaizala" in the node panel, adds the node and shows its resources and operations', () =>
		withFailureShot(current, 'node-panel', async () => {
			const p = page as Page;
			await p.goto(`${url}/workflow/new`);
			await p.getByTestId('canvas-plus-button').click();
			const search = p.getByTestId('node-creator-search-bar');
			const items = p.getByTestId('node-creator-item-name');

			// First step: the trigger list offers the Kaizala Trigger.
			await search.fill('Kaizala');
			await items.getByText('Kaizala', { exact: true }).first().waitFor();
			await search.fill('');
			await items.getByText('Trigger manually', { exact: true }).click();
			await p.getByTestId('canvas-node').first().waitFor();
			await p.keyboard.press('Escape');

			// Next step: the Kaizala node and its actions.
			await p.getByTestId('node-creator-plus-button').click();
			await search.fill('Kaizala');
			await items.getByText('Kaizala', { exact: true }).first().waitFor();
			await shot(p, '03-node-panel-search');
			await items.getByText('Kaizala', { exact: true }).first().click();
			await items.getByText('Send a message', { exact: true }).waitFor();
			const described = describedResources();
			const operationCount = described.reduce((sum, resource) => sum + resource.operations.length, 0);
			// The panel fills its action list in steps: read it once it has them all.
			await waitForCount(items, operationCount - 1);
			const actions = (await items.allInnerTexts()).map((text) => text.trim());
			// Issue 21: messaging first, the access token last, no "Action Actions", and a header
			// that speaks for the actions (n8n shows the trigger's description on the merged entry).
			const panel = (await p.locator('body').innerText()).toUpperCase();
			expect(panel).not.toMatch(/\bACTION ACTIONS\b/); // (REACTION ACTIONS is fine)
			expect(panel).not.toContain('STARTS THE WORKFLOW');
			expect(panel).toContain('SEND MESSAGES AND ACTION CARDS TO MICROSOFT KAIZALA GROUPS');
			const headings = ['MESSAGE ACTIONS', 'CARD ACTIONS', 'GROUP ACTIONS', 'ACCESS TOKEN ACTIONS'].map((heading) => panel.indexOf(heading));
			expect(headings.every((at) => at >= 0)).toBe(true);
			expect([...headings].sort((a, b) => a - b)).toEqual(headings);
			await docShot(p, 'node-panel-actions');
			expect(actions).toEqual(expect.arrayContaining(['Get an access token', 'Send a message', 'Get many groups', 'Add members to a group']));
			expect(actions.length).toBeGreaterThanOrEqual(operationCount - 1);
			await shot(p, '04-node-actions');

			await items.getByText('Send a message', { exact: true }).click();
			const ndv = p.getByTestId('ndv');
			await ndv.waitFor();
			// The only Kaizala credential is picked for the new node.
			await expect(p.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe(CREDENTIAL_NAME);

			const resources = await dropdownOptions(p, 'resource');
			expect(withoutN8nCustomCall(resources, described.map((r) => r.name))).toEqual(described.map((r) => r.name));
			for (const resource of described) {
				await chooseOption(p, 'resource', resource.name);
				const operations = await dropdownOptions(p, 'operation');
				expect({ resource: resource.name, operations: withoutN8nCustomCall(operations, resource.operations) }).toEqual({
					resource: resource.name,
					operations: resource.operations,
				});
			}

			// Message → Send: the group picker lists the sandbox's groups through the credential.
			await chooseOption(p, 'resource', 'Message');
			await chooseOption(p, 'operation', 'Send');
			sandbox.clearLog();
			await p.getByTestId('rlc-input').click();
			await p.getByTestId('rlc-item').filter({ hasText: DEMO_GROUPS.announcements.groupName }).first().waitFor();
			const groups = (await p.getByTestId('rlc-item').allInnerTexts()).map((text) => text.trim());
			expect(groups).toEqual(expect.arrayContaining([DEMO_GROUPS.fieldTeam.groupName, DEMO_GROUPS.announcements.groupName]));
			expect(sandbox.requests.filter((r) => r.route === 'GET /groups').map((r) => r.status)).toContain(200);
			await p.keyboard.press('Escape');
			await shot(p, '05-node-parameters');
		}));

	it('opens the Kaizala credential, and its test passes against the sandbox', () =>
		withFailureShot(current, 'credential-test', async () => {
			const p = page as Page;
			await p.getByTestId('credential-edit-button').click();
			const modal = p.getByTestId('editCredential-modal');
			await modal.waitFor();
			await modal.getByTestId('credentials-config-container-test-success').waitFor();
			// Test again, from a cold start: expired tokens, so the test exchanges the refresh token.
			sandbox.expireAccessTokens();
			sandbox.clearLog();
			const tested = p.waitForResponse((response) => response.url().includes('/rest/credentials/test'));
			await modal.getByText('Retry', { exact: true }).click();
			const result = (await (await tested).json()) as { data?: { status?: string; message?: string } };
			expect(result.data).toMatchObject({ status: 'OK' });
			await modal.getByTestId('credentials-config-container-test-success').waitFor();
			expect(sandbox.requests.filter((r) => r.route === 'GET /groups').map((r) => r.status)).toContain(200);
			await shot(p, '06-credential-test');
			await modal.locator('.el-dialog__close').first().click();
			await modal.waitFor({ state: 'hidden' });
		}));

	it('creates a new Kaizala credential in the modal; saving tests it against the sandbox; the node runs with it', () =>
		withFailureShot(current, 'new-credential', async () => {
			const p = page as Page;
			await chooseOption(p, 'resource', 'Group');
			await chooseOption(p, 'operation', 'Get Many');
			await p.getByTestId('node-credentials-select').click();
			await p.getByTestId('node-credentials-select-item-new').click();
			const modal = p.getByTestId('editCredential-modal');
			await modal.waitFor();
			const fill = (name: string, value: string) => modal.getByTestId(`parameter-input-${name}`).locator('input, textarea').first().fill(value);
			// Issue 21: both hints in view without hovering.
			await modal.getByText('Leave empty only to get one with the Kaizala node', { exact: false }).waitFor();
			await modal.getByText('Off: at most 100 calls per minute per connector and 300 per tenant', { exact: false }).waitFor();
			// The modal fades in over the node's panel: let it finish before the picture.
			await p.waitForTimeout(1_000);
			await docShot(p, 'credential-form');
			await fill('connectorId', DEMO_CONNECTOR.connectorId);
			await fill('connectorSecret', DEMO_CONNECTOR.connectorSecret);
			await fill('refreshToken', DEMO_CONNECTOR.refreshToken);
			await fill('apiRoot', sandbox.apiRoot);
			await shot(p, '07-new-credential');
			sandbox.clearLog();
			const tested = p.waitForResponse((response) => response.url().includes('/rest/credentials/test'));
			await modal.getByTestId('credential-save-button').click();
			const result = (await (await tested).json()) as { data?: { status?: string } };
			expect(result.data).toMatchObject({ status: 'OK' });
			await modal.waitFor({ state: 'hidden' });
			// The credential test lists the groups with a valid token (the same connector's cached token, or a new exchange).
			expect(sandbox.requests.filter((r) => r.route === 'GET /groups').map((r) => [r.status, r.accessTokenState])).toContainEqual([200, 'valid']);
			expect(sandbox.requests.filter((r) => r.status >= 400 || (r.route === EXCHANGE && r.status !== 200))).toEqual([]);
			await expect(p.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.not.toBe(CREDENTIAL_NAME);

			// Execute step: the node lists the groups with the new credential.
			sandbox.clearLog();
			await p.getByTestId('node-execute-button').click();
			await p.getByTestId('output-panel').getByText(DEMO_GROUPS.announcements.groupName).first().waitFor();
			expect(sandbox.requests.filter((r) => r.route === 'GET /groups').map((r) => r.status)).toEqual([200]);
			await shot(p, '08-node-executed');
		}));

	it("Card → Post Response maps a survey's answers per question, the columns loaded from the survey", () =>
		withFailureShot(current, 'post-response-mapper', async () => {
			const p = page as Page;
			const actionId = await sendSurvey(sandbox.apiRoot, 'E2E site check', [
				{ title: 'Is the site safe?', type: 'SingleOption', options: [{ title: 'Yes' }, { title: 'No' }] },
				{ title: 'Anything to report?', type: 'Text' },
				{ title: 'Workers on site', type: 'Numeric' },
			]);
			await chooseOption(p, 'resource', 'Card');
			await chooseOption(p, 'operation', 'Post Response');
			await p.getByTestId('rlc-input').nth(0).click();
			await p.getByTestId('rlc-item').filter({ hasText: DEMO_GROUPS.fieldTeam.groupName }).first().click();
			await p.getByTestId('rlc-input').nth(1).click();
			await p.getByTestId('rlc-item').filter({ hasText: 'E2E site check' }).first().click();
			await chooseOption(p, 'responseType', 'Survey');
			sandbox.clearLog();
			await chooseOption(p, 'answersInput', 'Map Each Question');
			const ndv = p.getByTestId('ndv');
			for (const question of ['Is the site safe?', 'Anything to report?', 'Workers on site']) {
				await ndv.getByText(question, { exact: true }).first().waitFor();
			}
			expect(sandbox.requests.map((r) => [r.route, r.status])).toContainEqual(['GET /groups/:groupId/actions/:actionId', 200]);
			expect(sandbox.requests.some((r) => r.route === 'GET /groups/:groupId/actions/:actionId' && r.path.includes(actionId))).toBe(true);
			await docShot(p, 'post-response-mapper');
		}));

	it('a new Kaizala node (1.1) on Message → Send and Wait, Answer In → Card: Restrict Who Can Approve lists the group\'s members, Card Options is there', async () => {
		// A fresh workflow in a second tab of the same session: a panel without the earlier steps' output.
		const fresh = await context.newPage();
		try {
			await withFailureShot(() => fresh, 'card-approval', async () => {
				await fresh.setViewportSize({ width: 1440, height: 1150 });
				await fresh.goto(`${url}/workflow/new`);
				await fresh.getByTestId('canvas-plus-button').click();
				const search = fresh.getByTestId('node-creator-search-bar');
				const items = fresh.getByTestId('node-creator-item-name');
				await items.getByText('Trigger manually', { exact: true }).click();
				await fresh.getByTestId('canvas-node').first().waitFor();
				await fresh.keyboard.press('Escape');
				await fresh.getByTestId('node-creator-plus-button').click();
				await search.fill('Kaizala');
				await items.getByText('Kaizala', { exact: true }).first().click();
				await items.getByText('Send a message and wait for response', { exact: true }).click();
				const ndv = fresh.getByTestId('ndv');
				await ndv.waitFor();
				await ndv.getByText('Settings', { exact: true }).click();
				await ndv.getByText(/node version 1\.1\b/).waitFor();
				await ndv.getByText('Parameters', { exact: true }).click();

				await fresh.getByTestId('rlc-input').first().click();
				await fresh.getByTestId('rlc-item').filter({ hasText: DEMO_GROUPS.fieldTeam.groupName }).first().click();
				await fresh.getByTestId('parameter-input-message').locator('input, textarea').first().fill('May the North crew start at 6 am tomorrow?');
				// The links way (the default) has neither field.
				await fresh.getByTestId('parameter-input-answerIn').waitFor();
				expect(await ndv.getByText('Restrict Who Can Approve', { exact: true }).count()).toBe(0);
				expect(await ndv.getByText('Card Options', { exact: true }).count()).toBe(0);

				await chooseOption(fresh, 'answerIn', 'Card (Answer in Kaizala)');
				await ndv.getByText('Restrict Who Can Approve', { exact: true }).first().waitFor();
				await ndv.getByText('Card Options', { exact: true }).first().waitFor();
				await ndv.getByRole('button', { name: 'Add Approver' }).click();
				sandbox.clearLog();
				await fresh.getByTestId('rlc-input').nth(1).click();
				const members = fresh.getByTestId('rlc-item');
				await members.filter({ hasText: DEMO_USERS.fieldLead.mobileNumber }).first().waitFor();
				expect((await members.allInnerTexts()).map((text) => text.trim()).sort()).toEqual(
					[`${DEMO_USERS.fieldLead.mobileNumber} (Admin)`, `${DEMO_USERS.admin.mobileNumber} (Member)`, `${DEMO_USERS.technician.mobileNumber} (Member)`].sort(),
				);
				const listed = sandbox.requests.filter((r) => r.route === 'GET /groups/:groupId/members');
				expect(listed.map((r) => [r.status, r.path.includes(DEMO_GROUPS.fieldTeam.groupId)])).toContainEqual([200, true]);
				await members.filter({ hasText: DEMO_USERS.fieldLead.mobileNumber }).first().click();
				await expect(fresh.getByTestId('rlc-input').nth(1).locator('xpath=self::input | .//input').first().inputValue()).resolves.toContain(DEMO_USERS.fieldLead.mobileNumber);
				await members.first().waitFor({ state: 'hidden' });
				// The member field shows a loading icon for a moment after the pick: a picture without it.
				await fresh.waitForTimeout(1_000);
				await docShot(fresh, 'editor-card-approval');
			});
		} finally {
			await fresh.close();
		}
	});

	it('saves a connector without a refresh token (to get one with the PIN log-in)', () =>
		withFailureShot(current, 'credential-without-refresh-token', async () => {
			const p = page as Page;
			await p.getByTestId('node-credentials-select').click();
			await p.getByTestId('node-credentials-select-item-new').click();
			const modal = p.getByTestId('editCredential-modal');
			await modal.waitFor();
			const fill = (name: string, value: string) => modal.getByTestId(`parameter-input-${name}`).locator('input, textarea').first().fill(value);
			await fill('connectorId', DEMO_CONNECTOR.connectorId);
			await fill('connectorSecret', DEMO_CONNECTOR.connectorSecret);
			await fill('apiRoot', sandbox.apiRoot);
			const saved = p.waitForResponse((response) => response.url().endsWith('/rest/credentials') && response.request().method() === 'POST');
			await modal.getByTestId('credential-save-button').click();
			expect((await saved).status()).toBe(200);
			await shot(p, '10-credential-without-refresh-token');
			await modal.locator('.el-dialog__close').first().click();
			await modal.waitFor({ state: 'hidden' });
		}));
});

describe('npm start', () => {
	let child: ChildProcess;
	let output = '';
	let editorUrl: string;
	let login: { email: string; password: string };
	let home: string;
	let n8nPort: number;
	let sandboxPort: number;
	let context: BrowserContext;
	let page: Page | undefined;
	const current = () => page;

	const waitForOutput = async (pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> => {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const match = pattern.exec(output);
			if (match) return match;
			if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`npm start did not print ${pattern} in time:\n${output}`);
	};

	beforeAll(async () => {
		home = mkdtempSync(join(tmpdir(), 'kaizala-npm-start-'));
		n8nPort = await freePort();
		sandboxPort = await freePort();
		// What `npm start` runs after building; the tarball run.sh packed stands in for its own `npm pack`.
		child = spawn(process.execPath, [join(REPO, '.build/scripts/start.js')], {
			cwd: REPO,
			env: { ...process.env, KAIZALA_N8N_HOME: join(home, 'n8n'), N8N_PORT: String(n8nPort), KAIZALA_SANDBOX_PORT: String(sandboxPort) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		editorUrl = (await waitForOutput(/n8n editor:\s+(\S+)/, 300_000))[1];
		const [, email, password] = await waitForOutput(/log in as:\s+(\S+)\s+\/\s+(\S+)/, 10_000);
		login = { email, password };
		({ context, page } = await openPage(browser));
	});

	afterAll(async () => {
		await context?.close();
		if (child && child.exitCode === null) {
			child.kill('SIGINT');
			await new Promise((resolve) => child.once('exit', resolve));
		}
		rmSync(home, { recursive: true, force: true });
	});

	it('prints the editor URL on localhost, the login and the sandbox credential; never a secret', () => {
		expect(editorUrl).toBe(`http://localhost:${n8nPort}`);
		expect(output).toContain(`http://127.0.0.1:${sandboxPort}/v1`);
		expect(output).toContain(`phone view:  http://127.0.0.1:${sandboxPort}/`);
		expect(output).toContain(DEMO_CONNECTOR.connectorId);
		expect(output).not.toContain(DEMO_CONNECTOR.connectorSecret);
		expect(output).not.toContain(DEMO_CONNECTOR.refreshToken);
	});

	it('logs in with the printed account and lists the example workflows', () =>
		withFailureShot(current, 'npm-start-login', async () => {
			const p = page as Page;
			await p.goto(editorUrl);
			await p.waitForURL(/\/signin/);
			await p.getByTestId('emailOrLdapLoginId').locator('input').fill(login.email);
			await p.getByTestId('password').locator('input').fill(login.password);
			await p.getByTestId('form-submit-button').click();
			await p.waitForURL(/\/home\/workflows/);
			expect(await workflowCardNames(p)).toEqual(exampleWorkflowNames());
			await shot(p, '10-npm-start-workflows');
		}));

	// Examples that wait for a person or need a model are run by sendAndWait.test.ts and agent.test.ts.
	const manualExamples = exampleWorkflows().filter((workflow) => workflow.manual && !workflow.interactive);

	it.each(manualExamples.map((workflow) => [workflow.name, workflow] as const))(
		'runs "%s" with Execute workflow, without editing anything',
		(_name, workflow) =>
			withFailureShot(current, `example-${workflow.id}`, async () => {
				const p = page as Page;
				const before = output.length;
				await p.goto(`${editorUrl}/workflow/${workflow.id}`);
				await p.getByTestId('canvas-node').first().waitFor();
				await p.getByTestId('execute-workflow-button').click();
				const notice = p.locator('.el-notification').filter({ hasText: /executed successfully|problem|error|failed/i }).first();
				await notice.waitFor({ timeout: 60_000 });
				expect(await notice.innerText()).toMatch(/executed successfully/);
				const steps = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
				// The canvas marks its nodes one by one after the notice.
				await waitForCount(p.getByTestId('canvas-node-status-success'), steps.length);
				await expect(p.getByTestId('canvas-node-status-success').count()).resolves.toBe(steps.length);
				// The sandbox served it: npm start prints one line per request.
				const served = output.slice(before);
				expect(served).toMatch(/\[sandbox\] \S+ \/endpoints\/[^ ]+\/v1\/\S+ 2\d\d /);
				expect(served).not.toMatch(/\[sandbox\] .* (4\d\d|5\d\d) /);
				await shot(p, `11-example-${workflow.id}`);

				if (workflow.id === 'kzExampleMsg0001') {
					// The README's picture: the Kaizala node after a run, with its credential, parameters and output.
					await p.getByTestId('canvas-node').filter({ hasText: 'Send message' }).first().dblclick();
					await p.getByTestId('output-panel').getByText('referenceId').first().waitFor();
					const picture = await shot(p, 'editor');
					if (process.env.KAIZALA_UPDATE_SCREENSHOT === '1') copyFileSync(picture, join(REPO, 'docs/images/editor.png'));
				}
			}),
	);

	it('stops n8n and the sandbox cleanly on Ctrl-C', async () => {
		expect(await portInUse(n8nPort)).toBe(true);
		expect(await portInUse(sandboxPort)).toBe(true);
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		child.kill('SIGINT');
		expect(await exited).toBe(0);
		expect(output).toMatch(/Stopped\.\s*$/);
		expect(await portInUse(n8nPort)).toBe(false);
		expect(await portInUse(sandboxPort)).toBe(false);
		expect(existsSync(join(home, 'n8n/.n8n/nodes/node_modules/n8n-nodes-kaizala/package.json'))).toBe(true);
	});
});
