/**
 * The Kaizala webhook ("subscription") behind one trigger node: what the node's parameters ask
 * for and what is remembered in the workflow's static data. The platform calls that register,
 * find and delete it are in nodes/Kaizala/webhooks/registration.ts.
 */
import type { IDataObject, IHookFunctions, INodeParameterResourceLocator, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Checked } from '../Kaizala/helpers/validation';
import { checkCallbackUrl, checkGuid } from '../Kaizala/helpers/validation';
import { EVENT_TYPES } from '../Kaizala/webhooks/events';
import type { ObjectType, SubscriptionTarget } from '../Kaizala/webhooks/registration';

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

function parameterOrThrow<T>(ctx: IHookFunctions, checked: Checked<T>, field: string): T {
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
			objectId = parameterOrThrow(ctx, checkGuid(locatorValue(ctx.getNodeParameter('groupId', ''))), 'Group');
			break;
		case 'Action':
			objectId = parameterOrThrow(ctx, checkGuid(ctx.getNodeParameter('actionId', '')), 'Action ID');
			break;
		case 'ActionPackage':
			objectId = parameterOrThrow(ctx, checkActionPackageId(ctx.getNodeParameter('actionPackageId', '')), 'Action Package ID');
			break;
		default:
			throw new NodeOperationError(ctx.getNode(), `Object Type "${String(objectType)}" is not one of Group, Action, Action Package`);
	}
	const chosen = ctx.getNodeParameter('events', []) as unknown;
	const eventTypes = [...new Set(Array.isArray(chosen) ? chosen.map(String) : [])];
	if (eventTypes.length === 0) parameterOrThrow(ctx, { ok: false, problem: 'needs at least one event' }, 'Events');
	const unknown = eventTypes.find((type) => !EVENT_TYPES.includes(type));
	if (unknown !== undefined) parameterOrThrow(ctx, { ok: false, problem: `has an unknown event "${unknown}"` }, 'Events');
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

