import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, delete: deleteWebhook, getAll, update } satisfies ResourceOperations<'webhook'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Subscribe a URL to events', action: 'Create a webhook' },
			{ name: 'Delete', value: 'delete', description: 'Remove a webhook', action: 'Delete a webhook' },
			{ name: 'Get Many', value: 'getAll', description: 'List the webhooks of a group, action or package', action: 'Get many webhooks' },
			{ name: 'Update', value: 'update', description: 'Change or re-activate a webhook', action: 'Update a webhook' },
		],
		default: 'create',
	},
	...create.description,
	...getAll.description,
	...update.description,
	...deleteWebhook.description,
];
