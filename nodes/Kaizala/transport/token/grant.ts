/**
 * An access-token grant: what the token service's answer to `GET {apiRoot}/accessToken` becomes
 * (Tokens.md), how long it may be used, and its persisted form in the credential's hidden
 * `session` field. Pure: no clock of its own, no network.
 */
import { checkEndpointUrl } from '../endpoint';
import { insecureUrl, malformedResponse, tokenServiceRefusal } from './authErrors';
import { jsonBody, parseJson } from '../responseReading';

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

/** The token service's answer as the request helper returned it. */
export interface TokenServiceResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** What an exchange brought: the grant, and the refresh token when the service rotated it. */
export interface ExchangedGrant {
	grant: AccessTokenGrant;
	refreshToken?: string;
}

const MINUTE = 60_000;

/**
 * The refresh window (refresh ahead of expiry) and the forced window (never send the token any
 * more). They scale with the lifetime so the rules hold for 24-hour tokens (refresh 5 min ahead,
 * never send one with less than the platform's 1-minute client timeout left) and for the
 * seconds-long tokens the tests use.
 */
export function refreshWindows(grant: Pick<AccessTokenGrant, 'accessTokenExpiry' | 'receivedAt'>) {
	const lifetime = Math.max(0, grant.accessTokenExpiry - grant.receivedAt);
	const forcedMs = Math.min(MINUTE, lifetime * 0.25);
	const refreshMs = Math.max(forcedMs, Math.min(5 * MINUTE, lifetime * 0.5));
	return { forcedMs, refreshMs };
}

/**
 * Turns the token service's answer into a grant, or into the error the user must see: a refusal
 * (4xx) names the field to fix; a 2xx that is not a usable grant is a malformed response.
 *
 * A malformed 2xx is never retried by the caller (see tokenStore.ts, MALFORMED_IS_FINAL).
 */
export function grantFromAnswer(response: TokenServiceResponse, now: number): ExchangedGrant {
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw tokenServiceRefusal(response.statusCode, response.body);
	}
	const body = jsonBody(response.body);
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw malformedResponse('it is not a JSON object');
	const answer = body as Record<string, unknown>;
	if (typeof answer.accessToken !== 'string' || answer.accessToken === '') throw malformedResponse('it has no accessToken');
	const expiry = typeof answer.accessTokenExpiry === 'string' ? Number(answer.accessTokenExpiry) : answer.accessTokenExpiry;
	if (typeof expiry !== 'number' || !Number.isFinite(expiry)) throw malformedResponse('its accessTokenExpiry is not a number');
	const endpoint = checkEndpointUrl(answer.endpointUrl, 'endpointUrl');
	if (!endpoint.ok) throw insecureUrl('endpointUrl', endpoint.message);
	const refreshToken = typeof answer.refreshToken === 'string' && answer.refreshToken !== '' ? answer.refreshToken : undefined;
	return {
		grant: {
			accessToken: answer.accessToken,
			endpointUrl: endpoint.url,
			accessTokenExpiry: expiry,
			receivedAt: now,
			scope: typeof answer.scope === 'string' ? answer.scope : '',
		},
		refreshToken,
	};
}

/** What is stored in the credential's hidden, expirable `session` field. */
export interface PersistedSession extends AccessTokenGrant {
	v: 1;
	/** The credential key (tokenStore.ts) the grant belongs to: a hash, never a secret. */
	key: string;
}

export function serializeSession(key: string, grant: AccessTokenGrant): string {
	const session: PersistedSession = { v: 1, key, ...grant };
	return JSON.stringify(session);
}

/** The persisted session's text decoded, if it holds a grant that may be sent to its endpoint. */
export function sessionFromText(raw: string): { key: string; grant: Readonly<AccessTokenGrant> } | undefined {
	const parsed = parseJson(raw) as Partial<PersistedSession> | undefined;
	if (parsed?.v !== 1 || typeof parsed.key !== 'string') return undefined;
	if (typeof parsed.accessToken !== 'string' || parsed.accessToken === '') return undefined;
	if (typeof parsed.accessTokenExpiry !== 'number' || typeof parsed.receivedAt !== 'number') return undefined;
	const endpoint = checkEndpointUrl(parsed.endpointUrl, 'endpointUrl');
	if (!endpoint.ok) return undefined;
	// Frozen: the same decoded grant is handed to every request while the text stays the same.
	const grant = Object.freeze({
		accessToken: parsed.accessToken,
		endpointUrl: endpoint.url,
		accessTokenExpiry: parsed.accessTokenExpiry,
		receivedAt: parsed.receivedAt,
		scope: typeof parsed.scope === 'string' ? parsed.scope : '',
	});
	return { key: parsed.key, grant };
}
