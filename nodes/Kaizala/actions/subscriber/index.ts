import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export const operations = { add, getAll, remove } satisfies ResourceOperations<'subscriber'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscriber'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Subscribe people to a managed public group by mobile number',
				action: 'Add subscribers to a public group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the subscribers of a managed public group',
				action: 'Get many subscribers of a public group',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Unsubscribe people from a managed public group',
				action: 'Remove subscribers from a public group',
			},
		],
		default: 'add',
	},
	...add.description,
	...getAll.description,
	...remove.description,
];
