/**
 * The Kaizala webhook ("subscription") behind one trigger node: what the node's parameters ask
 * for, what is remembered in the workflow's static data, and the platform calls that create,
 * find and delete it. Requests go through the Kaizala transport only.
 */
import type {
	IDataObject,
	IHookFunctions,
	INodeParameterResourceLocator,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Checked } from '../Kaizala/helpers/validation';
import { checkCallbackUrl, checkGuid } from '../Kaizala/helpers/validation';
import type { KaizalaContext } from '../Kaizala/transport';
import { kaizalaApiRequest } from '../Kaizala/transport';
import { tokensMatch } from '../Kaizala/webhooks/callback';
import { EVENT_TYPES } from './events';

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

/** What the node keeps in the workflow's static data (node scope). */
export interface SubscriptionState extends IDataObject {
	webhookId?: string;
	/** Sent by Kaizala in `kz-callback-token`; generated per registration. */
	callbackToken?: string;
	objectType?: string;
	objectId?: string;
	eventTypes?: string[];
	callbackUrl?: string;
	callbackContext?: string;
	/** Ids of the newest events handled, oldest first. */
	recentEventIds?: string[];
}

const SUBSCRIPTION_FIELDS = [
	'webhookId',
	'callbackToken',
	'objectType',
	'objectId',
	'eventTypes',
	'callbackUrl',
	'callbackContext',
	'recentEventIds',
] as const;

export function subscriptionState(ctx: IHookFunctions | IWebhookFunctions): SubscriptionState {
	return ctx.getWorkflowStaticData('node') as SubscriptionState;
}

export function clearSubscription(state: SubscriptionState): void {
	for (const field of SUBSCRIPTION_FIELDS) delete state[field];
}

/** Action package ids are reverse-domain names ("com.contoso.inspection") or GUIDs. */
const ACTION_PACKAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function checkActionPackageId(raw: unknown): Checked<string> {
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value) return { ok: false, problem: 'is empty' };
	if (!ACTION_PACKAGE_ID.test(value)) {
		return { ok: false, problem: `"${value}" is not an action package ID (letters, digits, ".", "-" and "_")` };
	}
	return { ok: true, value };
}

function valid<T>(ctx: IHookFunctions, checked: Checked<T>, field: string): T {
	if (checked.ok) return checked.value;
	throw new NodeOperationError(ctx.getNode(), `${field} ${checked.problem}`, {
		description: `Fix the "${field}" parameter of the Kaizala Trigger; no webhook was registered.`,
	});
}

function locatorValue(raw: unknown): unknown {
	return typeof raw === 'object' && raw !== null ? (raw as INodeParameterResourceLocator).value : raw;
}

/** The URL Kaizala must call: n8n's production or test URL of this node's POST webhook. */
export function callbackUrlOf(ctx: IHookFunctions): string {
	const raw = ctx.getNodeWebhookUrl('default');
	if (!raw || !URL.canParse(raw)) {
		throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for the Kaizala Trigger', {
			description: 'Save the workflow and check that n8n\'s WEBHOOK_URL is set.',
		});
	}
	// The check Webhook → Create makes of a callback URL.
	if (!checkCallbackUrl(raw).ok) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Kaizala only calls https webhook URLs, and this n8n's webhook URL is ${new URL(raw).origin}`,
			{
				description:
					'Set n8n\'s WEBHOOK_URL environment variable to the public https address of this n8n (plain http works only with a local Kaizala sandbox on loopback).',
			},
		);
	}
	return new URL(raw).href;
}

/** Reads and checks the node's parameters. Throws, naming the parameter, before any request. */
export function subscriptionTarget(ctx: IHookFunctions): SubscriptionTarget {
	const objectType = ctx.getNodeParameter('objectType', 'Group') as ObjectType;
	let objectId: string;
	switch (objectType) {
		case 'Group':
			objectId = valid(ctx, checkGuid(locatorValue(ctx.getNodeParameter('groupId', ''))), 'Group');
			break;
		case 'Action':
			objectId = valid(ctx, checkGuid(ctx.getNodeParameter('actionId', '')), 'Action ID');
			break;
		case 'ActionPackage':
			objectId = valid(ctx, checkActionPackageId(ctx.getNodeParameter('actionPackageId', '')), 'Action Package ID');
			break;
		default:
			throw new NodeOperationError(ctx.getNode(), `Object Type "${String(objectType)}" is not one of Group, Action, Action Package`);
	}
	const chosen = ctx.getNodeParameter('events', []) as unknown;
	const eventTypes = [...new Set(Array.isArray(chosen) ? chosen.map(String) : [])];
	if (eventTypes.length === 0) valid(ctx, { ok: false, problem: 'needs at least one event' }, 'Events');
	const unknown = eventTypes.find((type) => !EVENT_TYPES.includes(type));
	if (unknown !== undefined) valid(ctx, { ok: false, problem: `has an unknown event "${unknown}"` }, 'Events');
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const callbackContext = typeof options.callbackContext === 'string' ? options.callbackContext : '';
	return {
		objectType,
		objectId,
		eventTypes: eventTypes.sort(),
		callbackUrl: callbackUrlOf(ctx),
		callbackContext,
	};
}

/** Whether the remembered registration was made for exactly these parameters and URL. */
export function registeredFor(state: SubscriptionState, target: SubscriptionTarget): boolean {
	return (
		state.objectType === target.objectType &&
		state.objectId === target.objectId &&
		state.callbackUrl === target.callbackUrl &&
		(state.callbackContext ?? '') === target.callbackContext &&
		JSON.stringify([...(state.eventTypes ?? [])].sort()) === JSON.stringify(target.eventTypes)
	);
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
	ctx: IHookFunctions,
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
	state: SubscriptionState,
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
