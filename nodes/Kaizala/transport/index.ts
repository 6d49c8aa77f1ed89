/**
 * The one place that talks to Kaizala. Operations describe a request (method, path under the
 * user's endpoint, query, body); this module obtains the access token, sends the request through
 * n8n's authenticated helper, and turns the platform's answers (401, 308, 429, failures) into
 * retries or into errors that name the item.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AccessTokenGrant, ConnectorCredentials } from './tokenStore';
import { retryAfterMs } from './tokenStore';
import { KaizalaAuthError, missingFieldError } from './errors';
import { checkEndpointUrl } from './endpoint';
import { budgetFor, limiter, pacingClock } from './budget';
import { waitForBudget } from './budgetWait';
import type { AttemptOutcome, NetworkFailure } from './retryPolicy';
import { CLIENT_TIMEOUT, decideRetry, networkFailureOf } from './retryPolicy';
import {
	CREDENTIAL_TYPE,
	missingCredentialField,
	REFRESH_ONLY_URL,
	SESSION_FIELD,
	toConnectorCredentials,
	tokenStore,
} from './session';

export type KaizalaContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface KaizalaRequest {
	method: IHttpRequestMethods;
	/**
	 * Path of the platform resource, e.g. `groups/{id}/messages`; sent to
	 * `{endpointUrl}v1/{path}` as the reference specifies.
	 */
	path: string;
	/** The path is already relative to the endpoint URL itself (Custom API Call). */
	pathIsEndpointRelative?: boolean;
	qs?: IDataObject;
	/** JSON body, or a factory for bodies that cannot be sent twice (multipart streams). */
	body?: IDataObject | IDataObject[] | (() => unknown);
	headers?: IDataObject;
	/**
	 * For a write whose outcome is unknown (timeout, reset, 5xx after sending): looks the change
	 * up on the platform and returns what a successful answer would have, or undefined when it
	 * did not arrive. Without it, such a write fails with an "may or may not have been made" error.
	 */
	resolveAmbiguous?: () => Promise<unknown>;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** Persisting refreshes under way, by credential key: concurrent callers wait for one. */
const persistingRefreshes = new Map<string, Promise<KaizalaAuthError | undefined>>();

function describeItem(itemIndex: number | undefined) {
	return itemIndex === undefined ? {} : { itemIndex };
}

function authError(ctx: KaizalaContext, error: KaizalaAuthError, itemIndex?: number): Error {
	return new NodeApiError(
		ctx.getNode(),
		{ message: error.message, reason: error.reason } as JsonObject,
		{
			message: error.message,
			description: error.description,
			httpCode: error.serviceStatus ? String(error.serviceStatus) : undefined,
			...describeItem(itemIndex),
		},
	);
}

/** Finds a KaizalaAuthError however n8n wrapped it on the way out of preAuthentication. */
function unwrapAuthError(error: unknown): KaizalaAuthError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (current instanceof KaizalaAuthError) return current;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Has n8n run the credential's preAuthentication with an emptied session, so the exchange's
 * result (and a rotated refresh token) is persisted in the stored credential.
 */
async function refreshPersisted(
	ctx: KaizalaContext,
	credentialData: ICredentialDataDecryptedObject,
	key: string,
): Promise<KaizalaAuthError | undefined> {
	const pending = persistingRefreshes.get(key);
	if (pending) return await pending;
	const refresh = (async (): Promise<KaizalaAuthError | undefined> => {
		try {
			await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_TYPE,
				{ method: 'GET', url: REFRESH_ONLY_URL },
				{
					credentialsDecrypted: {
						id: '',
						name: '',
						type: CREDENTIAL_TYPE,
						data: { ...credentialData, [SESSION_FIELD]: '' },
					},
				},
			);
			return undefined;
		} catch (error) {
			// RefreshOnlyCompleted ends every successful refresh; anything else is checked by
			// the caller, which finds either a fresh grant or none.
			return unwrapAuthError(error);
		}
	})();
	persistingRefreshes.set(key, refresh);
	try {
		return await refresh;
	} finally {
		persistingRefreshes.delete(key);
	}
}

/**
 * Returns a grant that may be sent now. Inside the refresh window the current token is still
 * used while one caller refreshes; in the forced window, or with no token, callers wait.
 */
/**
 * Kaizala rotates the refresh token on an exchange and refuses the old one from then on. Another
 * n8n process (a queue-mode worker, a second main) may have made that exchange after this
 * execution loaded the credential, and n8n stored the new token in its database. So before a
 * refused refresh token fails the item, read the credential again (n8n's getCredentials reads
 * the database each time, n8n 2.41.0); the other process's write can land a moment after its
 * exchange, hence the short waits. Returns the newer credential, or undefined when nothing changed.
 */
