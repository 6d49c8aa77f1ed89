/**
 * The token lifecycle on platform requests (transport/token/): expiry, a 401, a 308 move, a
 * rotated refresh token, a failing token service. Real workflows in n8n-core against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../../sandbox';
import type { Fixture } from '../../helpers/fixtures';
import { EXCHANGE, startFixture } from '../../helpers/fixtures';
import { tokenTestRuns } from '../../helpers/tokenRuns';

const ACCESS_TOKEN_GET = { resource: 'accessToken', operation: 'get' };

let fixture: Fixture;
const { run, runAfterRestart } = tokenTestRuns(() => fixture);

function messageTo(text: string): IDataObject {
	return {
		resource: 'message',
		operation: 'send',
		groupId: { __rl: true, mode: 'id', value: DEMO_GROUPS.fieldTeam.groupId },
		message: text,
	};
}

function sendMessage(text: string) {
	return run(messageTo(text));
}

describe('token lifecycle on platform requests', () => {
	it('never sends an expired token across several expiries, and normal operation sees no 401', async () => {
		// As many calls as 10 s allow: the credential lifts the node's pacing like the sandbox's throttle.
		fixture = await startFixture(
			{ accessTokenLifetimeMs: 4000, throttle: false },
			{ customCallLimits: true, connectorCallsPerMinute: 1_000_000, tenantCallsPerMinute: 1_000_000 },
		);
		const until = Date.now() + 10_000;
		let sent = 0;
		while (Date.now() < until) {
			const { error } = await sendMessage(`tick ${sent++}`);
			expect(error?.message).toBeUndefined();
		}
		const platform = fixture.sandbox.requests.filter((r) => r.route !== EXCHANGE);
		expect(platform.length).toBe(sent);
		expect(platform.filter((r) => r.accessTokenState !== 'valid')).toEqual([]);
		expect(platform.filter((r) => r.status === 401)).toEqual([]);
		// 4 s tokens over 10 s (refreshed 2 s before expiry): a handful of exchanges, not one per request.
		const exchanges = fixture.requestsFor(EXCHANGE).length;
		expect(exchanges).toBeGreaterThanOrEqual(3);
		expect(exchanges).toBeLessThan(sent);
	});

	it('a 401 invalidates the token, exchanges once and retries once', async () => {
		fixture = await startFixture();
		await sendMessage('before');
		fixture.sandbox.clearLog();
		fixture.sandbox.expireAccessTokens();
		const { error, output } = await sendMessage('after');
		expect(error).toBeUndefined();
		expect(output[0].json.referenceId).toEqual(expect.any(String));
		expect(fixture.sandbox.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
			'POST /groups/:groupId/messages 401',
			'GET /accessToken 200',
			'POST /groups/:groupId/messages 200',
		]);
	});

	it('a 308 moves the endpoint for the retry and everything after', async () => {
		fixture = await startFixture();
		await sendMessage('before');
		const connectorId = String(fixture.store.get('cred-1').data.connectorId);
		const oldEndpoint = fixture.sandbox.endpointUrlFor(connectorId);
		const newEndpoint = fixture.sandbox.moveEndpoint(connectorId);
		fixture.sandbox.clearLog();
		await sendMessage('moved 1');
		await sendMessage('moved 2');
		const seen = fixture.sandbox.requests.map((r) => ({ status: r.status, onNew: r.path.startsWith(new URL(newEndpoint).pathname) }));
		expect(seen).toEqual([
			{ status: 308, onNew: false },
			{ status: 200, onNew: true },
			{ status: 200, onNew: true },
		]);
		expect(new URL(oldEndpoint).pathname).not.toBe(new URL(newEndpoint).pathname);
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(0);
	});

	it('a 308 move is persisted with the session: after a restart the first request goes to the new endpoint', async () => {
		fixture = await startFixture();
		await sendMessage('before');
		const connectorId = String(fixture.store.get('cred-1').data.connectorId);
		const newEndpoint = fixture.sandbox.moveEndpoint(connectorId);
		await sendMessage('moved');
		expect(String(fixture.store.get('cred-1').data.session)).toContain(newEndpoint);

		fixture.sandbox.clearLog();
		const { error } = await runAfterRestart(messageTo('after restart'));
		expect(error).toBeUndefined();
		expect(fixture.sandbox.requests.map((r) => ({ status: r.status, onNew: r.path.startsWith(new URL(newEndpoint).pathname) }))).toEqual([
			{ status: 200, onNew: true },
		]);
	});

	it('a rotated refresh token is persisted and used after a restart', async () => {
		fixture = await startFixture();
		const connectorId = String(fixture.store.get('cred-1').data.connectorId);
		const original = String(fixture.store.get('cred-1').data.refreshToken);
		fixture.sandbox.rotateRefreshTokenOnNextExchange(connectorId);
		await run(ACCESS_TOKEN_GET);
		const rotated = fixture.sandbox.currentRefreshToken(connectorId);
		expect(rotated).not.toBe(original);
		expect(fixture.store.get('cred-1').data.refreshToken).toBe(rotated);

		// Restart: a new process, and the access token has expired meanwhile.
		fixture.sandbox.expireAccessTokens();
		fixture.store.get('cred-1').data.session = '';
		fixture.sandbox.clearLog();
		const { error } = await runAfterRestart(ACCESS_TOKEN_GET);
		expect(error).toBeUndefined();
		const exchange = fixture.requestsFor(EXCHANGE)[0];
		const sentRefreshToken = Object.entries(exchange.headers).find(([k]) => k.toLowerCase() === 'refreshtoken')?.[1];
		expect(sentRefreshToken).toBe(rotated);
		expect(exchange.status).toBe(200);
	});

	it('inside the refresh window, a failing token service does not stop requests while the token is valid', async () => {
		fixture = await startFixture({ accessTokenLifetimeMs: 16_000, throttle: false });
		await sendMessage('fresh');
		// 16 s tokens: the refresh window opens 8 s before expiry, the forced window 4 s before;
		// the failing exchange's 3 attempts take 1.5 s and end well before the forced window.
		await new Promise((resolve) => setTimeout(resolve, 8300));
		fixture.sandbox.faults.add({ kind: 'token', status: 503, times: 3 });
		fixture.sandbox.clearLog();
		const first = await sendMessage('in refresh window, service down');
		const second = await sendMessage('shortly after');
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(fixture.sandbox.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
			'GET /accessToken 503',
			'GET /accessToken 503',
			'GET /accessToken 503',
			'POST /groups/:groupId/messages 200',
			'POST /groups/:groupId/messages 200',
		]);
		expect(fixture.sandbox.requests.filter((r) => r.accessTokenState === 'expired')).toEqual([]);
	});
});
