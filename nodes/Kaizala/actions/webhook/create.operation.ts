import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { textValue, validOrThrow, responseToItem } from '../../helpers/items';
import { checkFutureTime } from '../../helpers/timeValidation';
import { kaizalaApiRequest } from '../../transport';
import { callbackUrl, eventTypes, eventTypesField, objectFields, objectParameters } from './shared';

const show = { resource: ['webhook'], operation: ['create'] };

export const description: INodeProperties[] = [
	...objectFields('create'),
	eventTypesField(show, true),
	{
		displayName: 'Callback URL',
		name: 'callBackUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/kaizala-events',
		description:
			'HTTPS URL Kaizala posts the events to. Kaizala first sends it a GET with a validationToken that must be echoed within 5 seconds. To start a workflow on events, use the Kaizala Trigger node instead.',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Callback Token',
				name: 'callBackToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'Sent back in the kz-callback-token header of every callback, so the receiver can check it',
			},
			{
				displayName: 'Valid Until',
				name: 'validity',
				type: 'dateTime',
				default: '',
				description: 'When the webhook stops firing. Kaizala\'s default is two years from now.',
			},
			{
				displayName: 'Callback Context',
				name: 'callBackContext',
				type: 'string',
				default: '',
				description: 'Any text, returned as "context" in every callback payload',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { objectType, objectId } = objectParameters(this, itemIndex);
	const body: IDataObject = {
		objectId,
		objectType,
		eventTypes: eventTypes(this, itemIndex, true),
		callBackUrl: callbackUrl(this, this.getNodeParameter('callBackUrl', itemIndex), itemIndex),
	};
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const callBackToken = textValue(this, options.callBackToken, 'Callback Token', itemIndex);
	if (callBackToken) body.callBackToken = callBackToken;
	const callBackContext = textValue(this, options.callBackContext, 'Callback Context', itemIndex);
	if (callBackContext) body.callBackContext = callBackContext;
	if (options.validity) body.validity = validOrThrow(this, checkFutureTime(options.validity, Date.now()), 'Valid Until', itemIndex);
	const response = await kaizalaApiRequest.call(this, { method: 'POST', path: 'webhook', body }, itemIndex);
	return responseToItem(response);
}
