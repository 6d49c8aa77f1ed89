/**
 * Reads a request body once and classifies it, so the request log, the fault injector and the
 * route handler all see the same parsed value. Parse failures are recorded, not thrown: whether
 * a bad body matters (and with which status) depends on the route, and authentication errors
 * must win over body errors.
 */
import type { IncomingMessage } from 'node:http';

import { multipartBoundary, parseMultipart, MultipartError, type MultipartBody } from './multipart';

/** Uploads may be large; everything else is small JSON. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

export type ParsedBody =
	| { kind: 'empty' }
	| { kind: 'json'; value: unknown }
	| { kind: 'multipart'; value: MultipartBody }
	| { kind: 'text'; value: string; contentType: string }
	| { kind: 'malformed'; reason: string; contentType: string; text?: string }
	| { kind: 'too-large' };

export async function readRequestBody(request: IncomingMessage): Promise<ParsedBody> {
	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	for await (const chunk of request) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		// Keep draining so the client is not left writing into a closed socket.
		if (size > MAX_BODY_BYTES) tooLarge = true;
		else chunks.push(buffer);
	}
	if (tooLarge) return { kind: 'too-large' };
	return classify(Buffer.concat(chunks), request.headers['content-type'] ?? '');
}

function classify(raw: Buffer, contentType: string): ParsedBody {
	if (raw.length === 0) return { kind: 'empty' };

	const boundary = multipartBoundary(contentType);
	if (boundary) {
		try {
			return { kind: 'multipart', value: parseMultipart(raw, boundary) };
		} catch (error) {
			const reason = error instanceof MultipartError ? error.message : 'unreadable multipart body';
			return { kind: 'malformed', reason, contentType };
		}
	}

	const text = raw.toString('utf8');
	if (isJsonContentType(contentType)) {
		try {
			return { kind: 'json', value: JSON.parse(text) as unknown };
		} catch (error) {
			return { kind: 'malformed', reason: (error as Error).message, contentType, text };
		}
	}
	return { kind: 'text', value: text, contentType };
}

export function isJsonContentType(contentType: string): boolean {
	return /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
}

/** What the request log records: JSON as parsed, multipart as a summary without file bytes. */
export function bodyForLog(body: ParsedBody): unknown {
	switch (body.kind) {
		case 'empty':
		case 'too-large':
			return undefined;
		case 'json':
			return body.value;
		case 'multipart':
			return {
				files: body.value.files.map((file) => ({
					field: file.field,
					filename: file.filename,
					contentType: file.contentType,
					size: file.data.length,
				})),
				fields: body.value.fields,
			};
		case 'text':
			return body.value;
		case 'malformed':
			return body.text;
	}
}
