/**
 * A small multipart/form-data parser (RFC 7578) for the media upload route. Hand-rolled because
 * the sandbox takes no dependencies; it handles what HTTP clients send in practice: CRLF
 * delimiters, quoted `name`/`filename` parameters, `filename*=UTF-8''...`, and a Content-Type
 * per part.
 */

export interface MultipartFile {
	field: string;
	filename: string;
	/** The part's own Content-Type; '' when the client sent none. */
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	fields: Record<string, string>;
	files: MultipartFile[];
}

export class MultipartError extends Error {}

/** The `boundary` parameter of a multipart Content-Type header, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
	const delimiter = Buffer.from(`--${boundary}`);
	const result: MultipartBody = { fields: {}, files: [] };

	let position = body.indexOf(delimiter);
	if (position < 0) throw new MultipartError('the body does not contain the multipart boundary');

	for (;;) {
		position += delimiter.length;
		// "--" right after a delimiter closes the body.
		if (body.subarray(position, position + 2).toString() === '--') return result;
		position = skipLineBreak(body, position);

		const next = body.indexOf(delimiter, position);
		if (next < 0) throw new MultipartError('the multipart body is not terminated by its closing boundary');
		// The CRLF before a delimiter belongs to the delimiter, not the part content.
		const partEnd = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
		addPart(result, body.subarray(position, partEnd));
		position = next;
	}
}

function skipLineBreak(body: Buffer, position: number): number {
	if (body[position] === 0x0d && body[position + 1] === 0x0a) return position + 2;
	if (body[position] === 0x0a) return position + 1;
	return position;
}

function addPart(result: MultipartBody, part: Buffer): void {
	const headerEnd = part.indexOf('\r\n\r\n');
	if (headerEnd < 0) throw new MultipartError('a multipart part has no header section');
	const headers = parsePartHeaders(part.subarray(0, headerEnd).toString('utf8'));
	const content = part.subarray(headerEnd + 4);

	const disposition = headers['content-disposition'] ?? '';
	const field = dispositionParameter(disposition, 'name');
	if (field === undefined) throw new MultipartError('a multipart part has no Content-Disposition name');
	const filename = dispositionParameter(disposition, 'filename*') ?? dispositionParameter(disposition, 'filename');

	if (filename === undefined) {
		result.fields[field] = content.toString('utf8');
	} else {
		result.files.push({ field, filename, contentType: headers['content-type'] ?? '', data: Buffer.from(content) });
	}
}

function parsePartHeaders(text: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of text.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

function dispositionParameter(disposition: string, name: string): string | undefined {
	const escaped = name.replace(/[*]/g, '\\*');
	const match = new RegExp(`;\\s*${escaped}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(disposition);
	if (!match) return undefined;
	const raw = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '').trim();
	if (name.endsWith('*')) {
		// RFC 5987: charset'language'percent-encoded
		const extended = /^[^']*'[^']*'(.*)$/.exec(raw);
		try {
			return decodeURIComponent(extended ? extended[1] : raw);
		} catch {
			return raw;
		}
	}
	return raw;
}
