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
	| { retry: false; ambiguous: boolean };

export const RETRY_LIMITS = {
	/** Retries after 429 (every caller of the connector pauses, see budget.ts). */
	throttled: 3,
	/** Retries after 5xx, timeouts and dropped or refused connections. */
	transient: 3,
	/** First backoff; doubled per retry, capped at maxBackoffMs. */
	baseBackoffMs: 500,
	maxBackoffMs: 8_000,
	/** Longest Retry-After honoured (longer hints are capped). */
	maxRetryAfterMs: 60_000,
};

export interface AttemptCounts {
	throttled: number;
	transient: number;
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
		if (counts.throttled >= RETRY_LIMITS.throttled) return { retry: false, ambiguous: false };
		const hinted = outcome.retryAfterMs ?? 1_000 * (counts.throttled + 1);
		return { retry: true, delayMs: Math.min(RETRY_LIMITS.maxRetryAfterMs, hinted), throttled: true };
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
