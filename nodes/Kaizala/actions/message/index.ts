import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import * as send from './send.operation';
import * as sendAndWait from './sendAndWait.operation';

export const operations = { send, sendAndWait } satisfies ResourceOperations<'message'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send a text message to a group or to public-group subscribers',
				action: 'Send a message',
			},
			{
				name: 'Send and Wait for Response',
				value: SEND_AND_WAIT_OPERATION,
				description: 'Send a message with answer links (approve, decline or free text) and wait for the answer',
				action: 'Send a message and wait for response',
			},
		],
		default: 'send',
	},
	...send.description,
	...sendAndWait.description,
];
