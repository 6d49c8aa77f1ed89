/**
 * The access tokens of Kaizala connectors: the token cycler (tokenCycler.ts) applied to
 * Kaizala's exchange. Pure logic, no n8n: the clock, the sleeper and the fetcher are injected.
 * - tokens live per credential *key*, a hash of api root + connector id + secret + refresh
 *   token, so an edited credential never sees a token minted for its old values;
 * - a token persisted in the credential (grant.ts, PersistedSession) is adopted by a new process;
 * - a 401 invalidates the token it was sent with, a 308 moves the endpoint;
 * - a rotated refresh token is remembered, so the next exchange uses it even before the
 *   credential store has been updated;
 * - the exchange is retried when the token service is unreachable or failing (bounded), never
 *   after an answer that arrived but cannot be read (MALFORMED_IS_FINAL).
 */
import { createHash } from 'crypto';

import { checkedApiRoot, checkEndpointUrl } from '../endpoint';
import { describeConnectionProblem, KaizalaAuthError, serviceUnavailable } from './authErrors';
import type { AccessTokenGrant, TokenServiceResponse } from './grant';
import { grantFromAnswer, refreshWindows, sessionFromText } from './grant';
import type { TokenState } from './tokenCycler';
import { createTokenCycler, tokenState } from './tokenCycler';
import { networkErrorCode, retryAfterMs } from '../responseReading';

export interface ConnectorCredentials {
	apiRoot: string;
	connectorId: string;
	connectorSecret: string;
	refreshToken: string;
	/**
	 * The credential's "Allowed HTTP Request Domains" list when it is set to Specific Domains
	 * (n8n 2.x); undefined when every host is allowed. Not part of the key: it changes where a
	 * token may go, not which token belongs to the credential.
	 */
	allowedDomains?: string;
}

/**
 * Performs `GET {apiRoot}/accessToken`. Rejects when no HTTP response arrived, or with a
 * KaizalaAuthError when the exchange must not be sent at all (that ends it, no retry).
 */
export type TokenFetcher = (request: { url: string; headers: Record<string, string> }) => Promise<TokenServiceResponse>;

export interface TokenStoreOptions {
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
	/** Attempts per exchange when the token service is unreachable or failing. */
	maxExchangeAttempts?: number;
	/** First backoff delay; doubled per attempt. */
	backoffMs?: number;
	/** Longest wait honoured from a token-service Retry-After. */
	maxRetryAfterMs?: number;
}

export interface ExchangeOutcome {
	key: string;
	grant: AccessTokenGrant;
	/** Set when the service rotated the refresh token: it must be persisted and used from now on. */
	rotatedRefreshToken?: string;
}

/** How long an early refresh that failed is not retried, while the current token is still usable. */
export const EARLY_REFRESH_RETRY_MS = 30_000;

/**
 * An exchange whose answer arrived (HTTP 2xx) but is not a usable grant is not repeated. The
 * token service processed it, and from day 328 such an answer carries a new refresh token
 * (Tokens.md) after which Kaizala refuses the old one: a repeat with the old one cannot get the
 * lost token back, and would only turn "the answer was cut off" into "your refresh token was
 * refused". Like an ambiguous write in retryPolicy.ts, the caller fails with words that say so
 * (authErrors.ts, malformedResponse); the next request starts a new exchange.
 */
export const MALFORMED_IS_FINAL = true;

export function credentialKey(credentials: ConnectorCredentials): string {
	return sha256Hex(
		JSON.stringify([
			credentials.apiRoot.trim().replace(/\/+$/, ''),
			credentials.connectorId.trim(),
			credentials.connectorSecret,
			credentials.refreshToken,
		]),
	);
}

/**
 * A pure function of one string that returns its previous result when called with the same
 * string again: every request hashes the same credential values and reads the same persisted
 * session several times. One entry only: nothing accumulates, whatever the number of credentials.
 */
export function rememberLast<T>(compute: (input: string) => T): (input: string) => T {
	let last: { input: string; result: T } | undefined;
	return (input) => {
		if (last?.input !== input) last = { input, result: compute(input) };
		return last.result;
	};
}

const sha256Hex = rememberLast((text: string) => createHash('sha256').update(text).digest('hex'));
const decodedSession = rememberLast(sessionFromText);

/** The persisted grant when it belongs to these exact credential values, else undefined. */
export function parseSession(raw: unknown, key: string): AccessTokenGrant | undefined {
	if (typeof raw !== 'string' || raw === '') return undefined;
	const session = decodedSession(raw);
	return session?.key === key ? session.grant : undefined;
}

