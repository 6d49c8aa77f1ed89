/**
 * The credential test, as n8n 2.41.0's editor runs it on Save (test/helpers/credentialTest.ts):
 * every case of issue 13's table, the new refresh token pasted after a regeneration, and the
 * node run right after the edit. Asserted on what reached the sandbox, what n8n would persist
 * and the message the editor shows.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO_CONNECTOR } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { EXCHANGE, expectNoSecrets, startFixture } from '../helpers/fixtures';
import { contextWithCredential, testCredentialAsN8nDoes } from '../helpers/credentialTest';
import { loggedLines, runKaizalaNode } from '../helpers/n8n';
import { credentialKey } from '../../nodes/Kaizala/transport/token/tokenStore';
import { toConnectorCredentials } from '../../nodes/Kaizala/transport/token/n8nBridge';
import { freePort } from '../../scripts/lib/n8n';

const GROUPS = 'GET /groups';
const MESSAGES = {
	connector:
		'Kaizala did not accept the Connector ID or Connector Secret: copy both again from the Kaizala Management Portal (https://manage.kaiza.la → Connectors → your connector) into the credential',
	refreshToken:
		"Kaizala did not accept the Refresh Token: it is expired, revoked or was replaced by a newer one. Generate a new one in the Kaizala Management Portal (https://manage.kaiza.la → Connectors → your connector → Generate user token) and paste it into the credential's Refresh Token",
};

let fixture: Fixture;
const allSecrets = new Set<string>();
const messages: string[] = [];

const stored = () => fixture.store.get('cred-1').data;
const headerOf = (entry: Fixture['sandbox']['requests'][number], name: string) =>
	Object.entries(entry.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
const routes = () => fixture.sandbox.requests.map((entry) => `${entry.route} ${entry.status}`);

async function test(typed: ICredentialDataDecryptedObject = {}) {
	const result = await testCredentialAsN8nDoes(fixture.store, 'cred-1', typed);
	messages.push(result.message);
	return result;
}

/** The credential has been used: a node ran with it, so its session is stored. */
async function useCredential() {
	const { error } = await runKaizalaNode({ parameters: { resource: 'group', operation: 'getAll', returnAll: true }, store: fixture.store, credential: fixture.credential });
	expect(error).toBeUndefined();
	expect(String(stored().session)).not.toBe('');
	fixture.sandbox.clearLog();
}

/** The session the store holds belongs to these credential values. */
function sessionBelongsTo(values: ICredentialDataDecryptedObject): boolean {
	const session = JSON.parse(String(stored().session)) as { key: string };
	return session.key === credentialKey(toConnectorCredentials(values));
}

beforeEach(async () => {
	fixture = await startFixture({ throttle: false });
});

afterEach(async () => {
	for (const secret of fixture.secrets()) allSecrets.add(secret);
	await fixture.close();
});

afterAll(() => {
	expectNoSecrets(messages, [...allSecrets]);
	expectNoSecrets(loggedLines, [...allSecrets]);
	expect(messages.length).toBeGreaterThan(8);
});

