import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getResponses from './getResponses.operation';
import * as postResponse from './postResponse.operation';
import * as send from './send.operation';

export { get, getAll, getResponses, postResponse, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['action'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get an action with its details', action: 'Get an action' },
			{ name: 'Get Many', value: 'getAll', description: 'List the actions of one type in a group', action: 'Get many actions' },
			{ name: 'Get Responses', value: 'getResponses', description: 'One item per response to a job, survey or poll', action: 'Get responses to an action' },
			{ name: 'Post Response', value: 'postResponse', description: 'Respond to a job or a survey', action: 'Post a response to an action' },
			{ name: 'Send', value: 'send', description: 'Send an announcement, job, poll, survey, meeting or custom action', action: 'Send an action' },
		],
		default: 'send',
	},
	...send.description,
	...getAll.description,
	...get.description,
	...getResponses.description,
	...postResponse.description,
];
