/**
 * After the node returns: register the webhook on the action once n8n answers on the resume URL
 * (Kaizala's handshake needs it), then read back responses given before it existed.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { postToOwnWaitingWebhook } from '../../../transport/ownWebhook';
import { CALLBACK_TOKEN_HEADER } from '../../../webhooks/callback';
import { registerWebhook } from '../../../webhooks/registration';
import type { AwaitedAction } from './awaited';
import { callbackTokenFor, listedResponses, READ_BACK, RESPONSE_EVENTS } from './awaited';

/** Waits between the attempts to register the webhook, while n8n saves the execution as waiting. */
const REGISTRATION_WAITS_MS = [0, 250, 500, 1000, 2000, 4000, 8000];

/**
 * Once the webhook is registered: responses that arrived before it had no delivery. If Kaizala
 * lists as many as are awaited, the node's own webhook is asked to resume with them.
 */
async function readBackEarlyResponses(ctx: IExecuteFunctions, awaited: AwaitedAction, callbackUrl: string, count: number): Promise<void> {
	const listed = await listedResponses(ctx, awaited);
	if (listed.length < count) return;
	const status = await postToOwnWaitingWebhook(ctx, callbackUrl, { [CALLBACK_TOKEN_HEADER]: callbackTokenFor(ctx, awaited) }, READ_BACK);
	ctx.logger.debug('Kaizala: responses arrived before the webhook; asked the waiting execution to read them back', {
		actionId: awaited.actionId,
		responses: listed.length,
		status,
	});
}

/** A 4xx from Kaizala: it refused the request, so nothing was made. */
const isRefusal = (error: unknown) => error instanceof NodeApiError && /^4\d\d$/.test(String(error.httpCode));

/**
 * Registers the webhook once n8n answers on the resume URL (it does once the execution is saved
 * as waiting). Runs after the node has returned, so failures can only be logged; the wait then
 * ends at its limit. Returns whether the webhook exists.
 */
async function registerOnceWaiting(ctx: IExecuteFunctions, awaited: AwaitedAction, callbackUrl: string, validity: number | undefined): Promise<boolean> {
	const target = {
		objectType: 'Action' as const,
		objectId: awaited.actionId,
		eventTypes: RESPONSE_EVENTS,
		callbackUrl,
		callbackContext: '',
		validity,
	};
	let lastError: unknown;
	for (const waitMs of REGISTRATION_WAITS_MS) {
		await sleep(waitMs);
		try {
			const webhookId = await registerWebhook(ctx, target, callbackTokenFor(ctx, awaited));
			ctx.logger.debug('Kaizala: webhook registered for the awaited action', { actionId: awaited.actionId, webhookId });
			return true;
		} catch (error) {
			lastError = error;
			// Only a refusal (the handshake failed: n8n was not yet answering on the resume URL) is
			// retried; after a lost answer the webhook may exist, and a second one would fire twice.
			if (!isRefusal(error)) break;
		}
	}
	ctx.logger.error('Kaizala: could not register the webhook for the awaited action; the execution waits until its limit', {
		actionId: awaited.actionId,
		error: (lastError as Error)?.message,
	});
	return false;
}

/** The webhook, then (for types Kaizala lists responses of) the responses that came before it. */
export async function registerWhenWaiting(
	ctx: IExecuteFunctions,
	awaited: AwaitedAction,
	callbackUrl: string,
	validity: number | undefined,
	readBackCount: number | undefined,
): Promise<void> {
	if (!(await registerOnceWaiting(ctx, awaited, callbackUrl, validity)) || readBackCount === undefined) return;
	try {
		await readBackEarlyResponses(ctx, awaited, callbackUrl, readBackCount);
	} catch (error) {
		ctx.logger.warn('Kaizala: could not check for responses given before the webhook was registered', {
			actionId: awaited.actionId,
			error: (error as Error)?.message,
		});
	}
}
