/**
 * A Kaizala webhook on the platform: register it (a lost answer is resolved by finding it),
 * find it, tell whether it can still deliver, delete it. Used by the trigger and by Action →
 * Send and Wait for Responses; requests go through the transport only.
 */
import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { KaizalaContext } from '../transport';
import { kaizalaApiRequest } from '../transport';
import { tokensMatch } from './callback';

export type ObjectType = 'Group' | 'Action' | 'ActionPackage';

/** What the node's parameters ask Kaizala for. */
export interface SubscriptionTarget {
	objectType: ObjectType;
	objectId: string;
	eventTypes: string[];
	callbackUrl: string;
	callbackContext: string;
	/** When the webhook stops firing (epoch ms); Kaizala's default (two years) when absent. */
	validity?: number;
}

/** A field of a platform record, matched case-insensitively (`callbackUrl` / `callBackUrl`). */
function field(record: IDataObject, name: string): unknown {
	const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : record[key];
}

function asBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'True') return true;
	if (value === 'false' || value === 'False') return false;
	return undefined;
}

function sameUrl(a: unknown, b: string): boolean {
	if (typeof a !== 'string') return false;
	try {
		return new URL(a).href === new URL(b).href;
	} catch {
		return false;
	}
}

/** The webhooks Kaizala has on the target's object (GET /webhook?objectId&objectType). */
async function webhooksOn(ctx: KaizalaContext, target: SubscriptionTarget): Promise<IDataObject[]> {
	const response = (await kaizalaApiRequest.call(ctx, {
		method: 'GET',
		path: 'webhook',
		qs: { objectId: target.objectId, objectType: target.objectType },
	})) as IDataObject | undefined;
	const list = response && typeof response === 'object' ? field(response, 'webhooks') : undefined;
	return (Array.isArray(list) ? list : []).filter((webhook): webhook is IDataObject => !!webhook && typeof webhook === 'object');
}

const idOf = (webhook: IDataObject) => field(webhook, 'id') ?? field(webhook, 'webhookId');

/** The platform's record of a webhook, from GET /webhook?objectId&objectType. */
export async function findRegisteredWebhook(
	ctx: KaizalaContext,
	target: SubscriptionTarget,
	webhookId: string,
): Promise<IDataObject | undefined> {
	return (await webhooksOn(ctx, target)).find((webhook) => idOf(webhook) === webhookId);
}

/**
 * After a POST /webhook whose answer was lost: the webhook it would have made (same callback URL,
 * same callback token, which is new for each registration), so it is adopted rather than made twice.
 */
async function webhookJustRegistered(ctx: KaizalaContext, target: SubscriptionTarget, callbackToken: string) {
	const made = (await webhooksOn(ctx, target)).find(
		(webhook) => sameUrl(field(webhook, 'callbackUrl'), target.callbackUrl) && tokensMatch(field(webhook, 'callbackToken'), callbackToken),
	);
	const webhookId = made && idOf(made);
	return typeof webhookId === 'string' ? { webhookId } : undefined;
}

/**
 * Why a registered webhook can no longer deliver to this node, or undefined when it still can:
 * disabled (Kaizala disables webhooks whose callbacks kept failing), expired, pointing at another
 * URL, or sending another callback token.
 */
export function unusableBecause(
	webhook: IDataObject,
	state: { callbackToken?: string },
	target: SubscriptionTarget,
	now: number,
): string | undefined {
	if (asBoolean(field(webhook, 'active')) === false) return 'disabled';
	const validity = Number(field(webhook, 'validity'));
	if (Number.isFinite(validity) && validity > 0 && validity <= now) return 'expired';
	const url = field(webhook, 'callbackUrl');
	if (url !== undefined && !sameUrl(url, target.callbackUrl)) return 'pointing at another URL';
	const token = field(webhook, 'callbackToken');
	if (token !== undefined && token !== '' && !tokensMatch(token, state.callbackToken)) return 'using another callback token';
	return undefined;
}

export async function registerWebhook(
	ctx: KaizalaContext,
	target: SubscriptionTarget,
	callbackToken: string,
): Promise<string> {
	const body: IDataObject = {
		objectId: target.objectId,
		objectType: target.objectType,
		eventTypes: target.eventTypes,
		callBackUrl: target.callbackUrl,
		callBackToken: callbackToken,
	};
	if (target.callbackContext !== '') body.callBackContext = target.callbackContext;
	if (target.validity !== undefined) body.validity = String(target.validity);
	const response = (await kaizalaApiRequest.call(ctx, {
		method: 'POST',
		path: 'webhook',
		body,
		resolveAmbiguous: async () => await webhookJustRegistered(ctx, target, callbackToken),
	})) as IDataObject | undefined;
	const webhookId = response && typeof response === 'object' ? field(response, 'webhookId') : undefined;
	if (typeof webhookId !== 'string' || webhookId === '') {
		throw new NodeApiError(ctx.getNode(), (response ?? {}) as JsonObject, {
			message: 'Kaizala accepted the webhook but returned no webhookId',
			description: 'The webhook may exist on the platform without n8n knowing it; check the object\'s webhooks.',
		});
	}
	return webhookId;
}

export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

/** Errors from the transport already are NodeApiError/NodeOperationError; anything else is wrapped. */
export function asNodeError(ctx: KaizalaContext, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error));
}

/**
 * Deletes the webhook on the platform. `false` when the platform no longer had it (404), which
 * is the outcome wanted anyway; any other failure is thrown.
 */
export async function deleteRegisteredWebhook(ctx: KaizalaContext, webhookId: string): Promise<boolean> {
	try {
		await kaizalaApiRequest.call(ctx, { method: 'DELETE', path: `webhook/${encodeURIComponent(webhookId)}` });
		return true;
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(ctx, error);
		ctx.logger.debug('Kaizala Trigger: the webhook was already gone from Kaizala', { webhookId });
		return false;
	}
}
