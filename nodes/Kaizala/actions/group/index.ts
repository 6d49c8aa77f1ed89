import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { create, get, getAll } satisfies ResourceOperations<'group'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a group or a managed public group',
				action: 'Create a group',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the details of a group',
				action: 'Get a group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the groups the user can reach',
				action: 'Get many groups',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
