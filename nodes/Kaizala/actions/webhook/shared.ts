/** Parameters shared by the webhook operations, and how they become a request body. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { EVENT_TYPE_OPTIONS, EVENT_TYPES, OBJECT_TYPE_OPTIONS } from '../../webhooks/events';
import { throwInvalid, validOrThrow } from '../../helpers/items';
import { checkCallbackUrl, checkChoices, checkGuid, checkRequiredText } from '../../helpers/validation';

export function objectFields(operation: string): INodeProperties[] {
	const show = { resource: ['webhook'], operation: [operation] };
	return [
		{
			displayName: 'Object Type',
			name: 'objectType',
			type: 'options',
			options: OBJECT_TYPE_OPTIONS,
			default: 'Group',
			description: 'What the webhook listens to',
			displayOptions: { show },
		},
		{
			displayName: 'Object ID',
			name: 'objectId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 6c1d2f7e-8b1a-4c39-9d56-0f3e4a5b6c7d',
			description: 'The group ID, the action ID, or the action package ID',
			displayOptions: { show },
		},
	];
}

export const eventTypesField = (show: Record<string, string[]>, required: boolean): INodeProperties => ({
	displayName: 'Event Types',
	name: 'eventTypes',
	type: 'multiOptions',
	options: EVENT_TYPE_OPTIONS,
	default: [],
	required,
	description: required
		? 'The events Kaizala notifies the callback URL about'
		: 'The events Kaizala notifies the callback URL about; leave empty to keep the current ones',
	displayOptions: { show },
});

/** Group and Action objects are GUIDs; action package ids are names like com.contoso.x. */
export function objectParameters(ctx: IExecuteFunctions, itemIndex: number): { objectType: string; objectId: string } {
	const objectType = ctx.getNodeParameter('objectType', itemIndex) as string;
	const raw = ctx.getNodeParameter('objectId', itemIndex, '');
	const objectId =
		objectType === 'ActionPackage'
			? validOrThrow(ctx, checkRequiredText(raw), 'Object ID', itemIndex)
			: validOrThrow(ctx, checkGuid(raw), 'Object ID', itemIndex);
	return { objectType, objectId };
}

/** Kaizala calls https URLs; plain http only on loopback (the local sandbox). */
export function callbackUrl(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): string {
	return validOrThrow(ctx, checkCallbackUrl(raw), 'Callback URL', itemIndex);
}

/** The chosen events (also from an expression: a list or comma-separated names), each one Kaizala documents. */
export function eventTypes(ctx: IExecuteFunctions, itemIndex: number, required: boolean): string[] | undefined {
	const events = validOrThrow(ctx, checkChoices(ctx.getNodeParameter('eventTypes', itemIndex, []), EVENT_TYPES), 'Event Types', itemIndex);
	if (events.length === 0) {
		if (required) throwInvalid(ctx, 'needs at least one event', 'Event Types', itemIndex);
		return undefined;
	}
	return events;
}

export const webhookIdField = (operation: string): INodeProperties => ({
	displayName: 'Webhook ID',
	name: 'webhookId',
	type: 'string',
	default: '',
	required: true,
	description: 'The ID returned when the webhook was created (see Get Many)',
	displayOptions: { show: { resource: ['webhook'], operation: [operation] } },
});

export function webhookIdParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	return validOrThrow(ctx, checkGuid(ctx.getNodeParameter('webhookId', itemIndex)), 'Webhook ID', itemIndex);
}
