/**
 * The second day of a credential, in the real editor (n8n 2.41.0, headless Chromium): a
 * credential that workflows have used (its session stored in n8n's database) is edited twice.
 *
 * 1. The connector secret is changed to a wrong one: Save tests exactly that value, and the
 *    editor's banner says the Connector Secret was not accepted and what to do.
 * 2. The refresh token is regenerated (the sandbox stands in for the portal's "Generate user
 *    token", which invalidates the old one) and the new one pasted: Save tests it and succeeds,
 *    n8n stores the new session, and the workflow run right after uses the new token at once.
 *
 * Screenshots: test-artifacts/editor/; KAIZALA_UPDATE_SCREENSHOT=1 copies the two banners to
 * docs/images/credential-wrong-secret.png and docs/images/credential-new-refresh-token.png.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, startSandbox } from '../../sandbox';
import { launchBrowser, newPage, shot, withFailureShot } from './support/browser';
import { CREDENTIAL_ID, EXAMPLES_DIR, freePort, N8nHome, N8nRest, REPO } from './support/n8n';

const EXCHANGE = 'GET /accessToken';
const GROUPS = 'GET /groups';
const LIST_GROUPS = 'kzExampleGroups1';
const OWNER = { email: 'credential-e2e@kaizala.local', firstName: 'Credential', lastName: 'Test', password: 'Kaizala-credential-1' };
const WRONG_SECRET = 'wrong-connector-secret-typed-in-the-editor';
const REGENERATED = 'sbx-rt-regenerated-in-the-portal-e2e-0001';
const CONNECTOR_MESSAGE =
	'Kaizala did not accept the Connector ID or Connector Secret: copy both again from the Kaizala Management Portal (https://manage.kaiza.la → Connectors → your connector) into the credential';

let browser: Browser;
let sandbox: KaizalaSandbox;
let n8n: N8nHome;
let url: string;
let rest: N8nRest;
let context: BrowserContext;
let page: Page | undefined;
const current = () => page;

const header = (entry: KaizalaSandbox['requests'][number], name: string) =>
	Object.entries(entry.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
const routes = () => sandbox.requests.map((entry) => `${entry.route} ${entry.status}`);

async function storedCredential(): Promise<Record<string, unknown>> {
	const rows = await n8n.exportCredentialsDecrypted();
	const row = rows.find((candidate) => candidate.id === CREDENTIAL_ID);
	if (!row) throw new Error('the Kaizala credential is gone');
	return row.data;
}

function keepPicture(path: string, name: string) {
	if (process.env.KAIZALA_UPDATE_SCREENSHOT === '1') copyFileSync(path, join(REPO, 'docs/images', name));
}

/** Opens the credential's modal; the editor tests the stored credential as it opens, so wait for that. */
async function openCredential(p: Page) {
	const openingTest = p.waitForResponse((response) => response.url().includes('/rest/credentials/test'), { timeout: 90_000 });
	await p.goto(`${url}/home/credentials/${CREDENTIAL_ID}`);
	const modal = p.getByTestId('editCredential-modal');
	await modal.waitFor();
	expect(((await (await openingTest).json()) as { data?: { status?: string } }).data?.status).toBe('OK');
	await modal.getByTestId('credentials-config-container-test-success').waitFor();
	return modal;
}

async function fill(modal: ReturnType<Page['getByTestId']>, name: string, value: string) {
	await modal.getByTestId(`parameter-input-${name}`).locator('input, textarea').first().fill(value);
}

/** Clicks Save and returns the credential test's answer as the editor received it. */
async function saveAndTest(p: Page, modal: ReturnType<Page['getByTestId']>) {
	const tested = p.waitForResponse((response) => response.url().includes('/rest/credentials/test'));
	await modal.getByTestId('credential-save-button').click();
	return ((await (await tested).json()) as { data?: { status?: string; message?: string } }).data;
}

