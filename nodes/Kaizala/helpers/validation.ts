/**
 * Input rules, checked before any request is sent. Pure: each check returns the normalised
 * value or a message naming what is wrong; `helpers/items.ts` turns messages into n8n errors.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const GUID_PATTERN = GUID.source;

/** Kaizala identifies people by mobile number in E.164: "+", country code, subscriber number. */
const E164 = /^\+[1-9]\d{6,14}$/;

export const MAX_MESSAGE_LENGTH = 4000;

/**
 * How a value from an upstream item is named in an error: its kind, and a short, printable
 * excerpt of text (never the whole of a huge value, never raw control characters).
 */
export function describeValue(raw: unknown): string {
	if (raw === undefined || raw === null || raw === '') return 'empty';
	if (Array.isArray(raw)) return 'a list';
	if (typeof raw === 'object') return 'an object';
	if (typeof raw === 'boolean') return `the value ${raw}`;
	if (typeof raw === 'number') return Number.isNaN(raw) ? 'NaN (not a number)' : `the number ${raw}`;
	const text = String(raw);
	const excerpt = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
	return `the text ${excerpt}`;
}

/** Text, or a finite number taken as its digits; null and undefined are empty. */
function textOf(raw: unknown): Checked<string> {
	if (typeof raw === 'string') return { ok: true, value: raw };
	if (raw === undefined || raw === null) return { ok: true, value: '' };
	if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
	return { ok: false, problem: `is ${describeValue(raw)}, not text` };
}

export function checkGuid(raw: unknown): Checked<string> {
	if (raw !== undefined && raw !== null && typeof raw !== 'string') return { ok: false, problem: `is ${describeValue(raw)}, not a GUID` };
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value) return { ok: false, problem: 'is empty' };
	if (!GUID.test(value)) return { ok: false, problem: `"${value}" is not a GUID (like 6c1d2f7e-8b1a-4c39-9d56-0f3e4a5b6c7d)` };
	return { ok: true, value: value.toLowerCase() };
}

/** Accepts common separators people type ("+91 99999-99999") and returns "+919999999999". */
export function checkPhoneNumber(raw: unknown): Checked<string> {
	const checked = textOf(raw);
	if (!checked.ok) return { ok: false, problem: `is ${describeValue(raw)}, not a phone number` };
	const text = checked.value;
	const compact = text.replace(/[\s\-().]/g, '');
	if (!compact) return { ok: false, problem: 'is empty' };
	if (!E164.test(compact)) {
		return {
			ok: false,
			problem: `"${text.trim()}" is not a phone number in international format (E.164: "+", country code and number, e.g. +919999999999)`,
		};
	}
	return { ok: true, value: compact };
}

