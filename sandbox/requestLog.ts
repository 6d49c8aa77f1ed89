/**
 * The request log: one entry per request, appended on arrival (so `seq` is arrival order) and
 * completed when the response is sent. Also formats the human log line, which deliberately
 * carries no header values, query strings or bodies: those may hold secrets and tokens.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { RequestLogEntry } from './types';

export class RequestLog {
	readonly entries: RequestLogEntry[] = [];
	private nextSeq = 1;

	constructor(private readonly now: () => number) {}

	open(method: string, path: string, query: Record<string, string>, headers: IncomingHttpHeaders): RequestLogEntry {
		const entry: RequestLogEntry = {
			seq: this.nextSeq++,
			time: this.now(),
			method,
			path,
			query,
			headers: flattenHeaders(headers),
			body: undefined,
			accessTokenState: 'not-required',
			status: 0,
		};
		this.entries.push(entry);
		return entry;
	}

	/** Empties the live array in place, so references held by tests stay valid. */
	clear(): void {
		this.entries.length = 0;
	}
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}

/** 'GET /endpoints/inc-000/v1/groups 200 3ms' — method, path (no query), status, duration. */
export function formatLogLine(entry: RequestLogEntry, durationMs: number): string {
	const status = entry.status === 0 ? 'dropped' : String(entry.status);
	return `${entry.method} ${entry.path} ${status} ${durationMs}ms`;
}
