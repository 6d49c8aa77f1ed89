/**
 * Everything in this package that leans on how n8n works inside, in one place, checked against
 * n8n 2.41.0. The numbers (1)–(6) below refer to docs/ARCHITECTURE.md, "What leans on n8n
 * internals", which names the n8n source each relies on and the test that pins it in a real n8n.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { KaizalaContext } from '../context';
import { CREDENTIAL_TYPE } from '../context';
import { checkedApiRoot, checkEndpointUrl, hostnameOf, isHostAllowed } from '../endpoint';
import { pacingClock } from '../pacing/budget';
import { CLIENT_TIMEOUT } from '../retryPolicy';
import { domainNotAllowed, engineUnsupported, insecureUrl, KaizalaAuthError, missingFieldError } from './authErrors';
import { serializeSession } from './grant';
import type { ConnectorCredentials, TokenFetcher } from './tokenStore';
import { createTokenStore, parseSession } from './tokenStore';

export const SESSION_FIELD = 'session';
export const DEFAULT_API_ROOT = 'https://api.kaiza.la/v1';

/** (1) The process-wide token store. */
export const tokenStore = createTokenStore({ sleep });

export function toConnectorCredentials(data: ICredentialDataDecryptedObject): ConnectorCredentials {
	const text = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : String(value));
	return {
		apiRoot: text(data.apiRoot).trim() || DEFAULT_API_ROOT,
		connectorId: text(data.connectorId).trim(),
		connectorSecret: text(data.connectorSecret),
		refreshToken: text(data.refreshToken).trim(),
		// n8n 2.x's "Allowed HTTP Request Domains" (added to the credential by n8n itself).
		allowedDomains: data.allowedHttpRequestDomains === 'domains' ? text(data.allowedDomains) : undefined,
	};
}

/** Names the first empty credential field, or undefined when all are filled in. */
export function missingCredentialField(credentials: ConnectorCredentials): string | undefined {
	if (!credentials.connectorId) return 'Connector ID';
	if (!credentials.connectorSecret) return 'Connector Secret';
	if (!credentials.refreshToken) return 'Refresh Token';
	return undefined;
}

