import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as comment from './comment.operation';
import * as getAll from './getAll.operation';
import * as getGroupSummary from './getGroupSummary.operation';
import * as getSummary from './getSummary.operation';
import * as like from './like.operation';

export const operations = { comment, getAll, getGroupSummary, getSummary, like } satisfies ResourceOperations<'reaction'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reaction'] } },
		options: [
			{
				name: 'Comment',
				value: 'comment',
				description: 'Comment on an action or message',
				action: 'Comment on an action or message',
			},
			{
				name: 'Get Group Summary',
				value: 'getGroupSummary',
				description: 'Like and comment counts of every action or message in a group with reactions',
				action: 'Get the reaction summary of a group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'The likes or the comments on an action or message, one item each',
				action: 'Get many reactions',
			},
			{
				name: 'Get Summary',
				value: 'getSummary',
				description: 'Like and comment counts of an action or message',
				action: 'Get the reaction summary of an action or message',
			},
			{
				name: 'Like',
				value: 'like',
				description: 'Like an action or message',
				action: 'Like an action or message',
			},
		],
		default: 'like',
	},
	...like.description,
	...comment.description,
	...getSummary.description,
	...getGroupSummary.description,
	...getAll.description,
];
