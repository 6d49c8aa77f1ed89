import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { audienceFields, groupLocator } from '../../helpers/descriptions';
import { audienceBody, guidParameter, messageTextParameter, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { checkGuid } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['message'], operation: ['send'] };

export const description: INodeProperties[] = [
	groupLocator({ show }),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'Text to send, up to 4,000 characters',
		displayOptions: { show },
	},
	...audienceFields(show, 'a message'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Reply To (Reference ID)',
				name: 'replyToReferenceId',
				type: 'string',
				default: '',
				description: 'The referenceId of an earlier message to reply to',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const message = messageTextParameter(this, 'message', 'Message', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const body: IDataObject = { message, ...audienceBody(this, itemIndex) };
	if (options.replyToReferenceId) {
		body.referenceId = valid(this, checkGuid(options.replyToReferenceId), 'Reply To (Reference ID)', itemIndex);
	}

	const response = await kaizalaApiRequest.call(
		this,
		{ method: 'POST', path: `groups/${groupId}/messages`, body },
		itemIndex,
	);
	return responseToItem(response);
}
