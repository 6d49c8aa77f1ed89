/**
 * Action → Send and Wait for Responses: sends a job, poll, survey, let's meet or custom action as
 * Action → Send does, then waits for the first response (or a number of them) or the wait limit.
 * Registration and read-back: sendAndWaitForResponses/registration.ts; the resume webhook:
 * sendAndWaitForResponses/resume.ts. The operation value is not `sendAndWait` on purpose (see
 * docs/ARCHITECTURE.md, "Send and Wait").
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';

import { guidParameter, validOrThrow } from '../../helpers/items';
import type { Checked } from '../../helpers/validation';
import { checkGuid } from '../../helpers/validation';
import { isSkipped } from '../../sendOnce';
import { limitWaitTimeOption, waitUntil } from '../../webhooks/sendAndWait';
import * as send from './send.operation';
import { callbackUrlFor, LISTED_RESPONSE_TYPES, OPERATION, TYPES_WITH_RESPONSES } from './sendAndWaitForResponses/awaited';
import { registerWhenWaiting } from './sendAndWaitForResponses/registration';

export { OPERATION } from './sendAndWaitForResponses/awaited';
export { webhook } from './sendAndWaitForResponses/resume';

/**
 * Action → Send's fields, shown for this operation too (one definition, two operations), with
 * only the action types that take responses.
 */
function forThisOperation(property: INodeProperties): INodeProperties {
	const operations = property.displayOptions?.show?.operation;
	const copy: INodeProperties = {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, operation: Array.isArray(operations) ? [OPERATION] : operations },
		},
	};
	if (property.name === 'actionType') {
		copy.options = (property.options as INodePropertyOptions[]).filter((option) => TYPES_WITH_RESPONSES.includes(String(option.value)));
		copy.default = 'Poll';
	}
	return copy;
}

const show = { resource: ['action'], operation: [OPERATION] };

export const description: INodeProperties[] = [
	...send.description.map(forThisOperation),
	{
		displayName: 'Wait For',
		name: 'waitFor',
		type: 'options',
		default: 'firstResponse',
		options: [
			{ name: 'First Response', value: 'firstResponse', description: 'Go on with the first response (any action type)' },
			{
				name: 'A Number of Responses',
				value: 'responses',
				description: 'Go on once that many people have responded (jobs, surveys and custom actions)',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Number of Responses',
		name: 'responseCount',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 3,
		displayOptions: { show: { ...show, waitFor: ['responses'] } },
	},
	{
		displayName: 'Wait Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [limitWaitTimeOption],
	},
];

/** Response count: 1 for the first response; several only for types Kaizala lists responses of. */
function awaitedCount(ctx: IExecuteFunctions, actionType: string, itemIndex: number): Checked<number> {
	if (ctx.getNodeParameter('waitFor', itemIndex, 'firstResponse') !== 'responses') return { ok: true, value: 1 };
	const count = Number(ctx.getNodeParameter('responseCount', itemIndex, 1));
	if (!Number.isInteger(count) || count < 1) return { ok: false, problem: 'must be a whole number of at least 1' };
	if (count > 1 && !LISTED_RESPONSE_TYPES.includes(actionType)) {
		return {
			ok: false,
			problem: `can only be 1 for a ${actionType === 'LetsMeet' ? "let's meet" : actionType.toLowerCase()}: Kaizala's API does not list its responses, so only the first one can be awaited`,
		};
	}
	return { ok: true, value: count };
}

/** Sends the action (from the first item: one execution waits for one action) and waits. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const item = { json: this.getInputData()[itemIndex].json };
	if (itemIndex > 0) return [item];
	const actionType = this.getNodeParameter('actionType', itemIndex) as string;
	const count = validOrThrow(this, awaitedCount(this, actionType, itemIndex), 'Number of Responses', itemIndex);
	const limit = ((this.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject).limitWaitTime as IDataObject | undefined)?.values;
	const until = validOrThrow(this, waitUntil(limit as IDataObject | undefined, Date.now()), 'Limit Wait Time', itemIndex);
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);

	const [sent] = await send.execute.call(this, itemIndex);
	// Sent (and waited for) by an earlier run with this idempotency key.
	if (isSkipped(sent)) return [sent];
	const actionId = validOrThrow(this, checkGuid(sent.json.actionId), 'actionId (in Kaizala\'s answer)', itemIndex);
	const awaited = { groupId, actionId };
	await this.putExecutionToWait(until);
	const validity = until.getTime() === WAIT_INDEFINITELY.getTime() ? undefined : until.getTime();
	const readBackCount = LISTED_RESPONSE_TYPES.includes(actionType) ? count : undefined;
	void registerWhenWaiting(this, awaited, callbackUrlFor(this, awaited), validity, readBackCount);
	return [item];
}
