import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { textValue, responseToItem } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';
import { fileFromUrl, filesFromBinary } from './files';
import { attachmentTypeOf, SUPPORTED_FORMATS } from './formats';

const show = { resource: ['media'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'File Source',
		name: 'source',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary Field of the Input Item',
				value: 'binary',
				description: 'A file from an earlier node (Read/Write Files from Disk, HTTP Request, a form upload…)',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'Download the file from a public URL, then upload it to Kaizala',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		hint: 'The name of the binary field of the input item that holds the file',
		description:
			'Several image fields separated by commas (e.g. <code>photo1, photo2</code>) are uploaded together as one album',
		displayOptions: { show: { ...show, source: ['binary'] } },
	},
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/site-photo.jpg',
		description: 'Downloaded without credentials, so it must be reachable from n8n as it is',
		displayOptions: { show: { ...show, source: ['url'] } },
	},
	{
		displayName: 'Options',
		name: 'uploadOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. site-photo.jpg',
				description: 'Name to give the file in Kaizala, instead of the one the file came with',
			},
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'e.g. image/jpeg',
				description:
					'Content type to declare, when the source gives none or a generic one (otherwise it is taken from the source or the file extension)',
			},
		],
	},
	{
		displayName: `Returns a <code>mediaResource</code> to use in actions: the images of an announcement, a media attachment, a poll choice image or a survey answer. Kaizala accepts ${SUPPORTED_FORMATS}.`,
		name: 'mediaNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex, 'binary') as string;
	const given = this.getNodeParameter('uploadOptions', itemIndex, {}) as IDataObject;
	const options: IDataObject = {
		...given,
		fileName: textValue(this, given.fileName, 'File Name', itemIndex),
		mimeType: textValue(this, given.mimeType, 'MIME Type', itemIndex),
	};
	const files = source === 'url' ? [await fileFromUrl(this, itemIndex, options)] : await filesFromBinary(this, itemIndex, options);
	const response = await kaizalaApiRequest.call(
		this,
		{
			method: 'POST',
			path: 'media',
			// Built per attempt: a multipart body cannot be sent twice (401 or 308 retries).
			body: () => {
				const form = new FormData();
				for (const file of files) {
					form.append('files', new Blob([file.data], { type: file.mimeType }), file.fileName);
				}
				return form;
			},
		},
		itemIndex,
	);
	const [item] = responseToItem(response);
	return [
		{
			json: {
				...item.json,
				attachmentType: files.length > 1 ? 'Album' : attachmentTypeOf(files[0].mimeType),
				files: files.map((file) => ({ fileName: file.fileName, mimeType: file.mimeType, fileSize: file.data.length })),
			},
		},
	];
}
