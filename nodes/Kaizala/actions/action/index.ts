import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getResponses from './getResponses.operation';
import * as postResponse from './postResponse.operation';
import * as send from './send.operation';
import * as sendAndWaitForResponses from './sendAndWaitForResponses.operation';
import { oneActionPickers } from './shared';

export const operations = { get, getAll, getResponses, postResponse, send, sendAndWaitForResponses } satisfies ResourceOperations<'action'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['action'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get an action with its details and responses',
				action: 'Get an action',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the actions of one type sent in a group',
				action: 'Get many actions',
			},
			{
				name: 'Get Responses',
				value: 'getResponses',
				description: 'Get the responses to a job, survey or custom action, one item each',
				action: 'Get responses to an action',
			},
			{
				name: 'Post Response',
				value: 'postResponse',
				description: 'Respond to a job, a survey or a custom action as the token user',
				action: 'Post a response to an action',
			},
			{
				name: 'Send',
				value: 'send',
				description: "Send an announcement, job, poll, survey, let's meet, media attachment or custom action",
				action: 'Send an action',
			},
			{
				name: 'Send and Wait for Responses',
				value: sendAndWaitForResponses.OPERATION,
				description: 'Send a job, poll, survey, let\'s meet or custom action and wait for its first response (or several)',
				action: 'Send an action and wait for responses',
			},
		],
		default: 'send',
	},
	...send.description,
	...getAll.description,
	...oneActionPickers,
	...get.description,
	...getResponses.description,
	...postResponse.description,
	...sendAndWaitForResponses.description,
];
