/**
 * When a request to the platform may be sent again, written so that nothing is done twice.
 * Pure: the random source is injected (jitter), the caller sleeps.
 *
 * - GET, PUT and DELETE are idempotent, and so is a POST that only reads (Kaizala lists a public
 *   group's subscribers by POST): a 5xx, a timeout or a dropped connection is retried with
 *   bounded exponential backoff and jitter.
 * - A POST is retried only when it provably did not take effect: the connection was refused
 *   before anything was sent, the platform said 429 (throttled, not processed), or 503 with a
 *   Retry-After (not processed, come back later). After a timeout, a reset or any other 5xx
 *   nobody knows whether the change was made: the write is *ambiguous* and is not repeated.
 * - A 429 is bounded in time, not in count: several processes sharing a connector (queue-mode
 *   workers) may each meet many 429s while the minute's slots are shared out, and every one of
 *   them is safe to send again. A request gives up only when waiting once more would take it past
 *   RETRY_LIMITS.maxThrottledMs of being throttled. Each pause is Retry-After plus a random part
 *   of it, so processes paused by the same window do not all come back at the same instant.
 */
import type { IHttpRequestMethods } from 'n8n-workflow';

/** How a request attempt ended. */
export type AttemptOutcome =
	| { kind: 'response'; status: number; retryAfterMs?: number }
	/** A 2xx whose JSON body cannot be parsed (cut off): processed, but the answer is lost. */
	| { kind: 'unreadable'; status: number }
	| { kind: 'network'; failure: NetworkFailure };

/**
 * - refused: nothing reached the server (ECONNREFUSED, or the host does not resolve);
 * - timeout: no answer within the client timeout; the server may have processed the request;
 * - reset: the connection broke after the request was (possibly) sent.
 */
export type NetworkFailure = 'refused' | 'timeout' | 'reset';

export type RetryDecision =
	| { retry: true; delayMs: number; throttled: boolean }
	/** `throttledOut`: the platform kept answering 429 for longer than maxThrottledMs. */
	| { retry: false; ambiguous: boolean; throttledOut?: true };

export const RETRY_LIMITS = {
	/**
	 * Longest time one request may stay throttled (from its first 429 to the moment it would be
	 * sent again) before its item fails. Every caller of the connector pauses on a 429 (pacing/budget.ts).
	 */
	maxThrottledMs: 10 * 60_000,
	/** Each pause after a 429 is its Retry-After plus up to this fraction of it, at random. */
	throttleJitter: 0.05,
	/** A 429 without Retry-After: pause this long times the 429s so far (capped at maxRetryAfterMs). */
	defaultThrottlePauseMs: 1_000,
	/** Retries after 5xx, timeouts and dropped or refused connections. */
	transient: 3,
	/** First backoff; doubled per retry, capped at maxBackoffMs. */
	baseBackoffMs: 500,
	maxBackoffMs: 8_000,
	/** Longest Retry-After honoured (longer hints are capped). */
	maxRetryAfterMs: 60_000,
};

export interface AttemptCounts {
	/** 429s this request met so far. */
	throttled: number;
	transient: number;
	/** ms since this request's first 429 on the caller's clock (0 or absent: none yet). */
	throttledForMs?: number;
}

/** What the retry rules need to know of a request. */
export interface RetriedRequest {
	method: IHttpRequestMethods | string;
	/** A request that changes nothing whatever its method (a listing sent as POST). */
	readOnly?: boolean;
}