const REREAD_WAITS_MS = [0, 250, 750];
async function credentialRotatedElsewhere(
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

export async function obtainGrant(
	ctx: KaizalaContext,
	credentialData: ICredentialDataDecryptedObject,
	options: { itemIndex?: number; forceRefresh?: boolean; reread?: boolean } = {},
): Promise<{ grant: AccessTokenGrant; connector: ConnectorCredentials; credentialData: ICredentialDataDecryptedObject }> {
	const connector = toConnectorCredentials(credentialData);
	const missing = missingCredentialField(connector);
	if (missing) throw authError(ctx, missingFieldError(missing), options.itemIndex);
	const key = tokenStore.keyFor(connector);
	const found = options.forceRefresh ? undefined : tokenStore.lookup(connector, credentialData[SESSION_FIELD]);
	if (found?.freshness === 'fresh') return { grant: found.grant, connector, credentialData };
	if (found && (persistingRefreshes.has(key) || !tokenStore.shouldRefreshEarly(connector))) {
		// In the refresh window: someone is refreshing (or just failed to); this token still works.
		return { grant: found.grant, connector, credentialData };
	}
	const failure = await refreshPersisted(ctx, credentialData, key);
	if (failure && found) {
		// An early refresh failed: keep using the current token while it is still usable.
		tokenStore.noteEarlyRefreshFailure(connector);
		const stillUsable = tokenStore.lookup(connector);
		if (stillUsable) return { grant: stillUsable.grant, connector, credentialData };
	}
	if (failure?.reason === 'refresh-token-rejected' && !options.reread) {
		const latest = await credentialRotatedElsewhere(ctx, connector, options.itemIndex);
		if (latest) return await obtainGrant(ctx, latest, { ...options, forceRefresh: false, reread: true });
	}
	if (failure) throw authError(ctx, failure, options.itemIndex);
	// The refresh may have rotated the refresh token: look up by the newest values.
	const refreshed = tokenStore.lookup(connector);
	if (refreshed) return { grant: refreshed.grant, connector, credentialData };
	throw new NodeOperationError(ctx.getNode(), 'Could not obtain a Kaizala access token', {
		description:
			'n8n did not run the credential\'s token exchange. Make sure the node uses a saved "Kaizala API" credential.',
		...describeItem(options.itemIndex),
	});
}

function platformError(
	ctx: KaizalaContext,
	response: FullResponse,
	request: KaizalaRequest,
	itemIndex?: number,
): NodeApiError {
	let body = response.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			// keep the text
		}
	}
	const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	const said = record.message ?? record.Message ?? record.error ?? (typeof body === 'string' ? body : undefined);
	const platformText = typeof said === 'string' && said.trim() ? said.trim().slice(0, 500) : undefined;
	const message = platformText
		? `Kaizala: ${platformText}`
		: `Kaizala answered HTTP ${response.statusCode} to ${request.method} ${request.path}`;
	return new NodeApiError(
		ctx.getNode(),
		{ message, errorCode: record.errorCode as string, httpCode: String(response.statusCode) } as JsonObject,
		{
			message,
			httpCode: String(response.statusCode),
			description:
				typeof record.errorCode === 'string' ? `Error code: ${record.errorCode}` : undefined,
			...describeItem(itemIndex),
		},
	);
}

export const API_VERSION_PATH = 'v1/';

/** The URL relative to the endpoint: `v1/` + the resource path, unless it is already relative. */
function endpointRelativeUrl(request: KaizalaRequest): string {
	const path = request.path.replace(/^\/+/, '');
	return request.pathIsEndpointRelative ? path : `${API_VERSION_PATH}${path}`;
}

function headerOf(headers: Record<string, unknown>, name: string): string | undefined {
	const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name);
	const value = Array.isArray(entry?.[1]) ? entry?.[1][0] : entry?.[1];
	return value == null ? undefined : String(value);
}

function outcomeOf(response: FullResponse | undefined, failure: NetworkFailure | undefined): AttemptOutcome {
	if (!response) return { kind: 'network', failure: failure ?? 'reset' };
	const retryAfter = retryAfterMs(response.headers, Date.now());
	return { kind: 'response', status: response.statusCode, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) };
}

function failureWording(failure: NetworkFailure): string {
	switch (failure) {
		case 'refused':
			return 'the connection was refused';
		case 'timeout':
			return `no answer came within ${Math.round(CLIENT_TIMEOUT.ms / 1000)} s`;
		default:
			return 'the connection broke before an answer came';
	}
}