export interface TokenStore {
	/** Applies any refresh-token rotation this process has seen, so callers exchange with the newest one. */
	current(credentials: ConnectorCredentials): ConnectorCredentials;
	keyFor(credentials: ConnectorCredentials): string;
	/**
	 * The grant to use right now, from memory or adopted from the persisted session, with its
	 * state; undefined when none may be sent.
	 */
	lookup(
		credentials: ConnectorCredentials,
		persistedSession?: unknown,
	): { key: string; grant: AccessTokenGrant; state: Exclude<TokenState, 'unusable'> } | undefined;
	/**
	 * The grant to send now, adopted or refreshed as the cycler's rules say. `exchanged` is set
	 * for the one caller whose exchange produced it: that caller has it persisted.
	 */
	obtain(
		credentials: ConnectorCredentials,
		persistedSession: unknown,
		fetcher: TokenFetcher,
	): Promise<{ grant: AccessTokenGrant; exchanged?: ExchangeOutcome }>;
	/** Exchanges the refresh token now; concurrent callers for the same key share one exchange. */
	exchange(credentials: ConnectorCredentials, fetcher: TokenFetcher): Promise<ExchangeOutcome>;
	/**
	 * A 401 proved this grant dead: forget it, and never adopt it or any grant for these
	 * credential values that expires no later (issued before it: a persisted session of another
	 * process from before it).
	 */
	invalidate(credentials: ConnectorCredentials, refused: Pick<AccessTokenGrant, 'accessToken' | 'accessTokenExpiry'>): void;
	/**
	 * The platform moved the user's endpoint (308): use the new one from now on. `changed` is
	 * false when another caller already moved it there.
	 */
	moveEndpoint(
		credentials: ConnectorCredentials,
		location: string,
	): { grant: AccessTokenGrant; changed: boolean } | { refused: string } | undefined;
	/** Exchanges started and joined, for diagnostics and benchmarks. */
	readonly stats: { refreshes: number; joined: number };
}