const IDEMPOTENT = new Set<string>(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotent(request: RetriedRequest): boolean {
	return request.readOnly === true || IDEMPOTENT.has(request.method.toUpperCase());
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
	const step = Math.min(RETRY_LIMITS.maxBackoffMs, RETRY_LIMITS.baseBackoffMs * 2 ** Math.max(0, retry - 1));
	return Math.round(step / 2 + random() * (step / 2));
}

/**
 * The pause after a 429: Retry-After (capped) plus up to `throttleJitter` of it at random, never
 * less than asked for. Without Retry-After, defaultThrottlePauseMs per 429 met so far.
 */
export function throttlePauseMs(retryAfterMs: number | undefined, throttledSoFar: number, random: () => number = Math.random): number {
	const hinted = Math.min(RETRY_LIMITS.maxRetryAfterMs, retryAfterMs ?? RETRY_LIMITS.defaultThrottlePauseMs * (throttledSoFar + 1));
	return Math.round(hinted + random() * hinted * RETRY_LIMITS.throttleJitter);
}

/** Whether this outcome is an answer the caller should not retry (2xx, 3xx and 4xx but 429). */
function isFinalAnswer(outcome: AttemptOutcome): boolean {
	return outcome.kind === 'response' && outcome.status < 500 && outcome.status !== 429;
}

/**
 * Decides what to do after a failed attempt. `counts` are the retries already made; the
 * caller increments the matching one when it retries.
 */
export function decideRetry(
	request: RetriedRequest,
	outcome: AttemptOutcome,
	counts: AttemptCounts,
	random: () => number = Math.random,
): RetryDecision {
	if (isFinalAnswer(outcome)) return { retry: false, ambiguous: false };
	const idempotent = isIdempotent(request);

	if (outcome.kind === 'response' && outcome.status === 429) {
		const delayMs = throttlePauseMs(outcome.retryAfterMs, counts.throttled, random);
		if ((counts.throttledForMs ?? 0) + delayMs > RETRY_LIMITS.maxThrottledMs) return { retry: false, ambiguous: false, throttledOut: true };
		return { retry: true, delayMs, throttled: true };
	}

	const notProcessed =
		(outcome.kind === 'network' && outcome.failure === 'refused') ||
		(outcome.kind === 'response' && outcome.status === 503 && outcome.retryAfterMs !== undefined);
	if (!idempotent && !notProcessed) return { retry: false, ambiguous: true };
	if (counts.transient >= RETRY_LIMITS.transient) {
		return { retry: false, ambiguous: !idempotent && !notProcessed };
	}
	const backoff = backoffMs(counts.transient + 1, random);
	// (an unreadable answer of an idempotent request is simply asked for again)
	const hinted = outcome.kind === 'response' ? outcome.retryAfterMs : undefined;
	const delayMs = hinted === undefined ? backoff : Math.min(RETRY_LIMITS.maxRetryAfterMs, Math.max(hinted, backoff));
	return { retry: true, delayMs, throttled: false };
}

/** Classifies a rejection of n8n's request helper (axios underneath) by its error code. */
export function networkFailureOf(error: unknown): NetworkFailure {
	const codes: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string') codes.push(code.toUpperCase());
		if (typeof message === 'string' && /timeout/i.test(message)) codes.push('ETIMEDOUT');
		current = (current as { cause?: unknown }).cause;
	}
	if (codes.some((code) => code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')) return 'refused';
	if (codes.some((code) => code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'ESOCKETTIMEDOUT')) return 'timeout';
	return 'reset';
}

/**
 * The client timeout: one minute, as the platform suggests (API.md). Mutable only so that
 * tests can exercise a timeout without waiting a minute.
 */
export const CLIENT_TIMEOUT = { ms: 60_000 };

/** "9 min 40 s", "45 s": how long a request was throttled, for its error. */
export function durationWording(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	const minutes = Math.floor(seconds / 60);
	if (minutes === 0) return `${seconds} s`;
	return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}

/**
 * The error of a request that stayed throttled past maxThrottledMs. It names the connector (its
 * ID, never its secret or a token) and how long it waited; the call was never processed.
 */
export function throttledOutWording(connectorId: string, throttledForMs: number, throttledCount: number): { message: string; description: string } {
	return {
		message: `Kaizala kept answering 429 (too many calls) for connector ${connectorId}: gave up after ${durationWording(throttledForMs)} of waiting (${throttledCount} × 429)`,
		description:
			`Kaizala did not process this call, so nothing was sent twice; it is safe to run this item again. ` +
			`Other clients or n8n processes are using the connector's limit (100 calls per minute): run fewer at once, ` +
			`or lower this process's share with the credential's Custom Call Limits. The node gives up after ` +
			`${durationWording(RETRY_LIMITS.maxThrottledMs)} of 429s for one call.`,
	};
}
