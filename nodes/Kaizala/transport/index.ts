/**
 * The one place that talks to Kaizala. Operations describe a request (method, path under the
 * user's endpoint, query, body); this module obtains the access token, sends the request through
 * n8n's authenticated helper, and turns the platform's answers (401, 308, 429, failures) into
 * retries or into errors that name the item.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ConnectorCredentials } from './tokenStore';
import { checkedApiRoot } from './tokenStore';
import type { AccessTokenGrant } from './grant';
import { KaizalaAuthError, missingFieldError } from './errors';
import { budgetFor, limiter, pacingClock } from './budget';
import { waitForBudget } from './budgetWait';
import type { AttemptOutcome, NetworkFailure } from './retryPolicy';
import { CLIENT_TIMEOUT, decideRetry, networkFailureOf, throttledOutWording } from './retryPolicy';
import { headerValue, hideTokenLikeText, jsonBody, networkErrorCode, platformErrorOf, retryAfterMs } from './wire';
import type { KaizalaContext } from './n8nBridge';
import {
	CREDENTIAL_TYPE,
	credentialRotatedElsewhere,
	missingCredentialField,
	n8nRefusal,
	nodeTokenFetcher,
	persistSession,
	SESSION_FIELD,
	toConnectorCredentials,
	tokenStore,
} from './n8nBridge';

export type { KaizalaContext } from './n8nBridge';
export { CREDENTIAL_TYPE } from './n8nBridge';

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
	/** Changes nothing although it is a POST (a listing): retried like a read. */
	readOnly?: boolean;
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

/**
 * Returns a grant that may be sent now (tokenStore.ts and tokenCycler.ts decide when to
 * exchange); the caller whose exchange produced it has n8n persist it. A refused refresh token
 * is first checked against the stored credential (another process may have rotated it).
 */
export async function obtainGrant(
	ctx: KaizalaContext,
	credentialData: ICredentialDataDecryptedObject,
	options: { itemIndex?: number; reread?: boolean } = {},
): Promise<{ grant: AccessTokenGrant; connector: ConnectorCredentials; credentialData: ICredentialDataDecryptedObject }> {
	const connector = toConnectorCredentials(credentialData);
	const missing = missingCredentialField(connector);
	if (missing) throw authError(ctx, missingFieldError(missing), options.itemIndex);
	const obtained = await tokenStore
		.obtain(connector, credentialData[SESSION_FIELD], nodeTokenFetcher(ctx, credentialData))
		.then(async ({ grant, exchanged }) => {
			if (exchanged) await persistSession(ctx, credentialData);
			return grant;
		})
		.catch((error: unknown) => {
			if (error instanceof KaizalaAuthError) return error; // worded below
			throw error;
		});
	if (!(obtained instanceof KaizalaAuthError)) return { grant: obtained, connector, credentialData };
	if (obtained.reason === 'refresh-token-rejected' && !options.reread) {
		const latest = await credentialRotatedElsewhere(ctx, connector, options.itemIndex);
		if (latest) return await obtainGrant(ctx, latest, { ...options, reread: true });
	}
	throw authError(ctx, obtained, options.itemIndex);
}

function platformError(
	ctx: KaizalaContext,
	response: FullResponse,
	request: KaizalaRequest,
	itemIndex?: number,
): NodeApiError {
	const body = jsonBody(response.body);
	const said = platformErrorOf(body);
	const text = said.message ?? (typeof body === 'string' ? hideTokenLikeText(body) : undefined);
	const platformText = text?.trim() ? text.trim().slice(0, 500) : undefined;
	const message = platformText
		? `Kaizala: ${platformText}`
		: `Kaizala answered HTTP ${response.statusCode} to ${request.method} ${request.path}`;
	return new NodeApiError(
		ctx.getNode(),
		{ message, errorCode: said.code, httpCode: String(response.statusCode) } as JsonObject,
		{
			message,
			httpCode: String(response.statusCode),
			description: said.code ? `Error code: ${said.code}` : undefined,
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
	if (!/json/i.test(headerValue(response.headers, 'content-type') ?? '')) return false;
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
			? 'The node looked for it on the platform right after and did not find it, so it was probably not made; but Kaizala may list a change late. It was not sent again, so that nothing is done twice: check in Kaizala (Action → Get Many) before running this item again.'
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
	const code = networkErrorCode(error);
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
 * - 429: every caller for this connector pauses for Retry-After (capped, with jitter), then it is
 *   retried; the item fails only after RETRY_LIMITS.maxThrottledMs of 429s (retryPolicy.ts).
 * - 5xx, timeouts, dropped connections: retried as retryPolicy.ts allows, never a write that
 *   may already have been applied; such a write is resolved (resolveAmbiguous) or fails saying so.
 */
export async function kaizalaApiRequest(
	this: KaizalaContext,
	request: KaizalaRequest,
	itemIndex?: number,
): Promise<unknown> {
	let credentialData = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	let reauthenticated = false;
	let moved = false;
	const retries = { throttled: 0, transient: 0, throttledForMs: 0 };
	/** When this request first met a 429 (pacing clock): 429s are bounded in time (retryPolicy.ts). */
	let firstThrottledAt: number | undefined;
	let unsureAttempt = false;

	for (;;) {
		const obtained = await obtainGrant(this, credentialData, { itemIndex });
		const { grant, connector } = obtained;
		credentialData = obtained.credentialData;
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
			// The credential this call already read: without it n8n reads (in n8n: loads and
			// decrypts) it again for every request. A copy, since n8n merges into what it is given.
			response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options, {
				credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: { ...credentialData } },
			})) as FullResponse;
		} catch (error) {
			const refusal = n8nRefusal(error);
			if (refusal) throw authError(this, refusal, itemIndex);
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
			// The next obtainGrant exchanges, unless another caller already holds a newer token.
			tokenStore.invalidate(connector, grant);
			continue;
		}

		if (response?.statusCode === 308 && !moved) {
			moved = true;
			const outcome = tokenStore.moveEndpoint(connector, headerValue(response.headers, 'location') ?? '');
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
			// straight to the new endpoint; the caller that moved it does, once. The token is
			// unchanged, so nothing is exchanged; a failure to persist costs only that later 308.
			if (outcome?.changed) await persistSession(this, credentialData);
			continue;
		}

		const outcome: AttemptOutcome = unreadable
			? { kind: 'unreadable', status: (response as FullResponse).statusCode }
			: outcomeOf(response, failure);
		if (outcome.kind === 'response' && outcome.status === 429) {
			firstThrottledAt ??= pacingClock.now();
			retries.throttledForMs = pacingClock.now() - firstThrottledAt;
		}
		const decision = decideRetry(request, outcome, retries);
		if (!decision.retry && 'throttledOut' in decision) {
			const { message, description } = throttledOutWording(connector.connectorId, retries.throttledForMs, retries.throttled + 1);
			throw new NodeApiError(this.getNode(), { message, httpCode: '429' } as JsonObject, { message, description, httpCode: '429', ...describeItem(itemIndex) });
		}
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
	let root: string;
	try {
		// The https rule and the credential's Allowed Domains, as for the token exchange.
		root = checkedApiRoot(connector);
	} catch (error) {
		if (error instanceof KaizalaAuthError) throw authError(this, error, itemIndex);
		throw new NodeOperationError(this.getNode(), error as Error, { ...describeItem(itemIndex) });
	}
	const url = `${root}${request.path.replace(/^\/+/, '')}`;
	let response: FullResponse;
	try {
		response = await sendToTokenService(this, url, request);
	} catch (error) {
		const code = networkErrorCode(error);
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