describe('the credential test checks what was typed', () => {
	it('new credential, right values: exchanges, lists the groups, and n8n stores the session', async () => {
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(routes()).toEqual([`${EXCHANGE} 200`, `${GROUPS} 200`]);
		expect(fixture.requestsFor(GROUPS)[0].accessTokenState).toBe('valid');
		expect(sessionBelongsTo(stored())).toBe(true);
	});

	it('used credential, right values: n8n says it is a test, so the typed values are exchanged again', async () => {
		await useCredential();
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		// n8n 2.41.0 runs preAuthentication in every credential test (its "is testing" check
		// holds for the tester's Temp node): a revoked refresh token would show here too.
		expect(routes()).toEqual([`${EXCHANGE} 200`, `${GROUPS} 200`]);
	});

	it('used credential, refresh token revoked meanwhile (values unchanged): the test says so', async () => {
		await useCredential();
		fixture.sandbox.revokeRefreshToken(DEMO_CONNECTOR.connectorId);
		expect(await test()).toEqual({ status: 'Error', message: MESSAGES.refreshToken });
		expect(routes()).toEqual([`${EXCHANGE} 401`]);
	});

	it('used credential, connector secret changed to a wrong one: the exchange with it is refused and the message names the secret', async () => {
		await useCredential();
		const sessionBefore = stored().session;
		expect(await test({ connectorSecret: 'wrong-secret-typed-in' })).toEqual({ status: 'Error', message: MESSAGES.connector });
		// Exactly what was typed was sent, once; the stale session was not used.
		expect(routes()).toEqual([`${EXCHANGE} 401`]);
		expect(headerOf(fixture.requestsFor(EXCHANGE)[0], 'applicationSecret')).toBe('wrong-secret-typed-in');
		expect(stored().session).toBe(sessionBefore);
	});

	it('used credential, refresh token regenerated in the portal: the new one passes, and a node run right after uses it', async () => {
		await useCredential();
		const oldAccessToken = JSON.parse(String(stored().session)).accessToken as string;
		const regenerated = 'sbx-rt-regenerated-in-the-portal-0001';
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { refreshToken: regenerated });

		// A wrong paste fails, naming the refresh token.
		expect(await test({ refreshToken: 'not-the-new-refresh-token' })).toEqual({ status: 'Error', message: MESSAGES.refreshToken });
		// The editor saves, then tests: the stored row holds the new value beside the old session.
		fixture.sandbox.clearLog();
		stored().refreshToken = regenerated;
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(routes()).toEqual([`${EXCHANGE} 200`, `${GROUPS} 200`]);
		expect(headerOf(fixture.requestsFor(EXCHANGE)[0], 'refreshToken')).toBe(regenerated);
		const newAccessToken = headerOf(fixture.requestsFor(GROUPS)[0], 'accessToken');
		expect(newAccessToken).not.toBe(oldAccessToken);
		expect(sessionBelongsTo(stored())).toBe(true);

		// The node, right after: the new values at once, without another exchange.
		fixture.sandbox.clearLog();
		const { error } = await runKaizalaNode({ parameters: { resource: 'group', operation: 'getAll', returnAll: true }, store: fixture.store, credential: fixture.credential });
		expect(error).toBeUndefined();
		expect(routes()).toEqual([`${GROUPS} 200`]);
		expect(headerOf(fixture.requestsFor(GROUPS)[0], 'accessToken')).toBe(newAccessToken);
	});

	it('session empty, wrong secret or wrong refresh token: the specific message, not "Authorization failed"', async () => {
		expect(await test({ connectorSecret: 'wrong-secret-typed-in' })).toEqual({ status: 'Error', message: MESSAGES.connector });
		expect(await test({ refreshToken: 'wrong-refresh-token-typed' })).toEqual({ status: 'Error', message: MESSAGES.refreshToken });
		expect(routes()).toEqual([`${EXCHANGE} 401`, `${EXCHANGE} 401`]);
		expect(stored().session).toBe('');
	});

	it('API root unreachable: names it, what failed, and the field to check', async () => {
		const closedPort = await freePort();
		const apiRoot = `http://127.0.0.1:${closedPort}/v1`;
		expect(await test({ apiRoot })).toEqual({
			status: 'Error',
			message: `Could not reach the Kaizala token service at ${apiRoot}/: the connection was refused (3 attempts). Check the credential's API Root (normally https://api.kaiza.la/v1), then try again later`,
		});
	});

	it('API root not https: refused before anything is sent', async () => {
		expect(await test({ apiRoot: 'http://api.example.com/v1' })).toEqual({
			status: 'Error',
			message:
				'Refusing API Root "http://api.example.com": access tokens are only sent over https (plain http is allowed for loopback hosts only): change the credential\'s API Root to an https:// address (normally https://api.kaiza.la/v1)',
		});
		expect(fixture.sandbox.requests).toHaveLength(0);
	});

	it('an endpoint the https rule refuses: the token is never sent there', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { endpointUrl: 'http://kaizala.example.com/' });
		expect(await test()).toEqual({
			status: 'Error',
			message:
				'Refusing endpointUrl "http://kaizala.example.com": access tokens are only sent over https (plain http is allowed for loopback hosts only): the token service (or a proxy at the credential\'s API Root) named it, so check the API Root',
		});
		expect(routes()).toEqual([`${EXCHANGE} 200`]);
	});
});

