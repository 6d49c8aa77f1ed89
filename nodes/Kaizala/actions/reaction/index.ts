import type { INodeProperties } from 'n8n-workflow';

import * as comment from './comment.operation';
import * as like from './like.operation';

export { comment, like };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reaction'] } },
		options: [
			{ name: 'Comment', value: 'comment', description: 'Comment on an action', action: 'Comment on an action' },
			{ name: 'Like', value: 'like', description: 'Like an action', action: 'Like an action' },
		],
		default: 'like',
	},
	...like.description,
	...comment.description,
];
