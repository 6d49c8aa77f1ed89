import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../node.type';

import * as upload from './upload.operation';

export const operations = { upload } satisfies ResourceOperations<'media'>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file (from a binary field or a URL) and get the media resource to use in actions',
				action: 'Upload a media file',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