export function createTokenStore(options: TokenStoreOptions = {}): TokenStore {
	const now = options.now ?? (() => Date.now());
	const sleep = options.sleep ?? (async () => {});
	const maxAttempts = Math.max(1, options.maxExchangeAttempts ?? 3);
	const backoffMs = options.backoffMs ?? 500;
	const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;

	const cycler = createTokenCycler<AccessTokenGrant>({ now, windows: refreshWindows, retryIntervalMs: EARLY_REFRESH_RETRY_MS });
	/** key of the credential values before a rotation → the refresh token that replaced it */
	const rotations = new Map<string, string>();
	/**
	 * Tokens a 401 proved dead: never adopted again, even from a persisted session, and under
	 * whatever key they turn up again (refusedUpToExpiry below is per key).
	 */
	const deadTokens = new Set<string>();
	/**
	 * Per key, the expiry of the newest refused grant. Kaizala's tokens live a fixed time, so they
	 * expire in the order they were issued (on the token service's clock), and a revocation ends
	 * all of them: a grant that expires no later than a refused one would be refused too, so it is
	 * never adopted (test/queue/scenarios/rotation.ts shows the second 401 this prevents).
	 */
	const refusedUpToExpiry = new Map<string, number>();

	function current(credentials: ConnectorCredentials): ConnectorCredentials {
		let resolved = credentials;
		// Follow a chain of rotations (a credential that stayed unpersisted across several).
		for (let hops = 0; hops < 10; hops++) {
			const rotated = rotations.get(credentialKey(resolved));
			if (rotated === undefined) break;
			resolved = { ...resolved, refreshToken: rotated };
		}
		return resolved;
	}

	const keyFor = (credentials: ConnectorCredentials) => credentialKey(current(credentials));

	/** Sends the exchange; retries only when no usable answer came (unreachable, 429, 5xx). */
	async function fetchWithRetries(credentials: ConnectorCredentials, fetcher: TokenFetcher): Promise<TokenServiceResponse> {
		const apiRoot = checkedApiRoot(credentials);
		const request = {
			url: `${apiRoot}accessToken`,
			headers: {
				applicationId: credentials.connectorId.trim(),
				applicationSecret: credentials.connectorSecret,
				refreshToken: credentials.refreshToken,
			},
		};
		let lastProblem = '';
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			const response = await fetcher(request).then(
				(answer): TokenServiceResponse | undefined => answer,
				(error: unknown) => {
					if (error instanceof KaizalaAuthError) throw error;
					// Only the error code is kept: the raw error carries the request and its headers.
					lastProblem = describeConnectionProblem(networkErrorCode(error));
					return undefined;
				},
			);
			const retryable = !response || response.statusCode === 429 || response.statusCode >= 500;
			if (response && !retryable) return response; // a grant, a refusal, or MALFORMED_IS_FINAL
			if (response) lastProblem = `it answered HTTP ${response.statusCode}`;
			if (attempt < maxAttempts) {
				const hinted = response ? retryAfterMs(response.headers, now()) : undefined;
				await sleep(Math.min(maxRetryAfterMs, hinted ?? backoffMs * 2 ** (attempt - 1)));
			}
		}
		throw serviceUnavailable(apiRoot, lastProblem, maxAttempts);
	}

	/** One exchange for these values; records a rotation and holds the grant under both keys. */
	async function exchangeOnce(effective: ConnectorCredentials, fetcher: TokenFetcher): Promise<ExchangeOutcome> {
		const key = credentialKey(effective);
		const { grant, refreshToken } = grantFromAnswer(await fetchWithRetries(effective, fetcher), now());
		if (!refreshToken || refreshToken === effective.refreshToken) return { key, grant };
		rotations.set(key, refreshToken);
		const rotatedKey = credentialKey({ ...effective, refreshToken });
		cycler.hold(rotatedKey, grant);
		return { key: rotatedKey, grant, rotatedRefreshToken: refreshToken };
	}

	/** Holds the longest-lived grant that may be sent: the one in memory or the persisted one. */
	function adopt(key: string, persistedSession: unknown): AccessTokenGrant | undefined {
		const held = cycler.peek(key);
		let best = held && !isRefused(key, held) ? held : undefined;
		// Only a persisted grant that outlives the held one could replace it: only that one is judged.
		const stored = parseSession(persistedSession, key);
		const outlives = stored && (!best || stored.accessTokenExpiry > best.accessTokenExpiry);
		if (outlives && !isRefused(key, stored) && tokenState(stored, refreshWindows, now()) !== 'unusable') best = stored;
		if (best) cycler.hold(key, best);
		return best;
	}

	function lookup(credentials: ConnectorCredentials, persistedSession?: unknown) {
		const key = keyFor(credentials);
		const grant = adopt(key, persistedSession);
		if (!grant) return undefined;
		return { key, grant, state: cycler.stateOf(key) as Exclude<TokenState, 'unusable'> };
	}

	/** The grant to send now: the cycler decides whether this caller exchanges, waits or goes on. */
	async function obtain(credentials: ConnectorCredentials, persistedSession: unknown, fetcher: TokenFetcher) {
		const effective = current(credentials);
		const key = credentialKey(effective);
		adopt(key, persistedSession);
		// Each caller's closure records its own exchange; a caller that did not exchange sees only the grant.
		let outcome: ExchangeOutcome | undefined;
		const { token, refreshed } = await cycler.getToken(key, async () => (outcome = await exchangeOnce(effective, fetcher)).grant);
		return { grant: token, exchanged: refreshed ? outcome : undefined };
	}

	async function exchange(credentials: ConnectorCredentials, fetcher: TokenFetcher): Promise<ExchangeOutcome> {
		const effective = current(credentials);
		let outcome: ExchangeOutcome | undefined;
		const grant = await cycler.refresh(credentialKey(effective), async () => (outcome = await exchangeOnce(effective, fetcher)).grant);
		// A caller that joined another's exchange reads the rotation, if any, from the store.
		return outcome ?? { key: keyFor(credentials), grant, rotatedRefreshToken: rotatedSince(credentials) };
	}

	function rotatedSince(credentials: ConnectorCredentials): string | undefined {
		const newest = current(credentials).refreshToken;
		return newest !== credentials.refreshToken ? newest : undefined;
	}

	function isRefused(key: string, grant: AccessTokenGrant): boolean {
		return deadTokens.has(grant.accessToken) || grant.accessTokenExpiry <= (refusedUpToExpiry.get(key) ?? -Infinity);
	}

	function invalidate(credentials: ConnectorCredentials, refused: Pick<AccessTokenGrant, 'accessToken' | 'accessTokenExpiry'>) {
		deadTokens.add(refused.accessToken);
		const key = keyFor(credentials);
		refusedUpToExpiry.set(key, Math.max(refusedUpToExpiry.get(key) ?? -Infinity, refused.accessTokenExpiry));
		const held = cycler.peek(key);
		if (held && isRefused(key, held)) cycler.hold(key, undefined);
	}

	function moveEndpoint(credentials: ConnectorCredentials, location: string) {
		const key = keyFor(credentials);
		const grant = cycler.peek(key);
		if (!grant) return undefined;
		const moved = checkEndpointUrl(location, 'Location');
		if (!moved.ok) return { refused: moved.message };
		if (grant.endpointUrl === moved.url) return { grant, changed: false };
		const updated = { ...grant, endpointUrl: moved.url };
		cycler.hold(key, updated);
		return { grant: updated, changed: true };
	}

	return { current, keyFor, lookup, obtain, exchange, invalidate, moveEndpoint, stats: cycler.stats };
}