function describeOutcome(outcome: AttemptOutcome): string {
	if (outcome.kind === 'network') return failureWording(outcome.failure);
	if (outcome.kind === 'unreadable') return `Kaizala answered HTTP ${outcome.status} but the answer could not be read`;
	return `Kaizala answered HTTP ${outcome.status}`;
}

/** A 2xx that says it is JSON but cannot be parsed (the helper leaves such a body as text). */
function isUnreadableJson(response: FullResponse): boolean {
	if (response.statusCode < 200 || response.statusCode >= 300) return false;
	if (typeof response.body !== 'string' || response.body.trim() === '') return false;
	if (!/json/i.test(headerOf(response.headers, 'content-type') ?? '')) return false;
	try {
		JSON.parse(response.body);
		return false;
	} catch {
		return true;
	}
}

/** The write may have been applied or not: say so, and that it was not repeated. */
function ambiguousWriteError(
	ctx: KaizalaContext,
	request: KaizalaRequest,
	outcome: AttemptOutcome,
	itemIndex: number | undefined,
	checked: boolean,
): NodeApiError {
	const message = `Kaizala may or may not have made this change: ${describeOutcome(outcome)} after ${request.method} ${request.path} was sent`;
	return new NodeApiError(ctx.getNode(), { message, ambiguousWrite: true } as JsonObject, {
		message,
		httpCode: outcome.kind === 'response' ? String(outcome.status) : undefined,
		description: checked
			? 'The node looked for the change on the platform and did not find it, so it was most likely not made. It was not sent again, so that nothing is done twice; run this item again to send it.'
			: 'The request was not sent again, so that nothing is done twice. Check in Kaizala whether the change was made before running this item again.',
		...describeItem(itemIndex),
	});
}

function connectionError(
	ctx: KaizalaContext,
	request: KaizalaRequest,
	failure: NetworkFailure,
	error: unknown,
	itemIndex: number | undefined,
): NodeApiError {
	const code =
		(error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
	return new NodeApiError(ctx.getNode(), { message: 'connection failed' } as JsonObject, {
		message: `Could not reach Kaizala${code ? ` (${code})` : ''} for ${request.method} ${request.path}: ${failureWording(failure)}`,
		description:
			failure === 'refused'
				? 'Nothing was received by Kaizala. The request was retried and still failed.'
				: 'The request was retried and still failed.',
		...describeItem(itemIndex),
	});
}

/**
 * Sends one request to the user's Kaizala endpoint and returns the response body.
 * - Before sending, the call waits for the connector's and the tenant's budget (budget.ts).
 * - 401: the token is invalidated, exchanged once, and the request retried once.
 * - 308: the endpoint moved; the `Location` (validated like endpointUrl) is used from then on.
 * - 429: every caller for this connector pauses for Retry-After (bounded), then it is retried.
 * - 5xx, timeouts, dropped connections: retried as retryPolicy.ts allows, never a write that
 *   may already have been applied; such a write is resolved (resolveAmbiguous) or fails saying so.
 */
export async function kaizalaApiRequest(
	this: KaizalaContext,
	request: KaizalaRequest,
	itemIndex?: number,
): Promise<unknown> {
	let credentialData = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	let forceRefresh = false;
	let reauthenticated = false;
	let moved = false;
	const retries = { throttled: 0, transient: 0 };
	let unsureAttempt = false;

	for (;;) {
		const obtained = await obtainGrant(this, credentialData, { itemIndex, forceRefresh });
		const { grant, connector } = obtained;
		credentialData = obtained.credentialData;
		forceRefresh = false;
		const key = tokenStore.keyFor(connector);
		const budget = budgetFor(credentialData, connector.apiRoot, connector.connectorId);
		const settleBudget = await waitForBudget(this, budget, connector.connectorId, itemIndex);

		const options: IHttpRequestOptions = {
			method: request.method,
			url: endpointRelativeUrl(request),
			qs: request.qs,
			body: typeof request.body === 'function' ? (request.body() as IDataObject) : request.body,
			headers: request.headers,
			json: typeof request.body !== 'function',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: CLIENT_TIMEOUT.ms,
		};
		let response: FullResponse | undefined;
		let failure: NetworkFailure | undefined;
		let networkError: unknown;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
		} catch (error) {
			const authFailure = unwrapAuthError(error);
			if (authFailure) throw authError(this, authFailure, itemIndex);
			failure = networkFailureOf(error);
			networkError = error;
		} finally {
			settleBudget();
		}

		const unreadable = response !== undefined && isUnreadableJson(response);
		if (response && response.statusCode >= 200 && response.statusCode < 300 && !unreadable) {
			return response.body;
		}
		// A repeated DELETE that finds nothing: the first attempt did delete it.
		if (response?.statusCode === 404 && request.method === 'DELETE' && unsureAttempt) return '';

		if (response?.statusCode === 401 && !reauthenticated) {
			reauthenticated = true;
			tokenStore.invalidate(connector, grant.accessToken);
			forceRefresh = true;
			continue;
		}

		if (response?.statusCode === 308 && !moved) {
			moved = true;
			const outcome = tokenStore.moveEndpoint(connector, headerOf(response.headers, 'location') ?? '');
			if (outcome && 'refused' in outcome) {
				const detail = outcome.refused;
				throw new NodeApiError(
					this.getNode(),
					{ message: detail } as JsonObject,
					{
						message: `Kaizala moved the endpoint but the new one was refused: ${detail}`,
						httpCode: '308',
						...describeItem(itemIndex),
					},
				);
			}
			// Persist the move with the session, so another process (a restart, a worker) goes
			// straight to the new endpoint. The token is unchanged, so n8n's preAuthentication
			// stores it without exchanging; a failure to persist costs only that later 308.
			if (outcome) await refreshPersisted(this, credentialData, key);
			continue;
		}

		const outcome: AttemptOutcome = unreadable
			? { kind: 'unreadable', status: (response as FullResponse).statusCode }
			: outcomeOf(response, failure);
		const decision = decideRetry(request.method, outcome, retries);
		if (decision.retry) {
			if (decision.throttled) {
				retries.throttled++;
				// Every caller of this connector waits, not only this one (see waitForBudget).
				limiter.holdFor(budget.connector.key, decision.delayMs);
			} else {
				retries.transient++;
				if (outcome.kind === 'network' ? outcome.failure !== 'refused' : outcome.status !== 503) unsureAttempt = true;
				await pacingClock.sleep(decision.delayMs);
			}
			continue;
		}
		if (decision.ambiguous) {
			if (request.resolveAmbiguous) {
				let found: unknown;
				try {
					found = await request.resolveAmbiguous();
				} catch {
					throw ambiguousWriteError(this, request, outcome, itemIndex, false);
				}
				if (found !== undefined) return found;
				throw ambiguousWriteError(this, request, outcome, itemIndex, true);
			}
			throw ambiguousWriteError(this, request, outcome, itemIndex, false);
		}
		if (unreadable) {
			const message = `${describeOutcome(outcome)} (${request.method} ${request.path})`;
			throw new NodeApiError(this.getNode(), { message } as JsonObject, {
				message,
				description: 'The request was retried and the answer still could not be read.',
				...describeItem(itemIndex),
			});
		}
		if (response) throw platformError(this, response, request, itemIndex);
		throw connectionError(this, request, failure ?? 'reset', networkError, itemIndex);
	}
}