/** The token exchange through n8n's plain request helper: every answer returned, no redirect followed. */
export function tokenFetcher(helpers: IHttpRequestHelper['helpers']): TokenFetcher {
	return async ({ url, headers }) => {
		const response = (await helpers.httpRequest({
			method: 'GET',
			url,
			headers,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: CLIENT_TIMEOUT.ms,
		})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}

/**
 * The credential's preAuthentication: return what n8n must persist. n8n calls it whenever the
 * session it loaded was empty (or after a 401), so callers that loaded the credential just
 * before another caller's exchange finished arrive here too, and so does `persistSession`: a
 * fresh grant obtained meanwhile is handed to them instead of exchanging again. Only the token
 * that failed, or none, leads to an exchange (shared with any exchange already under way).
 */
export async function refreshSession(
	helpers: IHttpRequestHelper['helpers'],
	data: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const connector = toConnectorCredentials(data);
	const missing = missingCredentialField(connector);
	if (missing) throw missingFieldError(missing);
	// Settings are checked even when a grant obtained meanwhile is handed out below.
	checkedApiRoot(connector);
	const key = tokenStore.keyFor(connector);
	const inMemory = tokenStore.lookup(connector);
	const stored = parseSession(data[SESSION_FIELD], key);
	const obtainedMeanwhile = inMemory?.state === 'fresh' && inMemory.grant.accessToken !== stored?.accessToken;
	const outcome = obtainedMeanwhile
		? { key, grant: inMemory.grant, rotatedRefreshToken: rotatedSince(connector) }
		: await tokenStore.exchange(connector, tokenFetcher(helpers));
	const persisted: IDataObject = { [SESSION_FIELD]: serializeSession(outcome.key, outcome.grant) };
	if (outcome.rotatedRefreshToken) persisted.refreshToken = outcome.rotatedRefreshToken;
	return persisted;
}

/** The refresh token that replaced this credential's one in this process, if any. */
function rotatedSince(connector: ConnectorCredentials): string | undefined {
	const newest = tokenStore.current(connector).refreshToken;
	return newest !== connector.refreshToken ? newest : undefined;
}

/** (2) A request with this URL only has n8n run preAuthentication and persist its result. */
export const REFRESH_ONLY_URL = 'kaizala-internal:refresh-session';

export class RefreshOnlyCompleted extends Error {
	constructor() {
		super('Kaizala session refreshed');
		this.name = 'RefreshOnlyCompleted';
	}
}

/**
 * (2) Has n8n store the grant this process holds for the credential (and a rotated refresh
 * token): with the session emptied n8n runs preAuthentication, which hands that grant over
 * without exchanging, and writes the result into the stored credential.
 */
export async function persistSession(ctx: KaizalaContext, credentialData: ICredentialDataDecryptedObject): Promise<void> {
	await refreshOnly(ctx, { ...credentialData, [SESSION_FIELD]: '' });
}

/**
 * (6) The token exchange a node makes itself, once n8n is known to store what it brings. Engine
 * 2.0 refuses preAuthentication, so a token obtained there could not be persisted, and a refresh
 * token Kaizala rotated in that exchange would be lost with the process. The check sends the
 * refresh-only request with a session that is not empty: the default engine skips
 * preAuthentication and `authenticate` stops the request; Engine 2.0 refuses at once. Nothing
 * leaves the process.
 */
export function nodeTokenFetcher(ctx: KaizalaContext, credentialData: ICredentialDataDecryptedObject): TokenFetcher {
	const fetch = tokenFetcher(ctx.helpers);
	let checked: Promise<void> | undefined;
	return async (request) => {
		checked ??= refreshOnly(ctx, { ...credentialData, [SESSION_FIELD]: 'engine-check' });
		await checked;
		return await fetch(request);
	};
}

/** The refresh-only request through n8n; only Engine 2.0's refusal comes back as an error. */
async function refreshOnly(ctx: KaizalaContext, data: ICredentialDataDecryptedObject): Promise<void> {
	try {
		await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			{ method: 'GET', url: REFRESH_ONLY_URL },
			{ credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data } },
		);
	} catch (error) {
		// RefreshOnlyCompleted ends every request that went through; anything else costs only
		// the persistence (another process exchanges once more).
		const refusal = authErrorInside(error);
		if (refusal?.reason === 'unsupported-engine') throw refusal;
	}
}

/**
 * (3) Thrown by authenticate when it holds no usable access token for the credential's values
 * as they are now: a credential just created or edited (the stored session belongs to the old
 * values, and n8n runs preAuthentication only for an empty one), or a session that expired.
 * Shaped like a 401 response because that is what makes n8n-core's httpRequestWithAuthentication
 * and requestWithAuthentication run preAuthentication, the exchange with exactly these values,
 * and retry the request, instead of sending it without a token or a base URL.
 */
export class ExchangeRequired extends Error {
	readonly response = { status: 401 };

	constructor() {
		super('The Kaizala credential has no access token for its current values yet');
		this.name = 'ExchangeRequired';
	}
}

