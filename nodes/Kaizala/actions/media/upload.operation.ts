import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { textValue, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { checkHttpUrl, checkList } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';
import { networkErrorCode } from '../../transport/wire';
import { acceptedMimeType, attachmentTypeOf, DOWNLOAD_TIMEOUT_MS, fileNameFromUrl, mimeTypeFor, SUPPORTED_FORMATS } from './formats';

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

interface FileToUpload {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

/** The declared content type: the override, the source's (when Kaizala takes it), or by extension. */
function resolveMimeType(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	fileName: string,
	sourceMime: string | undefined,
	override: string,
): string {
	if (override && !acceptedMimeType(override)) {
		valid(ctx, { ok: false, problem: `"${override}" is not a type Kaizala accepts; it accepts ${SUPPORTED_FORMATS}` }, 'MIME Type', itemIndex);
	}
	const mimeType = mimeTypeFor(fileName, override || sourceMime);
	if (mimeType) return mimeType;
	return valid(
		ctx,
		{
			ok: false,
			problem: `gives "${fileName}" (${override || sourceMime || 'no content type'}), a format Kaizala does not accept; it accepts ${SUPPORTED_FORMATS}. Set Options → MIME Type if the type is known`,
		},
		field,
		itemIndex,
	);
}

async function filesFromBinary(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): Promise<FileToUpload[]> {
	const field = 'Input Binary Field';
	const properties = valid(ctx, checkList(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')), field, itemIndex);
	if (properties.length === 0) valid(ctx, { ok: false, problem: 'is empty' }, field, itemIndex);
	const files: FileToUpload[] = [];
	for (const property of properties) {
		let binary;
		try {
			binary = ctx.helpers.assertBinaryData(itemIndex, property);
		} catch {
			const present = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
			valid(
				ctx,
				{
					ok: false,
					problem: `"${property}" is not a binary field of this item (${present.length ? `it has ${present.map((name) => `"${name}"`).join(', ')}` : 'it has no binary data'})`,
				},
				field,
				itemIndex,
			);
		}
		const fileName = String(options.fileName || binary?.fileName || `${property}${binary?.fileExtension ? `.${binary.fileExtension}` : ''}`);
		const mimeType = resolveMimeType(ctx, itemIndex, field, fileName, binary?.mimeType, String(options.mimeType ?? '').trim());
		files.push({ data: await ctx.helpers.getBinaryDataBuffer(itemIndex, property), fileName, mimeType });
	}
	if (files.length > 1 && files.some((file) => attachmentTypeOf(file.mimeType) !== 'Image')) {
		valid(ctx, { ok: false, problem: 'lists several files; only images (JPEG, PNG) can be uploaded together, as an album' }, field, itemIndex);
	}
	return files;
}

async function fileFromUrl(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): Promise<FileToUpload> {
	const field = 'File URL';
	const url = valid(ctx, checkHttpUrl(ctx.getNodeParameter('fileUrl', itemIndex, '')), field, itemIndex);
	let response: { statusCode: number; body: ArrayBuffer | Buffer; headers: Record<string, unknown> };
	try {
		// A plain download: no Kaizala credential is involved, so no token is sent.
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
		})) as typeof response;
	} catch (error) {
		const code = networkErrorCode(error);
		return valid(ctx, { ok: false, problem: `could not be downloaded${code ? ` (${code})` : ''}: ${url}` }, field, itemIndex);
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		valid(ctx, { ok: false, problem: `could not be downloaded: the server answered HTTP ${response.statusCode} for ${url}` }, field, itemIndex);
	}
	const data = Buffer.from(response.body as ArrayBuffer);
	if (data.length === 0) valid(ctx, { ok: false, problem: `gave an empty file: ${url}` }, field, itemIndex);
	const fileName = String(options.fileName || fileNameFromUrl(url));
	const header = response.headers['content-type'];
	const sourceMime = header === undefined ? undefined : String(Array.isArray(header) ? header[0] : header);
	const mimeType = resolveMimeType(ctx, itemIndex, field, fileName, sourceMime, String(options.mimeType ?? '').trim());
	return { data, fileName, mimeType };
}

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
