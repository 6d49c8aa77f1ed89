/**
 * Every cache rule of the token store on a fake clock, with a scripted token service.
 */
import type { ConnectorCredentials, TokenFetcher } from '../../../../../../nodes/Kaizala/transport/token/tokenStore';
import { createTokenStore, credentialKey, parseSession, rememberLast } from '../../../../../../nodes/Kaizala/transport/token/tokenStore';
import type { TokenServiceResponse } from '../../../../../../nodes/Kaizala/transport/token/grant';
import { refreshWindows, serializeSession } from '../../../../../../nodes/Kaizala/transport/token/grant';
import { tokenState } from '../../../../../../nodes/Kaizala/transport/token/tokenCycler';
import { KaizalaAuthError } from '../../../../../../nodes/Kaizala/transport/token/authErrors';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const credentials: ConnectorCredentials = {
	apiRoot: 'https://api.kaiza.la/v1',
	connectorId: 'connector-1',
	connectorSecret: 'secret-1',
	refreshToken: 'refresh-1',
};

function fakeClock(start = 1_700_000_000_000) {
	let now = start;
	return {
		now: () => now,
		advance: (ms: number) => {
			now += ms;
		},
	};
}

/** A token service that answers from a script and records what it was asked. */
function scriptedService(clock: { now: () => number }, script: Array<Partial<TokenServiceResponse> | Error> = []) {
	const calls: Array<{ url: string; headers: Record<string, string> }> = [];
	let issued = 0;
	const fetcher: TokenFetcher = async (request) => {
		calls.push(request);
		const step = script.shift();
		if (step instanceof Error) throw step;
		if (step) return { statusCode: 200, headers: {}, body: undefined, ...step };
		issued++;
		return {
			statusCode: 200,
			headers: {},
			body: {
				accessToken: `access-${issued}`,
				endpointUrl: 'https://kms.kaiza.la/v1',
				accessTokenExpiry: clock.now() + DAY,
				refreshToken: '',
				scope: 'token.write',
			},
		};
	};
	return { fetcher, calls };
}

describe('token windows', () => {
	it('refreshes 5 minutes ahead and never sends a 24 h token with under a minute left', () => {
		expect(refreshWindows({ receivedAt: 0, accessTokenExpiry: DAY })).toEqual({
			forcedMs: 60_000,
			refreshMs: 300_000,
		});
	});

	it('scales the windows down for short-lived tokens', () => {
		expect(refreshWindows({ receivedAt: 0, accessTokenExpiry: 4000 })).toEqual({ forcedMs: 1000, refreshMs: 2000 });
	});

	it('classifies a grant as fresh, refresh-due, then unusable', () => {
		const grant = { accessToken: 'a', endpointUrl: 'https://x/', scope: '', receivedAt: 0, accessTokenExpiry: DAY };
		expect(tokenState(grant, refreshWindows, DAY - 300_001)).toBe('fresh');
		expect(tokenState(grant, refreshWindows, DAY - 200_000)).toBe('refresh-due');
		expect(tokenState(grant, refreshWindows, DAY - 60_000)).toBe('unusable');
		expect(tokenState(grant, refreshWindows, DAY + 1)).toBe('unusable');
	});
});

