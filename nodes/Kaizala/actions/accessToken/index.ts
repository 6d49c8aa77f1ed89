import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as get from './get.operation';

export const operations = { get } satisfies ResourceOperations<'accessToken'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['accessToken'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a valid access token and the endpoint URL for other nodes',
				action: 'Get an access token',
			},
		],
		default: 'get',
	},
	...get.description,
];
