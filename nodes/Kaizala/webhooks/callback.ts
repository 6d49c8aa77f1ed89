/**
 * What every Kaizala webhook receiver in this package answers, written once: the trigger and the
 * awaited action (Action → Send and Wait for Responses) both receive Kaizala's calls.
 * - the callback URL validation: a GET with `validationToken`, echoed as plain text;
 * - the `kz-callback-token` header of each delivery, compared in constant time;
 * - answers written straight to n8n's Express response (`noWebhookResponse`), so n8n adds
 *   nothing of its own (a string `webhookResponse` would go out as text/html).
 */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { hasControlCharacter } from '../helpers/validation';

/** Longest validationToken echoed back; Kaizala's tokens are far shorter. */
const MAX_VALIDATION_TOKEN_LENGTH = 1024;

export interface RawResponse {
	statusCode: number;
	setHeader(name: string, value: string): unknown;
	end(text: string): unknown;
}

export function rawResponse(ctx: IWebhookFunctions): RawResponse {
	return ctx.getResponseObject() as unknown as RawResponse;
}

/** Answers with a body written directly (works on n8n's Express response). */
export function reply(
	ctx: IWebhookFunctions,
	statusCode: number,
	body: string,
	contentType = 'text/plain; charset=utf-8',
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const response = rawResponse(ctx);
	response.statusCode = statusCode;
	response.setHeader('Content-Type', contentType);
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.setHeader('X-Content-Type-Options', 'nosniff');
	response.setHeader('Cache-Control', 'no-store');
	response.end(body);
	return { noWebhookResponse: true };
}

/** Whether this request is Kaizala's callback URL validation (a GET with `validationToken`). */
export function isValidationRequest(ctx: IWebhookFunctions): boolean {
	return (ctx.getQueryData() as IDataObject).validationToken !== undefined;
}

/** Kaizala's callback URL validation: echo `validationToken` as plain text. Starts nothing. */
export function answerValidation(ctx: IWebhookFunctions): IWebhookResponseData {
	const token = (ctx.getQueryData() as IDataObject).validationToken;
	if (
		typeof token !== 'string' ||
		token === '' ||
		token.length > MAX_VALIDATION_TOKEN_LENGTH ||
		hasControlCharacter(token)
	) {
		return reply(ctx, 400, 'Expected a validationToken query parameter');
	}
	return reply(ctx, 200, token);
}

export function newCallbackToken(): string {
	return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of a received token with the expected one (any lengths). */
export function tokensMatch(received: unknown, expected: unknown): boolean {
	if (typeof received !== 'string' || typeof expected !== 'string' || expected === '') return false;
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected));
}

/** The header Kaizala sends a webhook's callback token in (lower case, as n8n hands headers over). */
export const CALLBACK_TOKEN_HEADER = 'kz-callback-token';

/** Whether the delivery carries the expected `kz-callback-token` (checked in constant time). */
export function hasCallbackToken(ctx: IWebhookFunctions, expected: string | undefined): boolean {
	return tokensMatch(ctx.getHeaderData()[CALLBACK_TOKEN_HEADER], expected);
}
