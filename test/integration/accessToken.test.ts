/**
 * Access Token → Get end to end: real workflows executed by n8n-core against the sandbox. The
 * token lifecycle on platform requests: transport/tokenLifecycle.test.ts.
 */
import type { Fixture } from '../helpers/fixtures';
import { EXCHANGE, startFixture } from '../helpers/fixtures';
import { tokenTestRuns } from '../helpers/tokenRuns';

const ACCESS_TOKEN_GET = { resource: 'accessToken', operation: 'get' };

let fixture: Fixture;
const { run, runAfterRestart } = tokenTestRuns(() => fixture);

describe('Access Token → Get', () => {
	beforeEach(async () => {
		fixture = await startFixture();
	});

	it('returns the token, endpoint URL and expiry from one exchange with the connector headers', async () => {
		const { output, error } = await run(ACCESS_TOKEN_GET, { items: [{ a: 1 }, { a: 2 }, { a: 3 }] });
		expect(error).toBeUndefined();
		const exchanges = fixture.requestsFor(EXCHANGE);
		expect(exchanges).toHaveLength(1);
		expect(exchanges[0].status).toBe(200);
		const headers = Object.fromEntries(Object.entries(exchanges[0].headers).map(([k, v]) => [k.toLowerCase(), v]));
		expect(headers.applicationid).toBe(fixture.store.get('cred-1').data.connectorId);
		expect(output).toHaveLength(3);
		const endpointUrl = fixture.sandbox.endpointUrlFor(String(fixture.store.get('cred-1').data.connectorId));
		for (const [index, item] of output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.endpointUrl).toBe(endpointUrl);
			expect(typeof item.json.accessToken).toBe('string');
			expect(item.json.accessTokenExpiry).toBeGreaterThan(Date.now());
			expect(item.json.expiresAt).toBe(new Date(item.json.accessTokenExpiry as number).toISOString());
		}
		// The access token output is the one the sandbox issued and accepts.
		expect(output[0].json.accessToken).toBe(output[2].json.accessToken);
	});

	it('makes one exchange for 1,000 items over 20 concurrent executions, persisted once per refresh', async () => {
		const items = Array.from({ length: 50 }, (_, i) => ({ i }));
		const results = await Promise.all(Array.from({ length: 20 }, () => run(ACCESS_TOKEN_GET, { items })));
		const tokens = new Set(results.flatMap((r) => r.output.map((item) => item.json.accessToken)));
		expect(results.map((r) => r.output.length)).toEqual(Array(20).fill(50));
		expect(tokens.size).toBe(1);
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(1);
		expect(fixture.store.updates).toBeLessThanOrEqual(20);
		expect(fixture.store.updates).toBeGreaterThanOrEqual(1);
	});

	it('a second process reuses the token persisted in the credential', async () => {
		const first = await run(ACCESS_TOKEN_GET);
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(1);
		expect(String(fixture.store.get('cred-1').data.session)).not.toBe('');

		const second = await runAfterRestart(ACCESS_TOKEN_GET);
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(1);
		expect(second.output[0].json.accessToken).toBe(first.output[0].json.accessToken);
	});

	it('refuses a plain-http endpoint on a non-loopback host and never sends the token there', async () => {
		const connectorId = String(fixture.store.get('cred-1').data.connectorId);
		fixture.sandbox.setConnector(connectorId, { endpointUrl: 'http://kaizala.example.com/' });
		const { error, output } = await run(ACCESS_TOKEN_GET);
		expect(output).toHaveLength(0);
		expect(error?.message).toMatch(/only sent over https/);
		expect(fixture.sandbox.requests.map((r) => r.route)).toEqual([EXCHANGE]);
		expect(fixture.store.get('cred-1').data.session).toBe('');
	});

	it('refuses a plain-http API root off loopback before any request', async () => {
		fixture.store.get('cred-1').data.apiRoot = 'http://api.example.com/v1';
		const { error } = await run(ACCESS_TOKEN_GET);
		expect(error?.message).toMatch(/API Root.*only sent over https/);
		expect(fixture.sandbox.requests).toHaveLength(0);
	});

	it('names a missing refresh token (PIN bootstrap pending) before any request', async () => {
		fixture.store.get('cred-1').data.refreshToken = '';
		const { error } = await run(ACCESS_TOKEN_GET);
		expect(error?.message).toMatch(/^The Kaizala credential has no Refresh Token: paste the token from the Kaizala Management Portal/);
		expect(fixture.sandbox.requests).toHaveLength(0);
	});

	it('explains a wrong connector secret', async () => {
		fixture.store.get('cred-1').data.connectorSecret = 'not-the-secret';
		const { error } = await run(ACCESS_TOKEN_GET);
		expect(error?.message).toMatch(/^Kaizala did not accept the Connector ID or Connector Secret: copy both again/);
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(1);
	});

	it('explains a revoked refresh token and how to generate a new one', async () => {
		fixture.sandbox.revokeRefreshToken(String(fixture.store.get('cred-1').data.connectorId));
		const { error } = await run(ACCESS_TOKEN_GET);
		expect(error?.message).toMatch(/did not accept the Refresh Token: it is expired, revoked or was replaced/);
		expect(error?.message).toMatch(/Generate user token/);
	});

	it('retries a failing token service with backoff, then reports it', async () => {
		fixture.sandbox.faults.add({ kind: 'token', status: 503, times: 3 });
		const { error } = await run(ACCESS_TOKEN_GET);
		expect(error?.message).toMatch(/Could not reach the Kaizala token service at .*: it answered HTTP 503 \(3 attempts\)/);
		expect(fixture.requestsFor(EXCHANGE).map((r) => r.status)).toEqual([503, 503, 503]);
	});

	it('recovers when the token service fails once', async () => {
		fixture.sandbox.faults.add({ kind: 'token', drop: true, times: 1 });
		const { error, output } = await run(ACCESS_TOKEN_GET);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(fixture.requestsFor(EXCHANGE).map((r) => r.status)).toEqual([0, 200]);
	});

	it('reports a malformed token response, without repeating the exchange', async () => {
		fixture.sandbox.faults.add({ kind: 'token', malformed: true, times: 1 });
		const { error } = await run(ACCESS_TOKEN_GET);
		expect(error?.message).toMatch(/malformed response/);
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(1);
	});

	it('a malformed answer to an exchange that rotated the refresh token: not repeated, and the message says why', async () => {
		const connectorId = String(fixture.store.get('cred-1').data.connectorId);
		const original = fixture.sandbox.currentRefreshToken(connectorId);
		fixture.sandbox.rotateRefreshTokenOnNextExchange(connectorId);
		// The service processes the exchange (and rotates), then the answer is cut off on the way.
		fixture.sandbox.faults.add({ kind: 'token', malformed: true, afterProcessing: true, times: 1 });
		const { error } = await run(ACCESS_TOKEN_GET);
		expect(fixture.sandbox.currentRefreshToken(connectorId)).not.toBe(original);
		expect(error?.message).toBe(
			'The Kaizala token service sent a malformed response (it is not a JSON object), a fault of the service or of a proxy in between. The exchange was not repeated: the service may have processed it and put a new refresh token in that answer. So try again later; if Kaizala then refuses the Refresh Token, generate a new one in the Kaizala Management Portal (https://manage.kaiza.la → Connectors → your connector → Generate user token) and paste it into the credential',
		);
		// One exchange: a repeat with the old refresh token would only have been refused.
		expect(fixture.requestsFor(EXCHANGE).map((r) => r.status)).toEqual([200]);
		// The next run meets exactly what the message announced.
		const next = await run(ACCESS_TOKEN_GET);
		expect(next.error?.message).toMatch(/^Kaizala did not accept the Refresh Token/);
	});

	it('with Continue On Fail, reports the failure on every item', async () => {
		fixture.store.get('cred-1').data.connectorSecret = 'wrong';
		const { output, error } = await run(ACCESS_TOKEN_GET, { items: [{}, {}], continueOnFail: true });
		expect(error).toBeUndefined();
		const errors = output.map((item) => String(item.json.error));
		expect(errors).toHaveLength(2);
		for (const message of errors) expect(message).toMatch(/^Kaizala did not accept the Connector ID or Connector Secret/);
	});
});
