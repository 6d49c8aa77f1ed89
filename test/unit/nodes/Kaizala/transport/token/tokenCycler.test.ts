/**
 * The token cycler's rules on a fake clock with a scripted fetcher: no network, no n8n.
 */
import type { Expiring } from '../../../../../../nodes/Kaizala/transport/token/tokenCycler';
import { createTokenCycler, tokenState } from '../../../../../../nodes/Kaizala/transport/token/tokenCycler';

interface Token extends Expiring {
	value: string;
}

const LIFETIME = 100_000;
/** Refresh 20 s before expiry; never send a token with 5 s or less left. */
const windows = () => ({ refreshMs: 20_000, forcedMs: 5_000 });
const RETRY_MS = 3_000;

function setup() {
	let now = 1_000_000;
	const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
	const cycler = createTokenCycler<Token>({ now: clock.now, windows, retryIntervalMs: RETRY_MS });
	let issued = 0;
	/** Resolvers of the fetches under way, in order: the test decides when each answer arrives. */
	const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
	const fetch = jest.fn(
		() =>
			new Promise<Token>((resolve, reject) => {
				pending.push({
					resolve: () => resolve({ value: `token-${++issued}`, receivedAt: now, accessTokenExpiry: now + LIFETIME }),
					reject,
				});
			}),
	);
	return { clock, cycler, fetch, pending };
}

