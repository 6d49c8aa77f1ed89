import type { AttemptOutcome } from '../../../../../nodes/Kaizala/transport/retryPolicy';
import { backoffMs, decideRetry, networkFailureOf, RETRY_LIMITS } from '../../../../../nodes/Kaizala/transport/retryPolicy';

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
		expect(decideRetry({ method: 'POST' }, status(429, 2000), none, half)).toEqual({ retry: true, delayMs: 2000, throttled: true });
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
		const spent = { throttled: RETRY_LIMITS.throttled, transient: RETRY_LIMITS.transient };
		expect(decideRetry({ method: 'GET' }, status(500), spent, half)).toEqual({ retry: false, ambiguous: false });
		expect(decideRetry({ method: 'GET' }, status(429), spent, half)).toEqual({ retry: false, ambiguous: false });
		expect(decideRetry({ method: 'POST' }, network('refused'), spent, half)).toEqual({ retry: false, ambiguous: false });
		expect(decideRetry({ method: 'GET' }, status(429, 3_600_000), none, half)).toMatchObject({ delayMs: RETRY_LIMITS.maxRetryAfterMs });
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