describe('"Allowed HTTP Request Domains" (n8n 2.x) on the credential', () => {
	/** The sandbox answers on 127.0.0.1 and, as its endpoint, names another host: localhost. */
	function endpointOnAnotherHost(): string {
		const endpoint = fixture.sandbox.endpointUrlFor(DEMO_CONNECTOR.connectorId).replace('127.0.0.1', 'localhost');
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { endpointUrl: endpoint });
		return endpoint;
	}

	it('both hosts listed: the test and the node work', async () => {
		endpointOnAnotherHost();
		const restricted = { allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1, localhost' };
		Object.assign(stored(), restricted);
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		fixture.sandbox.clearLog();
		const { error } = await runKaizalaNode({ parameters: { resource: 'group', operation: 'getAll', returnAll: true }, store: fixture.store, credential: fixture.credential });
		expect(error).toBeUndefined();
		expect(routes()).toEqual([`${GROUPS} 200`]);
	});

	it('the endpoint host missing: the message names it; the token is not sent', async () => {
		const endpoint = endpointOnAnotherHost();
		Object.assign(stored(), { allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1' });
		const host = new URL(endpoint).hostname;
		const expected = `The Kaizala endpoint (the endpointUrl the token service returned) is ${host}, and this credential's Allowed Domains (127.0.0.1) do not include it: add ${host} (or a wildcard such as *.kaiza.la) to Allowed Domains, or set Allowed HTTP Request Domains to All`;
		expect(await test()).toEqual({ status: 'Error', message: expected });
		expect(routes()).toEqual([`${EXCHANGE} 200`]);
		// The node says the same, per item.
		const { error } = await runKaizalaNode({ parameters: { resource: 'group', operation: 'getAll', returnAll: true }, store: fixture.store, credential: fixture.credential });
		expect(error?.message).toBe(expected);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('the token service host missing: refused before the exchange, naming the API Root', async () => {
		endpointOnAnotherHost();
		Object.assign(stored(), { allowedHttpRequestDomains: 'domains', allowedDomains: 'localhost' });
		const host = new URL(fixture.sandbox.apiRoot).hostname;
		expect(await test()).toEqual({
			status: 'Error',
			message: `The credential's API Root (the token service) is ${host}, and this credential's Allowed Domains (localhost) do not include it: add ${host} (or a wildcard such as *.kaiza.la) to Allowed Domains, or set Allowed HTTP Request Domains to All`,
		});
		expect(fixture.sandbox.requests).toHaveLength(0);
	});

	it('"None" blocks only n8n\'s HTTP Request node: the credential test and the Kaizala node work', async () => {
		Object.assign(stored(), { allowedHttpRequestDomains: 'none', allowedDomains: '' });
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
	});
});

describe("n8n's HTTP Request node with the Kaizala credential, after an edit", () => {
	it('exchanges with the new values before sending (never the stale session, never a request without a token)', async () => {
		await useCredential();
		const regenerated = 'sbx-rt-regenerated-in-the-portal-0002';
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { refreshToken: regenerated });
		stored().refreshToken = regenerated;
		const context = contextWithCredential(fixture.store, 'cred-1');
		// What the HTTP Request node sends: legacy options with the endpoint placeholder.
		const response = (await context.helpers.requestWithAuthentication.call(context, 'kaizalaApi', {
			method: 'GET',
			uri: 'https://endpoint.kaizala.invalid/v1/groups',
			json: true,
		})) as { groups?: unknown[] };
		expect(Array.isArray(response.groups)).toBe(true);
		expect(routes()).toEqual([`${EXCHANGE} 200`, `${GROUPS} 200`]);
		expect(headerOf(fixture.requestsFor(EXCHANGE)[0], 'refreshToken')).toBe(regenerated);
		expect(fixture.requestsFor(GROUPS)[0].accessTokenState).toBe('valid');
		expect(sessionBelongsTo(stored())).toBe(true);
	});

	it('the same through httpRequestWithAuthentication with a relative URL: exchange first, then the endpoint', async () => {
		await useCredential();
		stored().connectorSecret = 'connector-secret-regenerated-0003';
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { connectorSecret: 'connector-secret-regenerated-0003' });
		const context = contextWithCredential(fixture.store, 'cred-1');
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, 'kaizalaApi', {
			method: 'GET',
			url: 'v1/groups',
			json: true,
		})) as { groups?: unknown[] };
		expect(Array.isArray(response.groups)).toBe(true);
		expect(routes()).toEqual([`${EXCHANGE} 200`, `${GROUPS} 200`]);
		expect(headerOf(fixture.requestsFor(EXCHANGE)[0], 'applicationSecret')).toBe('connector-secret-regenerated-0003');
	});
});
