import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { react, reactionTargetFields } from './shared';

export const description: INodeProperties[] = [
	...reactionTargetFields(['comment'], true),
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'e.g. Done, photos attached',
		description: 'Up to 4,000 characters',
		displayOptions: { show: { resource: ['reaction'], operation: ['comment'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await react(this, itemIndex, 'Comment');
}
