/**
 * An operation's items: its parameters read and validated for one item (a failed check throws a
 * NodeOperationError naming the field and the item, before any request is sent), and what it
 * received turned into output items.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Checked } from './validation';
import {
	checkGuid,
	checkJson,
	checkMaxItems,
	checkMessageText,
	checkOptionalText,
	checkPhoneList,
	checkPhoneNumber,
	checkRequiredText,
	MAX_GROUP_NAME_LENGTH,
	MAX_PHONE_NUMBERS_PER_CALL,
} from './validation';

/** The checked value; a failed check throws the input error naming the field and the item (nothing is sent for it). */
export function validOrThrow<T>(ctx: IExecuteFunctions, checked: Checked<T>, field: string, itemIndex: number): T {
	if (checked.ok) return checked.value;
	throw new NodeOperationError(ctx.getNode(), `${field} ${checked.problem} [item ${itemIndex}]`, {
		itemIndex,
		description: `Fix the "${field}" field of item ${itemIndex}; nothing was sent to Kaizala for this item.`,
	});
}

/** Throws the input error for `field` of the item, as `validOrThrow` does for a failed check. */
export function throwInvalid(ctx: IExecuteFunctions, problem: string, field: string, itemIndex: number): never {
	return validOrThrow<never>(ctx, { ok: false, problem }, field, itemIndex);
}

/** A text parameter that must not be empty, trimmed, of at most `maxLength` characters when given. */
export function requiredTextParameter(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number, maxLength?: number): string {
	return validOrThrow(ctx, checkRequiredText(ctx.getNodeParameter(name, itemIndex, ''), maxLength), field, itemIndex);
}

/**
 * A value read from inside a collection or a row (upstream items may put anything there): text
 * or a number, up to `maxLength` characters; anything else is the input error for `field`.
 */
export function textValue(ctx: IExecuteFunctions, raw: unknown, field: string, itemIndex: number, maxLength?: number): string {
	return validOrThrow(ctx, checkOptionalText(raw, maxLength), field, itemIndex);
}

/** The value of a resource locator parameter (or of a plain string parameter). */
export function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex) as INodeParameterResourceLocator | string;
	return typeof raw === 'object' && raw !== null ? raw.value : raw;
}

/** A GUID from a resource locator or string parameter, e.g. the group. */
export function guidParameter(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	return validOrThrow(ctx, checkGuid(locatorValue(ctx, name, itemIndex)), field, itemIndex);
}

export function phoneParameter(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	return validOrThrow(ctx, checkPhoneNumber(ctx.getNodeParameter(name, itemIndex)), field, itemIndex);
}

/** Phone numbers from a list or comma-separated text; `required` rejects an empty list. */
export function phoneListParameter(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	options: { required?: boolean; fallback?: unknown } = {},
): string[] {
	const numbers = validOrThrow(ctx, checkPhoneList(ctx.getNodeParameter(name, itemIndex, options.fallback ?? '')), field, itemIndex);
	if (options.required && numbers.length === 0) {
		throwInvalid(ctx, 'needs at least one phone number', field, itemIndex);
	}
	return numbers;
}

/** The recipients chosen with `audienceFields`, as the request body's fields. */
export function audienceBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const audience = ctx.getNodeParameter('audience', itemIndex, 'group') as string;
	if (audience === 'allSubscribers') return { sendToAllSubscribers: true };
	if (audience === 'chosenSubscribers') {
		return { subscribers: phoneListParameter(ctx, 'subscribers', 'Subscribers', itemIndex, { required: true }) };
	}
	return {};
}

/** The Name of a group being created: not blank, at most 256 characters, trimmed. */
export function groupNameParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	return validOrThrow(ctx, checkMessageText(ctx.getNodeParameter('name', itemIndex), MAX_GROUP_NAME_LENGTH), 'Name', itemIndex).trim();
}

export function messageTextParameter(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	return validOrThrow(ctx, checkMessageText(ctx.getNodeParameter(name, itemIndex)), field, itemIndex);
}

export function jsonParameter(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number): unknown {
	return validOrThrow(ctx, checkJson(ctx.getNodeParameter(name, itemIndex)), field, itemIndex);
}

/** Text that may be empty (e.g. a welcome message), up to `maxLength` characters. */
export function optionalTextParameter(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	maxLength?: number,
): string {
	return validOrThrow(ctx, checkOptionalText(ctx.getNodeParameter(name, itemIndex, ''), maxLength), field, itemIndex);
}

/** Phone numbers (at most 100) for one members or subscribers call; at least one unless not `required`. */
export function phoneBatchParameter(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number, required = true): string[] {
	const numbers = phoneListParameter(ctx, name, field, itemIndex, { required });
	return validOrThrow(ctx, checkMaxItems(numbers, MAX_PHONE_NUMBERS_PER_CALL), field, itemIndex);
}

/** One output item per record, honouring Return All / Limit. */
export function recordsToItems(
	ctx: IExecuteFunctions,
	records: unknown,
	itemIndex: number,
): INodeExecutionData[] {
	const list = (Array.isArray(records) ? records : []) as IDataObject[];
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, true) as boolean;
	const limit = returnAll ? list.length : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	return list.slice(0, limit).map((record) => ({ json: record }));
}

/** A response body as one output item (an empty body becomes `{ success: true }`). */
export function responseToItem(response: unknown): INodeExecutionData[] {
	if (response && typeof response === 'object' && !Array.isArray(response)) {
		return [{ json: response as IDataObject }];
	}
	if (response === undefined || response === null || response === '') return [{ json: { success: true } }];
	return [{ json: { result: response as IDataObject } }];
}

/** The Idempotency Key's parameter name (send once, sendOnce/). */
export const IDEMPOTENCY_KEY = 'idempotencyKey';

/** Whether the node has an Idempotency Key: without one every item is simply sent. */
export function idempotencyKeySet(ctx: IExecuteFunctions): boolean {
	const configured = ctx.getNode().parameters[IDEMPOTENCY_KEY];
	return configured !== undefined && configured !== '';
}