/** A list given as an array, or as text separated by commas, semicolons or new lines. */
export function toList(raw: unknown): string[] {
	if (raw === undefined || raw === null || raw === '') return [];
	const parts = Array.isArray(raw) ? raw.flatMap((entry) => toList(entry)) : String(raw).split(/[,;\n]/);
	return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

/** toList, refusing entries that are not text or numbers (an object would read "[object Object]"). */
export function checkList(raw: unknown): Checked<string[]> {
	const entries = Array.isArray(raw) ? raw.flat(Infinity) : [raw];
	const wrong = entries.find((entry) => entry !== null && entry !== undefined && !textOf(entry).ok);
	if (wrong !== undefined) return { ok: false, problem: `has ${describeValue(wrong)}, not text` };
	return { ok: true, value: toList(raw) };
}

export function checkPhoneList(raw: unknown): Checked<string[]> {
	const list = checkList(raw);
	if (!list.ok) return list;
	const numbers: string[] = [];
	for (const entry of list.value) {
		const checked = checkPhoneNumber(entry);
		if (!checked.ok) return checked;
		if (!numbers.includes(checked.value)) numbers.push(checked.value);
	}
	return { ok: true, value: numbers };
}

export function checkMessageText(raw: unknown, maxLength = MAX_MESSAGE_LENGTH): Checked<string> {
	const text = textOf(raw);
	if (!text.ok) return text;
	const value = text.value;
	if (value.trim() === '') return { ok: false, problem: 'is empty' };
	if (value.length > maxLength) {
		return { ok: false, problem: `has ${value.length} characters; Kaizala accepts at most ${maxLength}` };
	}
	return { ok: true, value };
}

/** JSON given as text or as an already-parsed value. */
export function checkJson(raw: unknown): Checked<unknown> {
	if (typeof raw !== 'string') return { ok: true, value: raw };
	if (raw.trim() === '') return { ok: false, problem: 'is empty' };
	try {
		return { ok: true, value: JSON.parse(raw) as unknown };
	} catch (error) {
		return { ok: false, problem: `is not valid JSON (${(error as Error).message})` };
	}
}

/** Kaizala accepts at most 100 phone numbers in one members or subscribers call. */
export const MAX_PHONE_NUMBERS_PER_CALL = 100;

/** Action titles (API.md: "title: string, max 256"). */
export const MAX_TITLE_LENGTH = 256;

/** Group names: not blank, at most 256 characters. */
export const MAX_GROUP_NAME_LENGTH = 256;

/** Text that may be empty but not longer than `maxLength` (e.g. a welcome message). */
export function checkOptionalText(raw: unknown, maxLength = MAX_MESSAGE_LENGTH): Checked<string> {
	const text = textOf(raw);
	if (!text.ok) return text;
	const value = text.value;
	if (value.length > maxLength) {
		return { ok: false, problem: `has ${value.length} characters; Kaizala accepts at most ${maxLength}` };
	}
	return { ok: true, value };
}

/** A list no longer than `max` entries. */
export function checkMaxItems<T>(list: T[], max: number): Checked<T[]> {
	if (list.length > max) return { ok: false, problem: `has ${list.length} entries; Kaizala accepts at most ${max} per request` };
	return { ok: true, value: list };
}

/** Text that must not be empty, trimmed (a title, an action package ID...). */
export function checkRequiredText(raw: unknown, maxLength = Infinity): Checked<string> {
	const checked = textOf(raw);
	if (!checked.ok) return checked;
	const text = checked.value.trim();
	if (text.length > maxLength) return { ok: false, problem: `has ${text.length} characters; Kaizala accepts at most ${maxLength}` };
	return text ? { ok: true, value: text } : { ok: false, problem: 'is empty' };
}

/** Whether the text holds a control character (U+0000–U+001F or DEL), which no URL or echoed token may carry. */
export function hasControlCharacter(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code <= 0x1f || code === 0x7f) return true;
	}
	return false;
}

/**
 * A path relative to the endpoint URL: no scheme or host, no way out with "..". URL parsers
 * treat "\\" as "/" and "%2e" as "." in http URLs, so both are checked, not only literal dots.
 */
/** Longer request lines are refused by web servers (431/414) after the request was sent. */
export const MAX_PATH_LENGTH = 2_000;

export function checkEndpointPath(raw: unknown): Checked<string> {
	if (raw !== undefined && raw !== null && typeof raw !== 'string') return { ok: false, problem: `is ${describeValue(raw)}, not a path` };
	const path = typeof raw === 'string' ? raw.trim().replace(/^\/+/, '') : '';
	if (!path) return { ok: false, problem: 'is empty' };
	if (path.length > MAX_PATH_LENGTH) return { ok: false, problem: `has ${path.length} characters; at most ${MAX_PATH_LENGTH} are sent` };
	if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
		return { ok: false, problem: `"${path}" must be a path under your endpoint, not a full URL` };
	}
	if (path.includes('\\')) return { ok: false, problem: `"${path}" must use "/" between segments, not a backslash` };
	if (/\s/.test(path) || hasControlCharacter(path)) {
		return { ok: false, problem: `"${path}" must not contain spaces or control characters (encode them, e.g. %20)` };
	}
	const pathPart = path.split(/[?#]/, 1)[0];
	for (const segment of pathPart.split('/')) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			return { ok: false, problem: `"${path}" has a malformed percent-encoding` };
		}
		if (decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\')) {
			return { ok: false, problem: `"${path}" must not contain "." or ".." segments` };
		}
	}
	return { ok: true, value: path };
}

/** Loopback as URL parsing gives it: localhost, 127.0.0.0/8, or [::1] (IPv6 host names keep their brackets). */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The one rule for every URL a token, a secret or an event goes to, whoever checks it (the node,
 * the trigger, the sandbox): https, or plain http on a loopback host, which is the local sandbox
 * or a receiver on the same machine and never crosses a network.
 */
export function isHttpsOrLoopback(url: URL): boolean {
	return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
}

