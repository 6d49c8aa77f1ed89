/**
 * The errors a Kaizala request ends with, as n8n shows them: the platform's refusal, an
 * ambiguous write, a failed connection, an unreadable answer, a refused endpoint move, 429s past
 * their time limit, and the token's own errors (token/authErrors.ts) worded for the node. Each
 * names the item it belongs to.
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { KaizalaContext } from './context';
import type { AttemptOutcome, NetworkFailure } from './retryPolicy';
import { CLIENT_TIMEOUT, throttledOutWording } from './retryPolicy';
import type { KaizalaAuthError } from './token/authErrors';
import type { FullResponse } from './responseReading';
import { hideTokenLikeText, jsonBody, networkErrorCode, platformErrorOf } from './responseReading';

/** What an error says about the request it ends. */
interface RequestLine {
	method: string;
	path: string;
}

export function describeItem(itemIndex: number | undefined) {
	return itemIndex === undefined ? {} : { itemIndex };
}

/** A token error (missing field, refused refresh token, …) as the node reports it. */
export function authError(ctx: KaizalaContext, error: KaizalaAuthError, itemIndex?: number): NodeApiError {
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

/** Kaizala refused the request: its own words (token-like text hidden), else the status. */
export function platformError(
	ctx: KaizalaContext,
	response: FullResponse,
	request: RequestLine,
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

/** The write may have been applied or not: say so, and that it was not repeated. */
export function ambiguousWriteError(
	ctx: KaizalaContext,
	request: RequestLine,
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

export function connectionError(
	ctx: KaizalaContext,
	request: RequestLine,
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

/** A 2xx that still could not be read after the retries the policy allows. */
export function unreadableAnswerError(
	ctx: KaizalaContext,
	request: RequestLine,
	outcome: AttemptOutcome,
	itemIndex: number | undefined,
): NodeApiError {
	const message = `${describeOutcome(outcome)} (${request.method} ${request.path})`;
	return new NodeApiError(ctx.getNode(), { message } as JsonObject, {
		message,
		description: 'The request was retried and the answer still could not be read.',
		...describeItem(itemIndex),
	});
}

/** A 308 whose Location breaks the endpoint rules (endpoint.ts). */
export function endpointMoveRefused(ctx: KaizalaContext, detail: string, itemIndex: number | undefined): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ message: detail } as JsonObject,
		{
			message: `Kaizala moved the endpoint but the new one was refused: ${detail}`,
			httpCode: '308',
			...describeItem(itemIndex),
		},
	);
}

export function tokenServiceUnreachable(
	ctx: KaizalaContext,
	request: RequestLine,
	error: unknown,
	itemIndex: number | undefined,
): NodeApiError {
	const code = networkErrorCode(error);
	return new NodeApiError(ctx.getNode(), { message: 'connection failed' } as JsonObject, {
		message: `Could not reach the Kaizala token service${code ? ` (${code})` : ''} for ${request.method} ${request.path}`,
		...describeItem(itemIndex),
	});
}

/** 429s for longer than RETRY_LIMITS.maxThrottledMs: the call was never processed (retryPolicy.ts words it). */
export function throttledOutError(
	ctx: KaizalaContext,
	connectorId: string,
	throttledForMs: number,
	throttledCount: number,
	itemIndex: number | undefined,
): NodeApiError {
	const { message, description } = throttledOutWording(connectorId, throttledForMs, throttledCount);
	return new NodeApiError(ctx.getNode(), { message, httpCode: '429' } as JsonObject, {
		message,
		description,
		httpCode: '429',
		...describeItem(itemIndex),
	});
}
