/**
 * The files Media → Upload sends: read from the item's binary properties or downloaded from a
 * URL, each with the MIME type Kaizala accepts (formats.ts) and its attachment type.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { validOrThrow } from '../../helpers/items';
import { checkHttpUrl, checkList } from '../../helpers/validation';
import { networkErrorCode } from '../../transport/responseReading';
import { acceptedMimeType, attachmentTypeOf, DOWNLOAD_TIMEOUT_MS, fileNameFromUrl, mimeTypeFor, SUPPORTED_FORMATS } from './formats';

export interface FileToUpload {
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
		validOrThrow(ctx, { ok: false, problem: `"${override}" is not a type Kaizala accepts; it accepts ${SUPPORTED_FORMATS}` }, 'MIME Type', itemIndex);
	}
	const mimeType = mimeTypeFor(fileName, override || sourceMime);
	if (mimeType) return mimeType;
	return validOrThrow(
		ctx,
		{
			ok: false,
			problem: `gives "${fileName}" (${override || sourceMime || 'no content type'}), a format Kaizala does not accept; it accepts ${SUPPORTED_FORMATS}. Set Options → MIME Type if the type is known`,
		},
		field,
		itemIndex,
	);
}

export async function filesFromBinary(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): Promise<FileToUpload[]> {
	const field = 'Input Binary Field';
	const properties = validOrThrow(ctx, checkList(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')), field, itemIndex);
	if (properties.length === 0) validOrThrow(ctx, { ok: false, problem: 'is empty' }, field, itemIndex);
	const files: FileToUpload[] = [];
	for (const property of properties) {
		let binary;
		try {
			binary = ctx.helpers.assertBinaryData(itemIndex, property);
		} catch {
			const present = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
			validOrThrow(
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
		validOrThrow(ctx, { ok: false, problem: 'lists several files; only images (JPEG, PNG) can be uploaded together, as an album' }, field, itemIndex);
	}
	return files;
}

export async function fileFromUrl(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): Promise<FileToUpload> {
	const field = 'File URL';
	const url = validOrThrow(ctx, checkHttpUrl(ctx.getNodeParameter('fileUrl', itemIndex, '')), field, itemIndex);
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
		return validOrThrow(ctx, { ok: false, problem: `could not be downloaded${code ? ` (${code})` : ''}: ${url}` }, field, itemIndex);
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		validOrThrow(ctx, { ok: false, problem: `could not be downloaded: the server answered HTTP ${response.statusCode} for ${url}` }, field, itemIndex);
	}
	const data = Buffer.from(response.body as ArrayBuffer);
	if (data.length === 0) validOrThrow(ctx, { ok: false, problem: `gave an empty file: ${url}` }, field, itemIndex);
	const fileName = String(options.fileName || fileNameFromUrl(url));
	const header = response.headers['content-type'];
	const sourceMime = header === undefined ? undefined : String(Array.isArray(header) ? header[0] : header);
	const mimeType = resolveMimeType(ctx, itemIndex, field, fileName, sourceMime, String(options.mimeType ?? '').trim());
	return { data, fileName, mimeType };
}
