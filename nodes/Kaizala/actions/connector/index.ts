import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as generatePin from './generatePin.operation';
import * as loginWithPin from './loginWithPin.operation';

export const operations = { generatePin, loginWithPin } satisfies ResourceOperations<'connector'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connector'] } },
		options: [
			{
				name: 'Generate PIN',
				value: 'generatePin',
				description: 'Have Kaizala text a one-time PIN to a user, to log in without the portal',
				action: 'Generate a PIN',
			},
			{
				name: 'Log In With PIN',
				value: 'loginWithPin',
				description: 'Exchange the texted PIN for a refresh token for this connector',
				action: 'Log in with a PIN',
			},
		],
		default: 'generatePin',
	},
	...generatePin.description,
	...loginWithPin.description,
];
