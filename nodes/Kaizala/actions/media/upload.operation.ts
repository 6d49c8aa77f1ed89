import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['media'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		default: 'binary',
		options: [
			{ name: 'Binary Property', value: 'binary', description: 'A file from an earlier node (Read File, HTTP Request, form upload…)' },
			{ name: 'URL', value: 'url', description: 'Download the file from a URL first' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The name of the input field holding the file',
		displayOptions: { show: { ...show, source: ['binary'] } },
	},
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/site-photo.jpg',
		displayOptions: { show: { ...show, source: ['url'] } },
	},
	{
		displayName:
			'Returns a <code>mediaResource</code> to use in actions, e.g. the images of an announcement. Kaizala accepts images, audio, video, PDF and Office documents.',
		name: 'mediaNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];

interface FileToUpload {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

async function fileFromBinary(ctx: IExecuteFunctions, itemIndex: number): Promise<FileToUpload> {
	const property = String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	const binary = ctx.getInputData()[itemIndex]?.binary?.[property];
	if (!binary) {
		valid(ctx, { ok: false, problem: `"${property}" is not a binary field of this item` }, 'Input Binary Field', itemIndex);
	}
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	return { data, fileName: binary?.fileName ?? 'file', mimeType: binary?.mimeType ?? 'application/octet-stream' };
}

async function fileFromUrl(ctx: IExecuteFunctions, itemIndex: number): Promise<FileToUpload> {
	const raw = String(ctx.getNodeParameter('fileUrl', itemIndex, '')).trim();
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		valid(ctx, { ok: false, problem: `"${raw}" is not an http(s) URL` }, 'File URL', itemIndex);
	}
	// A plain download: no Kaizala credential is involved, so none is sent.
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url: raw,
		encoding: 'arraybuffer',
		returnFullResponse: true,
	})) as { body: ArrayBuffer | Buffer; headers: Record<string, string> };
	const fileName = decodeURIComponent(url!.pathname.split('/').pop() || 'file');
	const mimeType = String(response.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim();
	return { data: Buffer.from(response.body as ArrayBuffer), fileName, mimeType };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex, 'binary') as string;
	const file = source === 'url' ? await fileFromUrl(this, itemIndex) : await fileFromBinary(this, itemIndex);
	const response = await kaizalaApiRequest.call(
		this,
		{
			method: 'POST',
			path: 'media',
			// Built per attempt: a multipart body cannot be sent twice (401 or 308 retries).
			body: () => {
				const form = new FormData();
				form.append('file', new Blob([file.data], { type: file.mimeType }), file.fileName);
				return form;
			},
		},
		itemIndex,
	);
	return responseToItem(response);
}