async function sendToTokenService(
	ctx: KaizalaContext,
	url: string,
	request: KaizalaRequest,
): Promise<FullResponse> {
	return (await ctx.helpers.httpRequest({
		method: request.method,
		url,
		body: request.body as IDataObject,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: CLIENT_TIMEOUT.ms,
	})) as FullResponse;
}

/**
 * A request to the token service at the credential's API Root (PIN login), which needs no
 * access token. The API Root is checked like for the token exchange before anything is sent.
 * Returns the response body; the caller names the connector (see connectorIdOf).
 */
export async function kaizalaTokenServiceRequest(
	this: KaizalaContext,
	request: KaizalaRequest,
	itemIndex?: number,
): Promise<unknown> {
	const connector = toConnectorCredentials(await this.getCredentials(CREDENTIAL_TYPE, itemIndex));
	const root = checkEndpointUrl(connector.apiRoot, 'API Root');
	if (!root.ok) {
		throw new NodeOperationError(this.getNode(), root.message, { ...describeItem(itemIndex) });
	}
	const url = `${root.url}${request.path.replace(/^\/+/, '')}`;
	let response: FullResponse;
	try {
		response = await sendToTokenService(this, url, request);
	} catch (error) {
		const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
		throw new NodeApiError(this.getNode(), { message: 'connection failed' } as JsonObject, {
			message: `Could not reach the Kaizala token service${code ? ` (${code})` : ''} for ${request.method} ${request.path}`,
			...describeItem(itemIndex),
		});
	}
	if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
	throw platformError(this, response, request, itemIndex);
}

/** The connector ID of the node's credential (PIN requests name it). */
export async function connectorIdOf(ctx: KaizalaContext, itemIndex?: number): Promise<string> {
	const { connectorId } = toConnectorCredentials(await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex));
	if (!connectorId) {
		throw new NodeOperationError(ctx.getNode(), 'The Kaizala credential has no Connector ID', {
			description: 'Open the credential and fill in the Connector ID shown in the Kaizala Management Portal.',
			...describeItem(itemIndex),
		});
	}
	return connectorId;
}
