import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, messageTextParameter, phoneListParameter, valid } from '../../helpers/input';
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
	{
		displayName: 'Send To',
		name: 'audience',
		type: 'options',
		default: 'group',
		description: 'In a public group, a message can go to its subscribers instead of the group conversation',
		options: [
			{ name: 'Group', value: 'group', description: 'Post in the group conversation' },
			{
				name: 'All Subscribers (Public Group)',
				value: 'allSubscribers',
				description: 'Send to every subscriber of the public group; the token user must be its admin',
			},
			{
				name: 'Chosen Subscribers (Public Group)',
				value: 'chosenSubscribers',
				description: 'Send only to the subscribers listed below',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Subscribers',
		name: 'subscribers',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+919999999999, +919999999998',
		description: 'Mobile numbers with country code, as a list or separated by commas',
		displayOptions: { show: { ...show, audience: ['chosenSubscribers'] } },
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
	const audience = this.getNodeParameter('audience', itemIndex, 'group') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const body: IDataObject = { message };
	if (audience === 'allSubscribers') body.sendToAllSubscribers = true;
	if (audience === 'chosenSubscribers') {
		body.subscribers = phoneListParameter(this, 'subscribers', 'Subscribers', itemIndex, { required: true });
	}
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
