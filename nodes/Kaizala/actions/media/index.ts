import type { INodeProperties } from 'n8n-workflow';

import * as upload from './upload.operation';

export { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{ name: 'Upload', value: 'upload', description: 'Upload a file for use in actions', action: 'Upload media' },
		],
		default: 'upload',
	},
	...upload.description,
];
