import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as addExisting from './addExisting.operation';
import * as create from './create.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';

export const operations = { addExisting, create, getAll, remove } satisfies ResourceOperations<'subGroup'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subGroup'] } },
		options: [
			{
				name: 'Add Existing',
				value: 'addExisting',
				description: 'Attach an existing group under a parent group',
				action: 'Add an existing group as a subgroup',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a new group under a parent group',
				action: 'Create a subgroup',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the sub-groups of a group',
				action: 'Get many subgroups',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Detach a sub-group from its parent group',
				action: 'Remove a subgroup',
			},
		],
		default: 'create',
	},
	...addExisting.description,
	...create.description,
	...getAll.description,
	...remove.description,
];
