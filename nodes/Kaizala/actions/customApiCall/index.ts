import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as call from './call.operation';

export const operations = { call } satisfies ResourceOperations<'customApiCall'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customApiCall'] } },
		options: [
			{
				name: 'Call',
				value: 'call',
				description: 'Send any request to your Kaizala endpoint with the cached access token',
				action: 'Make a custom API call',
			},
		],
		default: 'call',
	},
	...call.description,
];
