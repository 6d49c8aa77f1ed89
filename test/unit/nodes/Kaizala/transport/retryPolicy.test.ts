import type { AttemptOutcome } from '../../../../../nodes/Kaizala/transport/retryPolicy';
import { backoffMs, decideRetry, durationWording, networkFailureOf, RETRY_LIMITS, throttledOutWording, throttlePauseMs } from '../../../../../nodes/Kaizala/transport/retryPolicy';

const none = { throttled: 0, transient: 0 };
const status = (code: number, retryAfterMs?: number): AttemptOutcome => ({ kind: 'response', status: code, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
const network = (failure: 'refused' | 'timeout' | 'reset'): AttemptOutcome => ({ kind: 'network', failure });
const half = () => 0.5;

describe('retry policy: nothing is done twice', () => {
	it.each(['GET', 'PUT', 'DELETE'])('%s is retried on 5xx, timeouts and resets', (method) => {
		for (const outcome of [status(500), status(502), status(503), status(504), network('timeout'), network('reset'), network('refused')]) {
			expect(decideRetry({ method }, outcome, none, half)).toMatchObject({ retry: true, throttled: false });
		}
	});

	it('a POST is retried only when it provably did not take effect', () => {
		expect(decideRetry({ method: 'POST' }, network('refused'), none, half)).toMatchObject({ retry: true });
		expect(decideRetry({ method: 'POST' }, status(429, 2000), none, () => 0)).toEqual({ retry: true, delayMs: 2000, throttled: true });
		expect(decideRetry({ method: 'POST' }, status(503, 3000), none, half)).toMatchObject({ retry: true, delayMs: 3000 });
		for (const outcome of [status(500), status(502), status(503), status(504), network('timeout'), network('reset')]) {
			expect(decideRetry({ method: 'POST' }, outcome, none, half)).toEqual({ retry: false, ambiguous: true });
		}
		expect(decideRetry({ method: 'PATCH' }, network('reset'), none, half)).toEqual({ retry: false, ambiguous: true });
	});

	it('a POST that only reads is retried like a GET', () => {
		for (const outcome of [status(500), status(502), network('timeout'), network('reset')]) {
			expect(decideRetry({ method: 'POST', readOnly: true }, outcome, none, half)).toMatchObject({ retry: true, throttled: false });
		}
	});

	it('answers that are final are not retried and not ambiguous', () => {
		for (const code of [400, 401, 403, 404, 409, 413]) {
			expect(decideRetry({ method: 'POST' }, status(code), none, half)).toEqual({ retry: false, ambiguous: false });
			expect(decideRetry({ method: 'GET' }, status(code), none, half)).toEqual({ retry: false, ambiguous: false });
		}
	});

	it('retries are bounded; Retry-After is capped', () => {
		const spent = { throttled: 50, transient: RETRY_LIMITS.transient };
		expect(decideRetry({ method: 'GET' }, status(500), spent, half)).toEqual({ retry: false, ambiguous: false });
		expect(decideRetry({ method: 'POST' }, network('refused'), spent, half)).toEqual({ retry: false, ambiguous: false });
		// A 429 is bounded in time, not in count: 50 of them within the bound are still retried.
		expect(decideRetry({ method: 'POST' }, status(429, 1000), { ...spent, throttledForMs: 60_000 }, half)).toMatchObject({ retry: true, throttled: true });
		expect(decideRetry({ method: 'GET' }, status(429, 3_600_000), none, () => 0)).toMatchObject({ delayMs: RETRY_LIMITS.maxRetryAfterMs });
	});

	it('backoff doubles per retry up to the cap, with jitter in the upper half', () => {
		expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, () => 0))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
		expect([1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([500, 1000, 2000]);
	});

	it('classifies the request helper errors by code', () => {
		expect(networkFailureOf({ code: 'ECONNREFUSED' })).toBe('refused');
		expect(networkFailureOf({ message: 'x', cause: { code: 'ECONNREFUSED' } })).toBe('refused');
		expect(networkFailureOf({ code: 'ECONNABORTED', message: 'timeout of 60000ms exceeded' })).toBe('timeout');
		expect(networkFailureOf({ code: 'ECONNRESET', message: 'socket hang up' })).toBe('reset');
		expect(networkFailureOf(new Error('something else'))).toBe('reset');
	});
});

/**
 * A request that keeps meeting 429s, on an injected clock: the caller's loop in
 * kaizalaApiRequest (first 429 → throttledForMs measured from it, pause, send again).
 */
function throttledUntilGivingUp(retryAfterMs: number | undefined, random: () => number, answeredAfterMs = 0) {
	let clock = 0;
	let firstThrottledAt: number | undefined;
	const counts = { throttled: 0, transient: 0, throttledForMs: 0 };
	const pauses: number[] = [];
	for (;;) {
		clock += answeredAfterMs; // the 429 comes back
		firstThrottledAt ??= clock;
		counts.throttledForMs = clock - firstThrottledAt;
		const decision = decideRetry({ method: 'POST' }, status(429, retryAfterMs), counts, random);
		if (!decision.retry) return { decision, counts, pauses, clock };
		pauses.push(decision.delayMs);
		counts.throttled++;
		clock += decision.delayMs;
	}
}

describe('429s are bounded in time, not in count', () => {
	it('a write keeps being retried after 429s until waiting again would pass 10 minutes, then gives up saying so', () => {
		const { decision, counts, pauses } = throttledUntilGivingUp(60_000, half, 50);
		expect(RETRY_LIMITS.maxThrottledMs).toBe(600_000);
		// 60 s + 2.5 % jitter per pause: nine fit in ten minutes, far more than the old three retries.
		expect(pauses).toEqual(Array(9).fill(61_500));
		expect(decision).toEqual({ retry: false, ambiguous: false, throttledOut: true });
		expect(counts.throttledForMs).toBeLessThanOrEqual(RETRY_LIMITS.maxThrottledMs);
		expect(counts.throttledForMs + 61_500).toBeGreaterThan(RETRY_LIMITS.maxThrottledMs);
	});

	it('short Retry-After hints (a platform whose hint is shorter than its window) give many retries, never a failure before the bound', () => {
		const { pauses, counts } = throttledUntilGivingUp(1_000, () => 0);
		expect(pauses.length).toBe(600);
		expect(counts.throttledForMs).toBe(600_000);
	});

	it('without Retry-After the pause grows by a second per 429, capped at a minute', () => {
		const { pauses, counts } = throttledUntilGivingUp(undefined, () => 0);
		// 1 + 2 + … + 34 s = 595 s: the 35th pause would pass ten minutes.
		expect(pauses).toEqual(Array.from({ length: 34 }, (_, i) => (i + 1) * 1_000));
		expect(throttlePauseMs(undefined, 100, () => 0)).toBe(RETRY_LIMITS.maxRetryAfterMs);
		expect(counts.throttledForMs).toBeLessThanOrEqual(RETRY_LIMITS.maxThrottledMs);
	});

	it('jitter: never earlier than Retry-After, up to a twentieth later, so paused processes come back spread out', () => {
		expect(throttlePauseMs(20_000, 0, () => 0)).toBe(20_000);
		expect(throttlePauseMs(20_000, 0, () => 1)).toBe(21_000);
		const returns = Array.from({ length: 16 }, (_, i) => throttlePauseMs(30_000, 0, () => i / 16));
		expect(new Set(returns).size).toBe(16);
		// 16 processes paused by the same 30 s hint come back over 1.4 s, 94 ms apart.
		expect(Math.max(...returns) - Math.min(...returns)).toBeGreaterThan(1_300);
		expect(Math.max(...returns)).toBeLessThanOrEqual(31_500);
		expect(throttlePauseMs(3_600_000, 0, () => 0)).toBe(RETRY_LIMITS.maxRetryAfterMs);
	});

	it("the give-up message names the connector and how long it waited, not the secret", () => {
		const { message, description } = throttledOutWording('conn-42', 593_000, 10);
		expect(message).toBe('Kaizala kept answering 429 (too many calls) for connector conn-42: gave up after 9 min 53 s of waiting (10 × 429)');
		expect(description).toContain('did not process this call');
		expect(description).toContain('10 min');
		expect([durationWording(45_000), durationWording(120_000), durationWording(0)]).toEqual(['45 s', '2 min', '0 s']);
	});
});
