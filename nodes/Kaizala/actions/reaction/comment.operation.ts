import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { react, reactionFields } from './like.operation';

export const description: INodeProperties[] = [
	...reactionFields('comment'),
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		displayOptions: { show: { resource: ['reaction'], operation: ['comment'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await react(this, itemIndex, 'Comment');
}
