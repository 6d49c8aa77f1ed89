/**
 * The access-token cycler for Kaizala connectors: pure logic, no n8n and no network of its own.
 * The clock, the sleeper and the fetcher are injected, so every rule is testable on a fake clock.
 *
 * Shape taken from the Azure SDK's token cycler (a refresh window before expiry, one in-flight
 * refresh shared by every caller, a forced window, reset on failure), extended for Kaizala:
 * - tokens live per credential *key*, a hash of api root + connector id + secret + refresh
 *   token, so an edited credential never sees a token minted for its old values;
 * - a token persisted in the credential (see `PersistedSession`) is adopted by a new process;
 * - a 401 invalidates the token it was sent with, a 308 moves the endpoint;
 * - a rotated refresh token is remembered, so the next exchange uses it even before the
 *   credential store has been updated.
 */
import { createHash } from 'crypto';

import { checkEndpointUrl, hostnameOf, isHostAllowed } from './endpoint';
import {
	connectionErrorCode,
	describeConnectionProblem,
	domainNotAllowed,
	insecureUrl,
	malformedResponse,
	serviceUnavailable,
	tokenServiceRefusal,
} from './errors';

export { KaizalaAuthError } from './errors';

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

export interface AccessTokenGrant {
	accessToken: string;
	/** Normalised, validated, ends in "/". */
	endpointUrl: string;
	/** Epoch ms, as the token service sent it. */
	accessTokenExpiry: number;
	/** Epoch ms on our clock when the grant arrived: with the expiry it gives the lifetime. */
	receivedAt: number;
	scope: string;
}

/** What is stored in the credential's hidden, expirable `session` field. */
export interface PersistedSession extends AccessTokenGrant {
	v: 1;
	key: string;
}

export interface TokenServiceResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** Performs `GET {apiRoot}/accessToken`. Rejects only when no HTTP response arrived. */
export type TokenFetcher = (request: {
	url: string;
	headers: Record<string, string>;
}) => Promise<TokenServiceResponse>;

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

/** How usable a grant is at a moment in time. */
export type GrantFreshness = 'fresh' | 'refresh-due' | 'unusable';

const MINUTE = 60_000;

/**
 * Windows scale with the lifetime so the rules hold for 24-hour tokens (refresh 5 min ahead,
 * never send one with less than the platform's 1-minute client timeout left) and for the
 * seconds-long tokens the tests use.
 */
export function refreshWindows(grant: Pick<AccessTokenGrant, 'accessTokenExpiry' | 'receivedAt'>) {
	const lifetime = Math.max(0, grant.accessTokenExpiry - grant.receivedAt);
	const forcedMs = Math.min(MINUTE, lifetime * 0.25);
	const refreshMs = Math.max(forcedMs, Math.min(5 * MINUTE, lifetime * 0.5));
	return { forcedMs, refreshMs };
}

export function grantFreshness(grant: AccessTokenGrant, now: number): GrantFreshness {
	const { forcedMs, refreshMs } = refreshWindows(grant);
	const remaining = grant.accessTokenExpiry - now;
	if (remaining > refreshMs) return 'fresh';
	if (remaining > forcedMs) return 'refresh-due';
	return 'unusable';
}

export function credentialKey(credentials: ConnectorCredentials): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				credentials.apiRoot.trim().replace(/\/+$/, ''),
				credentials.connectorId.trim(),
				credentials.connectorSecret,
				credentials.refreshToken,
			]),
		)
		.digest('hex');
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export function serializeSession(key: string, grant: AccessTokenGrant): string {
	const session: PersistedSession = { v: 1, key, ...grant };
	return JSON.stringify(session);
}

/** Returns the persisted grant when it belongs to these exact credential values, else undefined. */
export function parseSession(raw: unknown, key: string): AccessTokenGrant | undefined {
	if (typeof raw !== 'string' || raw === '') return undefined;
	const parsed = parseJson(raw) as Partial<PersistedSession> | undefined;
	if (parsed?.v !== 1 || parsed.key !== key) return undefined;
	if (typeof parsed.accessToken !== 'string' || parsed.accessToken === '') return undefined;
	if (typeof parsed.accessTokenExpiry !== 'number' || typeof parsed.receivedAt !== 'number') {
		return undefined;
	}
	const endpoint = checkEndpointUrl(parsed.endpointUrl, 'endpointUrl');
	if (!endpoint.ok) return undefined;
	return {
		accessToken: parsed.accessToken,
		endpointUrl: endpoint.url,
		accessTokenExpiry: parsed.accessTokenExpiry,
		receivedAt: parsed.receivedAt,
		scope: typeof parsed.scope === 'string' ? parsed.scope : '',
	};
}

export interface ExchangeOutcome {
	key: string;
	grant: AccessTokenGrant;
	/** Set when the service rotated the refresh token: it must be persisted and used from now on. */
	rotatedRefreshToken?: string;
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const found = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name);
	const value = Array.isArray(found?.[1]) ? found?.[1][0] : found?.[1];
	return value === undefined || value === null ? undefined : String(value);
}