describe('createTokenStore', () => {
	it('exchanges with the connector headers at {apiRoot}/accessToken', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		const outcome = await store.exchange(credentials, service.fetcher);
		expect(service.calls).toEqual([
			{
				url: 'https://api.kaiza.la/v1/accessToken',
				headers: { applicationId: 'connector-1', applicationSecret: 'secret-1', refreshToken: 'refresh-1' },
			},
		]);
		expect(outcome.grant).toMatchObject({ accessToken: 'access-1', endpointUrl: 'https://kms.kaiza.la/v1/' });
		expect(outcome.rotatedRefreshToken).toBeUndefined();
	});

	it('shares one in-flight exchange between concurrent callers', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		const outcomes = await Promise.all(Array.from({ length: 50 }, () => store.exchange(credentials, service.fetcher)));
		expect(service.calls).toHaveLength(1);
		expect(new Set(outcomes.map((o) => o.grant.accessToken))).toEqual(new Set(['access-1']));
		expect(store.stats).toEqual({ refreshes: 1, joined: 49 });
	});

	it('serves the cached grant until the refresh window, then asks for a refresh, then refuses it', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		await store.exchange(credentials, service.fetcher);
		expect(store.lookup(credentials)?.state).toBe('fresh');
		clock.advance(DAY - 4 * 60_000);
		expect(store.lookup(credentials)?.state).toBe('refresh-due');
		clock.advance(3.5 * 60_000);
		expect(store.lookup(credentials)).toBeUndefined();
	});

	it('keys the cache by every credential value, so an edited credential never gets the old token', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		await store.exchange(credentials, service.fetcher);
		for (const edit of [
			{ connectorSecret: 'secret-2' },
			{ connectorId: 'connector-2' },
			{ refreshToken: 'refresh-2' },
			{ apiRoot: 'https://proxy.example.com/v1' },
		]) {
			expect(store.lookup({ ...credentials, ...edit })).toBeUndefined();
		}
		expect(store.lookup(credentials)?.grant.accessToken).toBe('access-1');
	});

	it('uses a hash as key, never a secret', () => {
		const key = credentialKey(credentials);
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		for (const secret of ['secret-1', 'refresh-1']) expect(key).not.toContain(secret);
	});

	it('adopts a persisted session bound to the same credential values (a new process)', () => {
		const clock = fakeClock();
		const store = createTokenStore({ now: clock.now });
		const grant = {
			accessToken: 'persisted',
			endpointUrl: 'https://kms.kaiza.la/v1/',
			accessTokenExpiry: clock.now() + HOUR,
			receivedAt: clock.now(),
			scope: '',
		};
		const session = serializeSession(credentialKey(credentials), grant);
		expect(store.lookup(credentials, session)?.grant.accessToken).toBe('persisted');
		// The same session is not adopted for edited credential values.
		const other = createTokenStore({ now: clock.now });
		expect(other.lookup({ ...credentials, connectorSecret: 'changed' }, session)).toBeUndefined();
	});

	it('ignores persisted sessions that are malformed or point at an insecure endpoint', () => {
		const key = credentialKey(credentials);
		expect(parseSession('{not json', key)).toBeUndefined();
		expect(
			parseSession(
				serializeSession(key, {
					accessToken: 'a',
					endpointUrl: 'http://evil.example.com/',
					accessTokenExpiry: Date.now() + HOUR,
					receivedAt: Date.now(),
					scope: '',
				}),
				key,
			),
		).toBeUndefined();
	});

	it('invalidates only the token a 401 was received for', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		await store.exchange(credentials, service.fetcher);
		// A token that expires before access-1 was refused: access-1 is newer and stays.
		store.invalidate(credentials, { accessToken: 'some-other-token', accessTokenExpiry: clock.now() + 1 });
		expect(store.lookup(credentials)?.grant.accessToken).toBe('access-1');
		store.invalidate(credentials, store.lookup(credentials)!.grant);
		expect(store.lookup(credentials)).toBeUndefined();
	});

	it('after a 401 adopts no persisted token issued before the refused one (it expires no later), only a newer one', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		const key = credentialKey(credentials);
		const persisted = (accessToken: string, accessTokenExpiry: number) =>
			serializeSession(key, { accessToken, endpointUrl: 'https://kms.kaiza.la/v1/', accessTokenExpiry, receivedAt: clock.now(), scope: '' });
		await store.exchange(credentials, service.fetcher);
		// Another worker persisted a token issued a minute before this process's own.
		const own = store.lookup(credentials)!.grant;
		const olderElsewhere = persisted('from-the-other-worker', own.accessTokenExpiry - 60_000);
		expect(store.lookup(credentials, olderElsewhere)!.grant.accessToken).toBe('access-1');
		store.invalidate(credentials, own);
		expect(store.lookup(credentials, olderElsewhere)).toBeUndefined();
		// A token the other worker got after the refusal is adopted.
		expect(store.lookup(credentials, persisted('newer-elsewhere', own.accessTokenExpiry + 1))?.grant.accessToken).toBe('newer-elsewhere');
	});

	it('does not re-adopt a persisted session whose token a 401 proved dead', async () => {
		const clock = fakeClock();
		const store = createTokenStore({ now: clock.now });
		const grant = {
			accessToken: 'dead',
			endpointUrl: 'https://kms.kaiza.la/v1/',
			accessTokenExpiry: clock.now() + HOUR,
			receivedAt: clock.now(),
			scope: '',
		};
		const session = serializeSession(credentialKey(credentials), grant);
		expect(store.lookup(credentials, session)?.grant.accessToken).toBe('dead');
		store.invalidate(credentials, grant);
		expect(store.lookup(credentials, session)).toBeUndefined();
	});

	it('moves the endpoint on 308 and refuses a plain-http location off loopback', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		await store.exchange(credentials, service.fetcher);
		expect(store.moveEndpoint(credentials, 'https://kms2.kaiza.la/v1')).toMatchObject({
			grant: { endpointUrl: 'https://kms2.kaiza.la/v1/' },
		});
		expect(store.moveEndpoint(credentials, 'http://kms3.example.com/')).toEqual({
			refused: expect.stringContaining('only sent over https'),
		});
		expect(store.lookup(credentials)?.grant.endpointUrl).toBe('https://kms2.kaiza.la/v1/');
		expect(store.moveEndpoint(credentials, 'http://127.0.0.1:9/v1')).toMatchObject({
			grant: { endpointUrl: 'http://127.0.0.1:9/v1/' },
		});
	});

	it('uses a rotated refresh token from then on and reports it for persistence', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock, [
			{
				body: {
					accessToken: 'access-rotated',
					endpointUrl: 'https://kms.kaiza.la/',
					accessTokenExpiry: clock.now() + DAY,
					refreshToken: 'refresh-NEW',
				},
			},
		]);
		const store = createTokenStore({ now: clock.now });
		const outcome = await store.exchange(credentials, service.fetcher);
		expect(outcome.rotatedRefreshToken).toBe('refresh-NEW');
		expect(outcome.key).toBe(credentialKey({ ...credentials, refreshToken: 'refresh-NEW' }));
		// Both the old (not yet persisted) and the new credential values find the grant.
		expect(store.lookup(credentials)?.grant.accessToken).toBe('access-rotated');
		expect(store.lookup({ ...credentials, refreshToken: 'refresh-NEW' })?.grant.accessToken).toBe('access-rotated');
		// The next exchange, even from the stale credential values, sends the new refresh token.
		store.invalidate(credentials, store.lookup(credentials)!.grant);
		await store.exchange(credentials, service.fetcher);
		expect(service.calls[1].headers.refreshToken).toBe('refresh-NEW');
	});

	it('retries an unreachable or failing token service with backoff, bounded', async () => {
		const clock = fakeClock();
		const waits: number[] = [];
		const service = scriptedService(clock, [
			Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
			{ statusCode: 503, body: 'busy' },
		]);
		const store = createTokenStore({ now: clock.now, sleep: async (ms) => void waits.push(ms), backoffMs: 100 });
		const outcome = await store.exchange(credentials, service.fetcher);
		expect(outcome.grant.accessToken).toBe('access-1');
		expect(service.calls).toHaveLength(3);
		expect(waits).toEqual([100, 200]);
	});

	it('honours Retry-After from the token service', async () => {
		const clock = fakeClock();
		const waits: number[] = [];
		const service = scriptedService(clock, [{ statusCode: 429, headers: { 'retry-after': '7' } }]);
		const store = createTokenStore({ now: clock.now, sleep: async (ms) => void waits.push(ms) });
		await store.exchange(credentials, service.fetcher);
		expect(waits).toEqual([7000]);
	});

	it('gives up after the bounded attempts with a clear error and resets for the next caller', async () => {
		const clock = fakeClock();
		const down = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1'), { code: 'ECONNREFUSED' });
		const service = scriptedService(clock, [down, down, down]);
		const store = createTokenStore({ now: clock.now, maxExchangeAttempts: 3 });
		const failure = await store.exchange(credentials, service.fetcher).catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(KaizalaAuthError);
		expect((failure as KaizalaAuthError).reason).toBe('service-unavailable');
		// In words: n8n would replace a message naming ECONNREFUSED with its generic one.
		expect((failure as Error).message).toMatch(/^Could not reach the Kaizala token service at https:\/\/api\.kaiza\.la\/v1\/: the connection was refused \(3 attempts\)\. Check the credential's API Root/);
		expect((failure as Error).message).not.toContain('ECONNREFUSED');
		expect(service.calls).toHaveLength(3);
		// Reset on failure: the next call starts a new exchange, which now succeeds.
		await expect(store.exchange(credentials, service.fetcher)).resolves.toMatchObject({
			grant: { accessToken: 'access-1' },
		});
	});

	it.each([
		[{ statusCode: 401, body: { errorCode: 'InvalidConnectorCredentials', message: 'Unknown application' } }, 'invalid-connector', /did not accept the Connector ID or Connector Secret: copy both again/],
		[{ statusCode: 401, body: { errorCode: 'InvalidRefreshToken', message: 'Refresh token revoked' } }, 'refresh-token-rejected', /did not accept the Refresh Token: it is expired, revoked or was replaced.*Generate user token/],
		[{ statusCode: 401, body: { errorCode: 'RefreshTokenExpired', message: 'expired' } }, 'refresh-token-rejected', /did not accept the Refresh Token: it is expired, revoked or was replaced.*Generate user token/],
		[{ statusCode: 200, body: '<html>oops' }, 'malformed-response', /malformed/],
		[{ statusCode: 200, body: { accessToken: 'x', endpointUrl: 'https://e/', accessTokenExpiry: 'soon' } }, 'malformed-response', /accessTokenExpiry/],
		[{ statusCode: 200, body: { accessToken: 'x', endpointUrl: 'http://kms.example.com/', accessTokenExpiry: 1 } }, 'insecure-endpoint', /only sent over https/],
	])('turns %j into a %s error', async (response, reason, message) => {
		const clock = fakeClock();
		const service = scriptedService(clock, [response as Partial<TokenServiceResponse>]);
		const store = createTokenStore({ now: clock.now });
		const failure = (await store.exchange(credentials, service.fetcher).catch((e: unknown) => e)) as KaizalaAuthError;
		expect(failure.reason).toBe(reason);
		expect(failure.message).toMatch(message);
		const everything = `${failure.message} ${failure.description ?? ''}`;
		for (const secret of ['secret-1', 'refresh-1']) expect(everything).not.toContain(secret);
	});

	it('tells how to get a new refresh token when it is rejected', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock, [{ statusCode: 401, body: { errorCode: 'InvalidRefreshToken' } }]);
		const store = createTokenStore({ now: clock.now });
		const failure = (await store.exchange(credentials, service.fetcher).catch((e: unknown) => e)) as KaizalaAuthError;
		// In the message itself: n8n's credential test shows the message alone.
		expect(failure.message).toContain('Connectors → your connector → Generate user token');
	});

	it('refuses a plain-http API root off loopback before any request', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		const failure = (await store
			.exchange({ ...credentials, apiRoot: 'http://api.example.com/v1' }, service.fetcher)
			.catch((e: unknown) => e)) as KaizalaAuthError;
		expect(failure.reason).toBe('insecure-endpoint');
		expect(service.calls).toHaveLength(0);
	});

	it('keeps using a still-valid token quietly for a while after an early refresh failed', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		await store.exchange(credentials, service.fetcher);
		clock.advance(DAY - 4 * 60_000);
		expect(store.lookup(credentials)?.state).toBe('refresh-due');
		const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		const failing = scriptedService(clock, [down, down, down]);
		// The early refresh fails: this caller still gets the valid token, and nobody tries again for 30 s.
		await expect(store.obtain(credentials, undefined, failing.fetcher)).resolves.toMatchObject({ grant: { accessToken: 'access-1' } });
		expect(failing.calls).toHaveLength(3);
		await store.obtain(credentials, undefined, failing.fetcher);
		expect(failing.calls).toHaveLength(3);
		clock.advance(30_000);
		const outcome = await store.obtain(credentials, undefined, service.fetcher);
		expect(outcome.grant.accessToken).toBe('access-2');
		expect(outcome.exchanged?.grant.accessToken).toBe('access-2');
	});

	it('does not start an early refresh while one is in flight: the others go on with the current token', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock);
		const store = createTokenStore({ now: clock.now });
		await store.exchange(credentials, service.fetcher);
		clock.advance(DAY - 4 * 60_000);
		let release: () => void = () => {};
		const slow: TokenFetcher = async (request) => {
			await new Promise<void>((resolve) => (release = resolve));
			return await service.fetcher(request);
		};
		const refreshing = store.obtain(credentials, undefined, slow);
		const meanwhile = await store.obtain(credentials, undefined, slow);
		expect(meanwhile).toEqual({ grant: expect.objectContaining({ accessToken: 'access-1' }), exchanged: undefined });
		release();
		expect((await refreshing).grant.accessToken).toBe('access-2');
		expect(service.calls).toHaveLength(2);
	});

	it('does not repeat an exchange whose answer arrived but cannot be read, and says why without a secret', async () => {
		const clock = fakeClock();
		const service = scriptedService(clock, [{ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"accessToken": "sbx-at-' }]);
		const waits: number[] = [];
		const store = createTokenStore({ now: clock.now, sleep: async (ms) => void waits.push(ms) });
		const failure = (await store.exchange(credentials, service.fetcher).catch((e: unknown) => e)) as KaizalaAuthError;
		expect(service.calls).toHaveLength(1);
		expect(waits).toEqual([]);
		expect(failure.reason).toBe('malformed-response');
		expect(failure.message).toMatch(/^The Kaizala token service sent a malformed response \(it is not a JSON object\)/);
		expect(failure.message).toMatch(/not repeated: the service may have processed it and put a new refresh token in that answer/);
		expect(failure.message).toContain('Generate user token');
		for (const secret of ['secret-1', 'refresh-1', 'sbx-at-']) expect(failure.message).not.toContain(secret);
		// Not cached: the next caller exchanges again.
		await expect(store.exchange(credentials, service.fetcher)).resolves.toMatchObject({ grant: { accessToken: 'access-1' } });
	});
});

describe('rememberLast', () => {
	it('computes once for a repeated input and again when the input changes', () => {
		const seen: string[] = [];
		const length = rememberLast((text: string) => {
			seen.push(text);
			return text.length;
		});
		expect([length('ab'), length('ab'), length('abc'), length('abc'), length('ab')]).toEqual([2, 2, 3, 3, 2]);
		expect(seen).toEqual(['ab', 'abc', 'ab']);
	});
});

describe('parseSession, read once per change of the persisted text', () => {
	const grant = { accessToken: 'at-1', endpointUrl: 'https://kms.kaiza.la/', accessTokenExpiry: 2_000_000, receivedAt: 1_000_000, scope: 'x' };

	it('gives the grant only for the key the session belongs to, whatever was asked just before', () => {
		const text = serializeSession('key-a', grant);
		expect(parseSession(text, 'key-a')).toEqual(grant);
		expect(parseSession(text, 'key-b')).toBeUndefined();
		expect(parseSession(text, 'key-a')).toEqual(grant);
	});

	it('hands out a grant that cannot be changed by one caller for the next', () => {
		const text = serializeSession('key-a', grant);
		const first = parseSession(text, 'key-a')!;
		expect(() => Object.assign(first, { accessToken: 'changed' })).toThrow(TypeError);
		expect(parseSession(text, 'key-a')!.accessToken).toBe('at-1');
	});
});
