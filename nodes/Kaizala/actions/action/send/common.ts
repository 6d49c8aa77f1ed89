/**
 * What the action types of Action → Send have in common: the shape of a type module, the Title
 * and Due fields that several types share (each with its reader), and the whole-hours rule.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { throwInvalid, requiredTextParameter, validOrThrow } from '../../../helpers/items';
import { checkNumberInRange, MAX_TITLE_LENGTH } from '../../../helpers/validation';
import { checkHoursUntil } from '../../../helpers/timeValidation';

/** Fields the type modules share; a module lists those it reads. */
export type SharedField = 'title' | 'due';

/**
 * One action type: its entry in the Action Type list, its fields (shown only for this type),
 * its Options collection (listed after the recipients) and the request it builds from them.
 */
export interface ActionTypeModule {
	option: INodePropertyOptions & { value: string };
	uses: SharedField[];
	fields: INodeProperties[];
	options?: INodeProperties;
	/** `{ actionType | id, actionBody }`, validated before anything is sent. */
	request(ctx: IExecuteFunctions, itemIndex: number): IDataObject;
}

/** The fields of one action type, shown only when that type is chosen. */
export function forActionType(value: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { actionType: [value] } }, properties);
}

export const titleField = (types: string[]): INodeProperties => ({
	displayName: 'Title',
	name: 'title',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Safety week',
	displayOptions: { show: { actionType: types } },
});

export function titleParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	return requiredTextParameter(ctx, 'title', 'Title', itemIndex, MAX_TITLE_LENGTH);
}

/** Due: within some hours, or by a moment (rounded up to whole hours). */
export const dueFields = (types: string[]): INodeProperties[] => [
	{
		displayName: 'Due',
		name: 'dueType',
		type: 'options',
		default: 'hours',
		options: [
			{ name: 'Within a Number of Hours', value: 'hours' },
			{ name: 'By a Date and Time', value: 'dateTime', description: 'Rounded up to whole hours from now' },
		],
		displayOptions: { show: { actionType: types } },
	},
	{
		displayName: 'Due In (Hours)',
		name: 'dueInHours',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 24,
		description: "Whole hours from now; Kaizala's default is 24",
		displayOptions: { show: { actionType: types, dueType: ['hours'] } },
	},
	{
		displayName: 'Due At',
		name: 'dueAt',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Kaizala counts due times in whole hours, so this is rounded up to the next full hour from now',
		displayOptions: { show: { actionType: types, dueType: ['dateTime'] } },
	},
];

/** Job and survey `dueDate`: hours from now, given directly or as a moment. */
export function dueHoursParameter(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('dueType', itemIndex, 'hours') === 'dateTime') {
		return validOrThrow(ctx, checkHoursUntil(ctx.getNodeParameter('dueAt', itemIndex, ''), Date.now()), 'Due At', itemIndex);
	}
	return wholeHours(ctx, ctx.getNodeParameter('dueInHours', itemIndex, 24), 'Due In (Hours)', itemIndex);
}

/** Kaizala counts due times, expiries and validities in whole hours (up to ten years). */
export function wholeHours(ctx: IExecuteFunctions, raw: unknown, field: string, itemIndex: number): number {
	const hours = validOrThrow(ctx, checkNumberInRange(raw, 1, 24 * 365 * 10), field, itemIndex);
	return Number.isInteger(hours) ? hours : throwInvalid(ctx, `is ${hours}; Kaizala takes whole hours`, field, itemIndex);
}