beforeAll(async () => {
	browser = await launchBrowser();
	sandbox = await startSandbox({ throttle: false });
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	await n8n.importWorkflowFiles([join(EXAMPLES_DIR, 'list-groups.json')]);
	// A used credential: a workflow ran, so n8n stored its session.
	const used = await n8n.execute(LIST_GROUPS);
	expect(used.status).toBe('success');
	expect(String((await storedCredential()).session)).not.toBe('');
	url = await n8n.start(await freePort());
	rest = new N8nRest(url);
	await rest.setUpOwner(OWNER);
	({ context, page } = await newPage(browser));
	// The machine is shared: give n8n's editor more time than the default 30 s.
	context.setDefaultTimeout(60_000);
	const p = page;
	await p.goto(`${url}/signin`);
	await p.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
	await p.getByTestId('password').locator('input').fill(OWNER.password);
	await p.getByTestId('form-submit-button').click();
	await p.waitForURL((target) => !target.pathname.startsWith('/signin'));
	await rest.login(OWNER);
});

afterAll(async () => {
	await context?.close();
	await browser?.close();
	await n8n?.remove();
	await sandbox?.close();
});

describe('editing a used Kaizala credential in the editor', () => {
	it('a wrong connector secret: Save tests exactly that value and the banner names the secret', () =>
		withFailureShot(current, 'credential-wrong-secret', async () => {
			const p = page as Page;
			const modal = await openCredential(p);
			await fill(modal, 'connectorSecret', WRONG_SECRET);
			sandbox.clearLog();
			const result = await saveAndTest(p, modal);
			expect(result).toEqual({ status: 'Error', message: CONNECTOR_MESSAGE });
			await modal.getByText(/Couldn.t connect with these settings/).first().waitFor();
			// The banner folds the package's message away under "More details".
			await modal.getByText('More details', { exact: true }).click();
			await modal.getByText(CONNECTOR_MESSAGE).first().waitFor();
			keepPicture(await shot(p, 'credential-wrong-secret'), 'credential-wrong-secret.png');
			// What reached the token service is what was typed; nothing went to the platform.
			expect(routes()).toEqual([`${EXCHANGE} 401`]);
			expect(header(sandbox.requests[0], 'applicationSecret')).toBe(WRONG_SECRET);
			expect(JSON.stringify(result)).not.toContain(WRONG_SECRET);
		}));

	it('a regenerated refresh token pasted (with the right secret): Save succeeds, and the next run uses it at once', () =>
		withFailureShot(current, 'credential-new-refresh-token', async () => {
			const p = page as Page;
			// The portal's "Generate user token": a new refresh token, the old one invalidated.
			sandbox.setConnector(DEMO_CONNECTOR.connectorId, { refreshToken: REGENERATED });
			const modal = p.getByTestId('editCredential-modal');
			await fill(modal, 'connectorSecret', DEMO_CONNECTOR.connectorSecret);
			await fill(modal, 'refreshToken', REGENERATED);
			sandbox.clearLog();
			const result = await saveAndTest(p, modal);
			expect(result).toMatchObject({ status: 'OK' });
			await modal.getByTestId('credentials-config-container-test-success').waitFor();
			keepPicture(await shot(p, 'credential-new-refresh-token'), 'credential-new-refresh-token.png');
			expect(routes()).toEqual([`${EXCHANGE} 200`, `${GROUPS} 200`]);
			expect(header(sandbox.requests[0], 'refreshToken')).toBe(REGENERATED);
			expect(sandbox.requests[1].accessTokenState).toBe('valid');
			const testedToken = header(sandbox.requests[1], 'accessToken');

			// n8n stored the new values and the session that belongs to them.
			const stored = await storedCredential();
			expect(stored.refreshToken).toBe(REGENERATED);
			expect(stored.connectorSecret).toBe(DEMO_CONNECTOR.connectorSecret);
			expect(JSON.parse(String(stored.session)).accessToken).toBe(testedToken);

			// The workflow, right after the edit: the new token, no exchange with the old values.
			sandbox.clearLog();
			const run = await rest.runWorkflow(LIST_GROUPS, 'Start');
			expect(run.status).toBe('success');
			expect(routes()).toEqual([`${GROUPS} 200`]);
			expect(header(sandbox.requests[0], 'accessToken')).toBe(testedToken);
		}));

	it("the rest of issue 13's table, through the editor's credential-test call: each verdict and message", async () => {
		const demo = { connectorId: DEMO_CONNECTOR.connectorId, connectorSecret: DEMO_CONNECTOR.connectorSecret, refreshToken: REGENERATED, apiRoot: sandbox.apiRoot };
		const testWith = (data: Record<string, unknown>) =>
			rest.call<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: CREDENTIAL_ID, name: 'Kaizala sandbox', type: 'kaizalaApi', data: { ...demo, ...data } },
			});
		const closedPort = await freePort();
		const endpointHost = new URL(sandbox.endpointUrlFor(DEMO_CONNECTOR.connectorId)).host;
		const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
			['used credential, right values', {}, 'OK', /^Connection successful!$/],
			['session empty, wrong secret', { session: '', connectorSecret: WRONG_SECRET }, 'Error', /^Kaizala did not accept the Connector ID or Connector Secret: copy both again/],
			['session empty, wrong refresh token', { session: '', refreshToken: 'wrong-refresh-token-typed' }, 'Error', /^Kaizala did not accept the Refresh Token: .*Generate user token/],
			['API root unreachable', { apiRoot: `http://127.0.0.1:${closedPort}/v1` }, 'Error', /^Could not reach the Kaizala token service at http:\/\/127\.0\.0\.1:\d+\/v1\/: the connection was refused \(3 attempts\)\. Check the credential's API Root/],
			['API root not https', { apiRoot: 'http://api.example.com/v1' }, 'Error', /^Refusing API Root "http:\/\/api\.example\.com": access tokens are only sent over https .*change the credential's API Root to an https:\/\/ address/],
			['token service host not in Allowed Domains', { allowedHttpRequestDomains: 'domains', allowedDomains: 'api.kaiza.la' }, 'Error', /^The credential's API Root \(the token service\) is 127\.0\.0\.1, and this credential's Allowed Domains \(api\.kaiza\.la\) do not include it/],
			['both sandbox hosts allowed', { allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1' }, 'OK', /^Connection successful!$/],
		];
		const seen: Array<[string, string, string]> = [];
		for (const [name, data, status, message] of cases) {
			sandbox.clearLog();
			const result = await testWith(data);
			seen.push([name, result.status, `${result.message} [sandbox: ${routes().join(', ') || 'nothing'}]`]);
			expect({ name, status: result.status }).toEqual({ name, status });
			expect(result.message).toMatch(message);
			expect(result.message).not.toContain(WRONG_SECRET);
			expect(result.message).not.toContain(REGENERATED);
		}
		process.stdout.write(`${seen.map((row) => `  ${row.join(' | ')}`).join('\n')}\n`);
		// The endpoint the https rule refuses: the token service names a plain-http host.
		// (with another regenerated refresh token, so the test has to exchange)
		const third = 'sbx-rt-regenerated-in-the-portal-e2e-0002';
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { endpointUrl: 'http://kaizala.example.com/', refreshToken: third });
		const refused = await testWith({ refreshToken: third });
		seen.push(['endpoint refused by the https rule', refused.status, refused.message]);
		expect(refused).toEqual({
			status: 'Error',
			message: 'Refusing endpointUrl "http://kaizala.example.com": access tokens are only sent over https (plain http is allowed for loopback hosts only): the token service (or a proxy at the credential\'s API Root) named it, so check the API Root',
		});
		// An endpoint on another host than the token service (localhost, still the sandbox).
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { endpointUrl: '' });
		const elsewhere = sandbox.endpointUrlFor(DEMO_CONNECTOR.connectorId).replace('127.0.0.1', 'localhost');
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { endpointUrl: elsewhere });
		const notListed = await testWith({ refreshToken: third, allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1' });
		seen.push(['endpoint host not in Allowed Domains', notListed.status, notListed.message]);
		expect(notListed.status).toBe('Error');
		expect(notListed.message).toMatch(/^The Kaizala endpoint \(the endpointUrl the token service returned\) is localhost, and this credential's Allowed Domains \(127\.0\.0\.1\) do not include it: add localhost \(or a wildcard/);
		const listed = await testWith({ refreshToken: third, allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1, localhost' });
		seen.push(['both hosts in Allowed Domains', listed.status, listed.message]);
		expect(listed.status).toBe('OK');
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { endpointUrl: '' });
		expect(endpointHost).toContain('127.0.0.1');
		process.stdout.write(`credential test verdicts (n8n ${'2.41.0'}):\n${seen.map((row) => `  ${row.join(' | ')}`).join('\n')}\n`);
	});
});