function isAbsoluteUrl(url: string): boolean {
	return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/**
 * Stands for "my Kaizala endpoint" in URLs typed into n8n's HTTP Request node, which only
 * accepts absolute URLs: `https://endpoint.kaizala.invalid/v1/groups`. `.invalid` is reserved
 * and never resolves, so a URL that could not be rewritten goes nowhere.
 */
export const ENDPOINT_PLACEHOLDER = 'https://endpoint.kaizala.invalid/';

/**
 * The credential's authenticate: attach the freshest usable access token for the credential's
 * current values, and aim relative URLs (and the endpoint placeholder) at the endpoint that
 * token belongs to. Without one, n8n is asked to exchange first (3): a stale session is never
 * used with new values, and no request leaves without a token.
 */
export async function applyAccessToken(
	data: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	if (requestOptions.url === REFRESH_ONLY_URL) throw new RefreshOnlyCompleted();
	const connector = toConnectorCredentials(data);
	const found = tokenStore.lookup(connector, data[SESSION_FIELD]);
	if (!found) throw new ExchangeRequired();
	const { endpointUrl, accessToken } = found.grant;
	requestOptions.headers = { ...(requestOptions.headers ?? {}), accessToken };
	// (4) n8n's HTTP Request node sends legacy request options, which name the URL `uri`.
	const legacy = requestOptions as IHttpRequestOptions & { uri?: string };
	const field = typeof legacy.url === 'string' ? 'url' : typeof legacy.uri === 'string' ? 'uri' : undefined;
	const target = field ? (legacy[field] as string) : '';
	const aimsAtEndpoint =
		field !== undefined &&
		(target.startsWith(ENDPOINT_PLACEHOLDER) || (field === 'url' && !requestOptions.baseURL && !isAbsoluteUrl(target)));
	if (aimsAtEndpoint && connector.allowedDomains !== undefined && !isHostAllowed(endpointUrl, connector.allowedDomains)) {
		throw domainNotAllowed(
			'The Kaizala endpoint (the endpointUrl the token service returned)',
			hostnameOf(endpointUrl),
			connector.allowedDomains,
		);
	}
	if (field && target.startsWith(ENDPOINT_PLACEHOLDER)) {
		legacy[field] = endpointUrl + target.slice(ENDPOINT_PLACEHOLDER.length);
	} else if (aimsAtEndpoint) {
		requestOptions.baseURL = endpointUrl;
	} else if (field && (isAbsoluteUrl(target) || requestOptions.baseURL)) {
		// A URL of the user's own (n8n's HTTP Request node): the token goes there only over https.
		const destination = URL.canParse(target, requestOptions.baseURL) ? new URL(target, requestOptions.baseURL).href : target;
		const checked = checkEndpointUrl(destination, 'URL');
		if (!checked.ok) throw insecureUrl('URL', checked.message);
	}
	return requestOptions;
}

/**
 * Kaizala rotates the refresh token on an exchange and refuses the old one from then on. Another
 * n8n process (a queue-mode worker, a second main) may have made that exchange after this
 * execution loaded the credential, and n8n stored the new token in its database. So before a
 * refused refresh token fails the item, read the credential again (5); the other process's write
 * can land a moment after its exchange, hence the short waits. Returns the newer credential, or
 * undefined when nothing changed.
 */
const REREAD_WAITS_MS = [0, 250, 750];
export async function credentialRotatedElsewhere(
	ctx: KaizalaContext,
	connector: ConnectorCredentials,
	itemIndex?: number,
): Promise<ICredentialDataDecryptedObject | undefined> {
	for (const waitMs of REREAD_WAITS_MS) {
		if (waitMs) await pacingClock.sleep(waitMs);
		const latest = await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex);
		if (toConnectorCredentials(latest).refreshToken !== connector.refreshToken) return latest;
	}
	return undefined;
}

/** (6) n8n 2.41.0's words when Engine 2.0 refuses a credential type with an expirable field. */
const ENGINE_V2_REFUSAL = /Engine 2\.0 does not support credentials with an expirable property/i;

/**
 * The package's own error inside whatever n8n wrapped around it on the way out of
 * preAuthentication or authenticate (NodeApiError, `cause` chains), or Engine 2.0's refusal in
 * words that say what to do; undefined for anything else.
 */
export function authErrorInside(error: unknown): KaizalaAuthError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		if (current instanceof KaizalaAuthError) return current;
		const { message, description } = current as { message?: unknown; description?: unknown };
		if ([message, description].some((text) => typeof text === 'string' && ENGINE_V2_REFUSAL.test(text))) {
			return engineUnsupported();
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