/** Lets promise callbacks run (the fetch's continuation, the cycler's bookkeeping). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function withToken(env: ReturnType<typeof setup>, key = 'a') {
	const first = env.cycler.getToken(key, env.fetch);
	env.pending.shift()?.resolve();
	return (await first).token;
}

describe('token cycler', () => {
	it('names the three states of a token by its windows', () => {
		const token = { receivedAt: 0, accessTokenExpiry: LIFETIME };
		expect(tokenState(token, windows, LIFETIME - 20_001)).toBe('fresh');
		expect(tokenState(token, windows, LIFETIME - 20_000)).toBe('refresh-due');
		expect(tokenState(token, windows, LIFETIME - 5_000)).toBe('unusable');
	});

	it('N concurrent callers without a token share one refresh and all get its token', async () => {
		const env = setup();
		const callers = Array.from({ length: 25 }, () => env.cycler.getToken('a', env.fetch));
		await settle();
		expect(env.fetch).toHaveBeenCalledTimes(1);
		env.pending.shift()?.resolve();
		const results = await Promise.all(callers);
		expect(new Set(results.map((r) => r.token.value))).toEqual(new Set(['token-1']));
		// Only the caller whose fetch ran is told it refreshed (it persists the token).
		expect(results.filter((r) => r.refreshed)).toHaveLength(1);
		expect(env.cycler.stats).toEqual({ refreshes: 1, joined: 24 });
	});

	it('a fresh token is handed out without any refresh', async () => {
		const env = setup();
		await withToken(env);
		env.clock.advance(LIFETIME - 20_001);
		expect(env.cycler.shouldRefresh('a')).toBe(false);
		expect(env.cycler.mustRefresh('a')).toBe(false);
		await expect(env.cycler.getToken('a', env.fetch)).resolves.toEqual({ token: expect.objectContaining({ value: 'token-1' }), refreshed: false });
		expect(env.fetch).toHaveBeenCalledTimes(1);
	});

	it('shouldRefresh: in the refresh window one caller refreshes, the others keep getting the old token meanwhile', async () => {
		const env = setup();
		await withToken(env);
		env.clock.advance(LIFETIME - 15_000);
		expect(env.cycler.shouldRefresh('a')).toBe(true);
		expect(env.cycler.mustRefresh('a')).toBe(false);
		const refresher = env.cycler.getToken('a', env.fetch);
		await settle();
		expect(env.cycler.shouldRefresh('a')).toBe(false); // someone is refreshing
		const others = await Promise.all([env.cycler.getToken('a', env.fetch), env.cycler.getToken('a', env.fetch)]);
		expect(others.map((r) => r.token.value)).toEqual(['token-1', 'token-1']);
		expect(env.fetch).toHaveBeenCalledTimes(2);
		env.pending.shift()?.resolve();
		await expect(refresher).resolves.toEqual({ token: expect.objectContaining({ value: 'token-2' }), refreshed: true });
		expect((await env.cycler.getToken('a', env.fetch)).token.value).toBe('token-2');
	});

	it('mustRefresh: inside the forced window every caller waits for the new token', async () => {
		const env = setup();
		await withToken(env);
		env.clock.advance(LIFETIME - 5_000);
		expect(env.cycler.mustRefresh('a')).toBe(true);
		expect(env.cycler.peek('a')).toBeUndefined();
		let answered = 0;
		const callers = [1, 2, 3].map(() => env.cycler.getToken('a', env.fetch).then((r) => (answered++, r)));
		await settle();
		expect(answered).toBe(0); // nobody got the old token
		env.pending.shift()?.resolve();
		expect((await Promise.all(callers)).map((r) => r.token.value)).toEqual(['token-2', 'token-2', 'token-2']);
		expect(env.fetch).toHaveBeenCalledTimes(2);
	});

	it('a failed refresh is not cached: its callers see the error, the next caller starts a new refresh', async () => {
		const env = setup();
		const first = env.cycler.getToken('a', env.fetch);
		const joined = env.cycler.getToken('a', env.fetch);
		await settle();
		env.pending.shift()?.reject(new Error('token service down'));
		await expect(first).rejects.toThrow('token service down');
		await expect(joined).rejects.toThrow('token service down');
		const next = env.cycler.getToken('a', env.fetch);
		await settle();
		expect(env.fetch).toHaveBeenCalledTimes(2);
		env.pending.shift()?.resolve();
		expect((await next).token.value).toBe('token-1');
	});

	it('a failed early refresh hands out the still-valid token and is not tried again for the retry interval', async () => {
		const env = setup();
		await withToken(env);
		env.clock.advance(LIFETIME - 15_000);
		const early = env.cycler.getToken('a', env.fetch);
		await settle();
		env.pending.shift()?.reject(new Error('token service down'));
		await expect(early).resolves.toEqual({ token: expect.objectContaining({ value: 'token-1' }), refreshed: false });
		expect(env.cycler.shouldRefresh('a')).toBe(false);
		env.clock.advance(RETRY_MS);
		expect(env.cycler.shouldRefresh('a')).toBe(true);
	});

	it('a failed early refresh fails its caller once the token has entered the forced window', async () => {
		const env = setup();
		await withToken(env);
		env.clock.advance(LIFETIME - 15_000);
		const early = env.cycler.getToken('a', env.fetch);
		await settle();
		env.clock.advance(10_000); // the refresh took long; the token is now too close to expiry
		env.pending.shift()?.reject(new Error('token service down'));
		await expect(early).rejects.toThrow('token service down');
	});

	it('keys are independent: refreshing one neither blocks nor shares with another', async () => {
		const env = setup();
		const a = env.cycler.getToken('a', env.fetch);
		const b = env.cycler.getToken('b', env.fetch);
		await settle();
		expect(env.fetch).toHaveBeenCalledTimes(2);
		env.pending[1].resolve(); // b's answer first
		expect((await b).token.value).toBe('token-1');
		expect(env.cycler.isRefreshing('a')).toBe(true);
		env.pending[0].reject(new Error('a failed'));
		await expect(a).rejects.toThrow('a failed');
		expect(env.cycler.peek('b')?.value).toBe('token-1');
		expect(env.cycler.peek('a')).toBeUndefined();
	});

	it('hold replaces or forgets the token of one key', async () => {
		const env = setup();
		const token = await withToken(env);
		env.cycler.hold('a', { ...token, value: 'moved' });
		expect(env.cycler.peek('a')?.value).toBe('moved');
		env.cycler.hold('a', undefined);
		expect(env.cycler.mustRefresh('a')).toBe(true);
	});
});
