import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { throwInvalid, textValue } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';
import { callbackUrl, eventTypes, eventTypesField, webhookIdField, webhookIdParameter } from './shared';

const show = { resource: ['webhook'], operation: ['update'] };

export const description: INodeProperties[] = [
	webhookIdField('update'),
	{
		displayName: 'Re-Activate',
		name: 'reactivate',
		type: 'boolean',
		default: true,
		description:
			'Whether to switch the webhook back on. Kaizala disables a webhook whose callback URL kept failing for 2 days; it stays off until updated like this.',
		displayOptions: { show },
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Callback Context',
				name: 'callBackContext',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Callback Token',
				name: 'callBackToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
			{
				displayName: 'Callback URL',
				name: 'callBackUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/kaizala-events',
			},
		],
	},
	eventTypesField(show, false),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const webhookId = webhookIdParameter(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (fields.callBackUrl !== undefined) body.callBackUrl = callbackUrl(this, fields.callBackUrl, itemIndex);
	const callBackToken = textValue(this, fields.callBackToken, 'Callback Token', itemIndex);
	if (callBackToken) body.callBackToken = callBackToken;
	if (fields.callBackContext !== undefined) body.callBackContext = textValue(this, fields.callBackContext, 'Callback Context', itemIndex);
	const events = eventTypes(this, itemIndex, false);
	if (events) body.eventTypes = events;
	if (this.getNodeParameter('reactivate', itemIndex, true) as boolean) body.Active = true;
	if (Object.keys(body).length === 0) {
		throwInvalid(this, 'are empty: choose what to change, or turn on Re-Activate', 'Update Fields', itemIndex);
	}
	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'PUT', path: `webhook/${webhookId}`, body },
		itemIndex,
	)) as IDataObject;
	return [{ json: { webhookId, ...(response ?? {}) } }];
}
