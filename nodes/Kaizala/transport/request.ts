/**
 * The request loop: one request to the user's Kaizala endpoint, with the token from
 * token/lifecycle.ts, the pacing wait, and the platform's answers (401, 308, 429, failures)
 * turned into retries or into errors that name the item (platformErrors.ts).
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KaizalaContext } from './context';
import { CREDENTIAL_TYPE } from './context';
import { budgetFor, limiter, pacingClock, waitForBudget } from './pacing/budget';
import {
	ambiguousWriteError,
	authError,
	connectionError,
	describeItem,
	endpointMoveRefused,
	platformError,
	throttledOutError,
	tokenServiceUnreachable,
	unreadableAnswerError,
} from './platformErrors';
import type { AttemptOutcome, NetworkFailure } from './retryPolicy';
import { CLIENT_TIMEOUT, decideRetry, networkFailureOf } from './retryPolicy';
import { KaizalaAuthError } from './token/authErrors';
import { grantFor } from './token/lifecycle';
import { authErrorInside, persistSession, toConnectorCredentials, tokenStore } from './token/n8nBridge';
import { checkedApiRoot } from './endpoint';
import type { FullResponse } from './responseReading';
import { headerValue, retryAfterMs } from './responseReading';

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

const API_VERSION_PATH = 'v1/';

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

/**
 * Sends one request to the user's Kaizala endpoint and returns the response body.
 * - Before sending, the call waits for the connector's and the tenant's budget (pacing/).
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
		const obtained = await grantFor(this, credentialData, { itemIndex });
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
			const refusal = authErrorInside(error);
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
			// The next grantFor exchanges, unless another caller already holds a newer token.
			tokenStore.invalidate(connector, grant);
			continue;
		}

		if (response?.statusCode === 308 && !moved) {
			moved = true;
			const outcome = tokenStore.moveEndpoint(connector, headerValue(response.headers, 'location') ?? '');
			if (outcome && 'refused' in outcome) throw endpointMoveRefused(this, outcome.refused, itemIndex);
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
			throw throttledOutError(this, connector.connectorId, retries.throttledForMs, retries.throttled + 1, itemIndex);
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
		if (unreadable) throw unreadableAnswerError(this, request, outcome, itemIndex);
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
		throw tokenServiceUnreachable(this, request, error, itemIndex);
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
