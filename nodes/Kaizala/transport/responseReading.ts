/**
 * Reading what came back over the wire, written once for the platform, the token service and
 * downloads alike: a response header, Retry-After, a JSON body, the error fields Kaizala puts in
 * a refusal, and the Node error code of a failed connection.
 */

/** An answer as n8n's request helper returns it with `returnFullResponse`. */
export interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** A response header by name, case-insensitively; the first value when it was sent several times. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const wanted = name.toLowerCase();
	const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
	const value = Array.isArray(found?.[1]) ? found?.[1][0] : found?.[1];
	return value === undefined || value === null ? undefined : String(value);
}

/** Retry-After (seconds or an HTTP date) in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now: number): number | undefined {
	const value = headerValue(headers, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** A body as the request helper left it: parsed JSON, or text that may still be JSON. */
export function jsonBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const parsed = parseJson(body);
	return parsed === undefined ? body : parsed;
}

/** 32 or more characters of the alphabets tokens and secrets are written in (base64, base64url, JWT). */
const TOKEN_LIKE = /[A-Za-z0-9+=_~.-]{32,}/g;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Text from the other side (the platform, the token service, a proxy in between) before it goes
 * into an error: anything that looks like a token is hidden, since an answer may echo the request
 * headers or body it refused. GUIDs (group, action and user ids) stay readable.
 */
export function hideTokenLikeText(text: string): string {
	return text.replace(TOKEN_LIKE, (run) => (GUID.test(run) ? run : '[hidden]'));
}

/**
 * What Kaizala said in a refusal: its error code (`errorCode`, or `code` in the token service's
 * older answers) and its message (`message`, `Message` or `error`), when they are strings, with
 * token-like text hidden.
 */
export function platformErrorOf(body: unknown): { code?: string; message?: string } {
	const parsed = jsonBody(body);
	if (!parsed || typeof parsed !== 'object') return {};
	const record = parsed as Record<string, unknown>;
	const code = record.errorCode ?? record.code;
	const message = record.message ?? record.Message ?? record.error;
	return {
		code: typeof code === 'string' ? hideTokenLikeText(code) : undefined,
		message: typeof message === 'string' ? hideTokenLikeText(message) : undefined,
	};
}

/** The Node error code of a failed request (axios puts it on the error or on its cause). */
export function networkErrorCode(error: unknown): string | undefined {
	const direct = (error as { code?: unknown } | undefined)?.code;
	const nested = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
	return typeof direct === 'string' ? direct : typeof nested === 'string' ? nested : undefined;
}