/** Text that parses as a URL, trimmed; `example` shows in the message what one looks like. */
function checkUrlText(raw: unknown, example: string): Checked<{ text: string; url: URL }> {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) return { ok: false, problem: 'is empty' };
	try {
		return { ok: true, value: { text, url: new URL(text) } };
	} catch {
		return { ok: false, problem: `"${text}" is not a valid URL (like ${example})` };
	}
}

/**
 * A URL Kaizala will call (a webhook callback): https, or plain http on a loopback host (the
 * local sandbox); no user information. Returned as typed, trimmed.
 */
export function checkCallbackUrl(raw: unknown): Checked<string> {
	const parsed = checkUrlText(raw, 'https://example.com/kaizala-events');
	if (!parsed.ok) return parsed;
	const { text, url } = parsed.value;
	if (url.username || url.password) return { ok: false, problem: 'must not contain a user name or password' };
	if (!isHttpsOrLoopback(url)) {
		return { ok: false, problem: `"${text}" must be an https URL (plain http is accepted only for loopback hosts)` };
	}
	return { ok: true, value: text };
}

/**
 * Values from a list (array or comma-separated text) that must each be one of `allowed`
 * (matched case-insensitively, returned as spelled in `allowed`, without duplicates).
 */
export function checkChoices(raw: unknown, allowed: readonly string[]): Checked<string[]> {
	const list = checkList(raw);
	if (!list.ok) return list;
	const values: string[] = [];
	for (const entry of list.value) {
		const match = allowed.find((choice) => choice.toLowerCase() === entry.toLowerCase());
		if (!match) return { ok: false, problem: `has "${entry}", which is not one of ${allowed.join(', ')}` };
		if (!values.includes(match)) values.push(match);
	}
	return { ok: true, value: values };
}

/**
 * Choices typed by people: one per line when the text has several lines (so a choice may contain
 * a comma), otherwise separated by commas. Arrays are taken as they are.
 */
export function toChoiceList(raw: unknown): string[] {
	if (raw === undefined || raw === null || raw === '') return [];
	const parts = Array.isArray(raw) ? raw.map((entry) => String(entry)) : String(raw).split(String(raw).includes('\n') ? /\r?\n/ : ',');
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** A plain http(s) URL to download from, returned trimmed. */
export function checkHttpUrl(raw: unknown): Checked<string> {
	const parsed = checkUrlText(raw, 'https://example.com/photo.jpg');
	if (!parsed.ok) return parsed;
	const { text, url } = parsed.value;
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: `"${text}" must be an http or https URL` };
	return { ok: true, value: text };
}

/** What Media → Upload returns: an opaque base64 string (never a URL or a file name). */
const MEDIA_RESOURCE = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function checkMediaResource(raw: unknown): Checked<string> {
	if (raw !== undefined && raw !== null && typeof raw !== 'string') return { ok: false, problem: `is ${describeValue(raw)}, not a media resource` };
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value) return { ok: false, problem: 'is empty' };
	if (!MEDIA_RESOURCE.test(value)) {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return { ok: false, problem: `"${shown}" is not a media resource (use the mediaResource output of Media → Upload)` };
	}
	return { ok: true, value };
}

/** Media resources from a list or comma-separated text (base64 has no commas). */
export function checkMediaResourceList(raw: unknown): Checked<string[]> {
	const list = checkList(raw);
	if (!list.ok) return list;
	const values: string[] = [];
	const wrong = (Array.isArray(raw) ? raw.flat(Infinity) : [raw]).find((entry) => typeof entry === 'number');
	if (wrong !== undefined) return { ok: false, problem: `has ${describeValue(wrong)}, not a media resource` };
	for (const entry of list.value) {
		const checked = checkMediaResource(entry);
		if (!checked.ok) return checked;
		values.push(checked.value);
	}
	return { ok: true, value: values };
}

/** A number within [min, max] (numbers or numeric text), e.g. a latitude. */
export function checkNumberInRange(raw: unknown, min: number, max: number): Checked<number> {
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	if (!Number.isFinite(value)) return { ok: false, problem: typeof raw === 'string' || raw == null ? `"${String(raw ?? '')}" is not a number` : `is ${describeValue(raw)}, not a number` };
	if (value < min || value > max) return { ok: false, problem: `${value} is not between ${min} and ${max}` };
	return { ok: true, value };
}