/** Parses Retry-After (seconds or an HTTP date) into ms. */
export function retryAfterMs(headers: Record<string, unknown>, now: number): number | undefined {
	const value = headerValue(headers, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseGrant(body: unknown, now: number): { grant: AccessTokenGrant; refreshToken?: string } {
	const record = typeof body === 'string' ? parseJson(body) : body;
	const malformed = malformedResponse;
	if (!record || typeof record !== 'object') throw malformed('not a JSON object');
	const r = record as Record<string, unknown>;
	if (typeof r.accessToken !== 'string' || r.accessToken === '') throw malformed('no accessToken');
	const expiry = typeof r.accessTokenExpiry === 'string' ? Number(r.accessTokenExpiry) : r.accessTokenExpiry;
	if (typeof expiry !== 'number' || !Number.isFinite(expiry)) {
		throw malformed('accessTokenExpiry is not a number');
	}
	const endpoint = checkEndpointUrl(r.endpointUrl, 'endpointUrl');
	if (!endpoint.ok) throw insecureUrl('endpointUrl', endpoint.message);
	const endpointUrl = endpoint.url;
	const refreshToken = typeof r.refreshToken === 'string' && r.refreshToken !== '' ? r.refreshToken : undefined;
	return {
		grant: {
			accessToken: r.accessToken,
			endpointUrl,
			accessTokenExpiry: expiry,
			receivedAt: now,
			scope: typeof r.scope === 'string' ? r.scope : '',
		},
		refreshToken,
	};
}

interface Entry {
	grant?: AccessTokenGrant;
	inFlight?: Promise<ExchangeOutcome>;
	/** After a failed early refresh, no new attempt before this time (the token still works). */
	quietUntil?: number;
}

/** How long an early refresh that failed is not retried, while the current token is still usable. */
export const EARLY_REFRESH_RETRY_MS = 30_000;

export interface TokenStore {
	/** Applies any refresh-token rotation this process has seen, so callers exchange with the newest one. */
	current(credentials: ConnectorCredentials): ConnectorCredentials;
	keyFor(credentials: ConnectorCredentials): string;
	/**
	 * The grant to use right now, from memory or adopted from the persisted session, with its
	 * freshness; undefined when none is usable.
	 */
	lookup(
		credentials: ConnectorCredentials,
		persistedSession?: unknown,
	): { key: string; grant: AccessTokenGrant; freshness: Exclude<GrantFreshness, 'unusable'> } | undefined;
	/** The refresh under way for these credentials, if any. */
	inFlight(credentials: ConnectorCredentials): Promise<ExchangeOutcome> | undefined;
	/** Exchanges the refresh token; concurrent callers for the same key share one exchange. */
	exchange(credentials: ConnectorCredentials, fetcher: TokenFetcher): Promise<ExchangeOutcome>;
	/** Forgets the grant if it still holds this access token (a 401 proved it dead). */
	invalidate(credentials: ConnectorCredentials, accessToken: string): void;
	/** The platform moved the user's endpoint (308): use the new one from now on. */
	moveEndpoint(
		credentials: ConnectorCredentials,
		location: string,
	): { grant: AccessTokenGrant } | { refused: string } | undefined;
	/** Counts exchanges started, for diagnostics and benchmarks. */
	/**
	 * Whether a grant in its refresh window should be refreshed now: not while a refresh is
	 * under way, nor shortly after one failed (the current token is used meanwhile).
	 */
	shouldRefreshEarly(credentials: ConnectorCredentials): boolean;
	/** Records that an early refresh failed, so callers keep the current token for a while. */
	noteEarlyRefreshFailure(credentials: ConnectorCredentials): void;
	readonly stats: { exchanges: number; shared: number };
}

/**
 * The credential's API Root, normalised, if a token exchange may be sent there: https (or http
 * on loopback), and on the credential's Allowed Domains list when it has one. n8n 2.x would
 * refuse a host off the list too, but with an error that reads like a failed connection.
 */
export function checkedApiRoot(credentials: ConnectorCredentials): string {
	const root = checkEndpointUrl(credentials.apiRoot, 'API Root');
	if (!root.ok) throw insecureUrl('API Root', root.message);
	if (credentials.allowedDomains !== undefined && !isHostAllowed(root.url, credentials.allowedDomains)) {
		throw domainNotAllowed("The credential's API Root (the token service)", hostnameOf(root.url), credentials.allowedDomains);
	}
	return root.url;
}

export function createTokenStore(options: TokenStoreOptions = {}): TokenStore {
	const now = options.now ?? (() => Date.now());
	const sleep = options.sleep ?? (async () => {});
	const maxAttempts = Math.max(1, options.maxExchangeAttempts ?? 3);
	const backoffMs = options.backoffMs ?? 500;
	const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;

	const entries = new Map<string, Entry>();
	/** key of the credential values before a rotation → the refresh token that replaced it */
	const rotations = new Map<string, string>();
	const stats = { exchanges: 0, shared: 0 };
	/** Tokens a 401 proved dead: never adopted again, even from a persisted session. */
	const deadTokens = new Set<string>();

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

	function keyFor(credentials: ConnectorCredentials): string {
		return credentialKey(current(credentials));
	}

	function entryFor(key: string): Entry {
		let entry = entries.get(key);
		if (!entry) {
			entry = {};
			entries.set(key, entry);
		}
		return entry;
	}

	async function fetchWithRetries(
		credentials: ConnectorCredentials,
		fetcher: TokenFetcher,
	): Promise<TokenServiceResponse> {
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
			let response: TokenServiceResponse | undefined;
			try {
				response = await fetcher(request);
			} catch (error) {
				// Only the error code is kept: the raw error carries the request and its headers.
				lastProblem = describeConnectionProblem(connectionErrorCode(error));
			}
			if (response) {
				const retryable = response.statusCode === 429 || response.statusCode >= 500;
				if (!retryable) return response;
				lastProblem = `it answered HTTP ${response.statusCode}`;
				if (attempt < maxAttempts) {
					const hinted = retryAfterMs(response.headers, now());
					await sleep(Math.min(maxRetryAfterMs, hinted ?? backoffMs * 2 ** (attempt - 1)));
					continue;
				}
			} else if (attempt < maxAttempts) {
				await sleep(backoffMs * 2 ** (attempt - 1));
			}
		}
		throw serviceUnavailable(apiRoot, lastProblem, maxAttempts);
	}

	function exchange(credentials: ConnectorCredentials, fetcher: TokenFetcher): Promise<ExchangeOutcome> {
		const effective = current(credentials);
		const key = credentialKey(effective);
		const entry = entryFor(key);
		if (entry.inFlight) {
			stats.shared++;
			return entry.inFlight;
		}
		stats.exchanges++;
		const flight = (async (): Promise<ExchangeOutcome> => {
			const response = await fetchWithRetries(effective, fetcher);
			if (response.statusCode < 200 || response.statusCode >= 300) {
				throw tokenServiceRefusal(response.statusCode, response.body);
			}
			const { grant, refreshToken } = parseGrant(response.body, now());
			entry.grant = grant;
			entry.quietUntil = undefined;
			if (refreshToken && refreshToken !== effective.refreshToken) {
				const rotated = { ...effective, refreshToken };
				rotations.set(key, refreshToken);
				const rotatedKey = credentialKey(rotated);
				entryFor(rotatedKey).grant = grant;
				return { key: rotatedKey, grant, rotatedRefreshToken: refreshToken };
			}
			return { key, grant };
		})();
		entry.inFlight = flight;
		// Reset on failure as well as success: the next caller starts a fresh exchange.
		flight.then(
			() => {
				if (entry.inFlight === flight) entry.inFlight = undefined;
			},
			() => {
				if (entry.inFlight === flight) entry.inFlight = undefined;
			},
		);
		return flight;
	}

	function lookup(credentials: ConnectorCredentials, persistedSession?: unknown) {
		const key = keyFor(credentials);
		const entry = entryFor(key);
		const at = now();
		const candidates = [entry.grant, parseSession(persistedSession, key)];
		let best: AccessTokenGrant | undefined;
		for (const grant of candidates) {
			if (grant && !deadTokens.has(grant.accessToken) && grantFreshness(grant, at) !== 'unusable') {
				if (!best || grant.accessTokenExpiry > best.accessTokenExpiry) best = grant;
			}
		}
		if (!best) return undefined;
		entry.grant = best;
		const freshness = grantFreshness(best, at) as Exclude<GrantFreshness, 'unusable'>;
		return { key, grant: best, freshness };
	}

	function inFlight(credentials: ConnectorCredentials) {
		return entries.get(keyFor(credentials))?.inFlight;
	}

	function invalidate(credentials: ConnectorCredentials, accessToken: string) {
		deadTokens.add(accessToken);
		const entry = entries.get(keyFor(credentials));
		if (entry?.grant?.accessToken === accessToken) entry.grant = undefined;
	}

	function moveEndpoint(credentials: ConnectorCredentials, location: string) {
		const entry = entries.get(keyFor(credentials));
		if (!entry?.grant) return undefined;
		const moved = checkEndpointUrl(location, 'Location');
		if (!moved.ok) return { refused: moved.message };
		entry.grant = { ...entry.grant, endpointUrl: moved.url };
		return { grant: entry.grant };
	}

	function shouldRefreshEarly(credentials: ConnectorCredentials) {
		const entry = entries.get(keyFor(credentials));
		if (!entry) return true;
		return !entry.inFlight && (entry.quietUntil === undefined || now() >= entry.quietUntil);
	}

	function noteEarlyRefreshFailure(credentials: ConnectorCredentials) {
		entryFor(keyFor(credentials)).quietUntil = now() + EARLY_REFRESH_RETRY_MS;
	}

	return {
		current,
		keyFor,
		lookup,
		inFlight,
		exchange,
		invalidate,
		moveEndpoint,
		shouldRefreshEarly,
		noteEarlyRefreshFailure,
		stats,
	};
}
