/**
 * Process-wide token state shared by the Kaizala credential (preAuthentication, authenticate)
 * and the Kaizala node's transport. Both are loaded from this package's `dist`, so they share
 * this module and its single token store: one exchange per credential per token lifetime,
 * whatever the number of items, executions and workflows in this n8n process.
 *
 * Persistence across processes goes through n8n itself: the credential's hidden, expirable
 * `session` field. n8n calls the credential's preAuthentication when that field is empty (or
 * after a 401) and writes what it returns (the new session, and a rotated refresh token) back
 * into the stored credential.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ConnectorCredentials, TokenFetcher } from './tokenStore';
import { checkedApiRoot, createTokenStore, parseSession, serializeSession } from './tokenStore';
import { CLIENT_TIMEOUT } from './retryPolicy';
import { hostnameOf, isHostAllowed } from './endpoint';
import { domainNotAllowed, missingFieldError } from './errors';

export const CREDENTIAL_TYPE = 'kaizalaApi';
export const SESSION_FIELD = 'session';
export const DEFAULT_API_ROOT = 'https://api.kaiza.la/v1';

export const tokenStore = createTokenStore({ sleep });

/**
 * A request with this URL only asks n8n to run the credential's preAuthentication (and persist
 * its result); `authenticate` stops it before anything is sent.
 */
export const REFRESH_ONLY_URL = 'kaizala-internal:refresh-session';

export class RefreshOnlyCompleted extends Error {
	constructor() {
		super('Kaizala session refreshed');
		this.name = 'RefreshOnlyCompleted';
	}
}

/**
 * Thrown by authenticate when it holds no usable access token for the credential's values as
 * they are now: a credential just created or edited (the stored session belongs to the old
 * values, and n8n runs preAuthentication only for an empty one), or a session that expired.
 * It is shaped like a 401 response because that is what makes n8n (2.41.0: n8n-core's
 * httpRequestWithAuthentication and requestWithAuthentication) run preAuthentication, the
 * exchange with exactly these values, and retry the request, instead of sending it without a
 * token or a base URL. This is how the credential test checks what was typed.
 */
export class ExchangeRequired extends Error {
	readonly response = { status: 401 };

	constructor() {
		super('The Kaizala credential has no access token for its current values yet');
		this.name = 'ExchangeRequired';
	}
}

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

function tokenFetcher(helpers: IHttpRequestHelper['helpers']): TokenFetcher {
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
 * before another caller's exchange finished arrive here too: a fresh grant obtained meanwhile
 * is handed to them instead of exchanging again. Only the token that failed, or none, leads to
 * an exchange (shared with any exchange already under way).
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
	const obtainedMeanwhile =
		inMemory?.freshness === 'fresh' && inMemory.grant.accessToken !== stored?.accessToken ? inMemory : undefined;
	const outcome = obtainedMeanwhile
		? { key, grant: obtainedMeanwhile.grant, rotatedRefreshToken: rotatedSince(connector) }
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
 * token belongs to. Without one, n8n is asked to exchange first (see ExchangeRequired): a stale
 * session is never used with new values, and no request leaves without a token.
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
	// n8n's HTTP Request node sends legacy request options, which name the URL `uri`.
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
	}
	return requestOptions;
}
