import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as add from './add.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export const operations = { add, getAll, remove } satisfies ResourceOperations<'member'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['member'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add people to a group by mobile number',
				action: 'Add members to a group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the members of a group',
				action: 'Get many members of a group',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove a member from a group',
				action: 'Remove a member from a group',
			},
		],
		default: 'add',
	},
	...add.description,
	...getAll.description,
	...remove.description,
];
