/**
 * Request-body and query validation helpers. Field lookup is case-insensitive because the real
 * service (ASP.NET) bound JSON that way and the reference itself mixes `message`/`Message`,
 * `answers`/`Answers`, `active`/`Active`. Error messages name the field as documented.
 */
import { invalidRequest } from './errors';

export type JsonObject = Record<string, unknown>;

/** Documented cap for text messages, comments and announcement bodies. */
export const MAX_TEXT_LENGTH = 4000;
/** Documented cap for phone numbers in one group-create / member-add call. */
export const MAX_PHONE_NUMBERS_PER_CALL = 100;

const E164 = /^\+[1-9]\d{6,14}$/;

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, what = 'The request body'): JsonObject {
	if (!isJsonObject(value)) throw invalidRequest(`${what} must be a JSON object`);
	return value;
}

/** The value of `name` in `object`, matching the key case-insensitively. */
export function field(object: JsonObject, name: string): unknown {
	if (name in object) return object[name];
	const lower = name.toLowerCase();
	for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
	return undefined;
}

interface StringRules {
	maxLength?: number;
	allowEmpty?: boolean;
}

export function optionalString(object: JsonObject, name: string, rules: StringRules = {}): string | undefined {
	const value = field(object, name);
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalidRequest(`'${name}' must be a string`);
	if (!rules.allowEmpty && value.trim() === '') throw invalidRequest(`'${name}' must not be empty`);
	if (rules.maxLength !== undefined && value.length > rules.maxLength) {
		throw invalidRequest(
			`'${name}' is ${value.length} characters long; the maximum is ${rules.maxLength}`,
			rules.maxLength === MAX_TEXT_LENGTH ? 'TextTooLong' : 'InvalidRequest',
		);
	}
	return value;
}

export function requireString(object: JsonObject, name: string, rules: StringRules = {}): string {
	const value = optionalString(object, name, rules);
	if (value === undefined) throw invalidRequest(`'${name}' is required`);
	return value;
}

/** Booleans; the strings "true"/"false" are accepted too (the reference's own samples use them). */
export function optionalBoolean(object: JsonObject, name: string): boolean | undefined {
	const value = field(object, name);
	if (value === undefined || value === null) return undefined;
	const parsed = parseBoolean(value);
	if (parsed === undefined) throw invalidRequest(`'${name}' must be true or false`);
	return parsed;
}

function parseBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		if (value.toLowerCase() === 'true') return true;
		if (value.toLowerCase() === 'false') return false;
	}
	return undefined;
}

interface NumberRules {
	min?: number;
	max?: number;
	integer?: boolean;
}

export function optionalNumber(object: JsonObject, name: string, rules: NumberRules = {}): number | undefined {
	const value = field(object, name);
	if (value === undefined || value === null) return undefined;
	return checkNumber(value, `'${name}'`, rules);
}

function checkNumber(value: unknown, label: string, rules: NumberRules): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(`${label} must be a number`);
	if (rules.integer && !Number.isInteger(value)) throw invalidRequest(`${label} must be a whole number`);
	if (rules.min !== undefined && value < rules.min) throw invalidRequest(`${label} must be at least ${rules.min}`);
	if (rules.max !== undefined && value > rules.max) throw invalidRequest(`${label} must be at most ${rules.max}`);
	return value;
}

interface ArrayRules {
	minItems?: number;
	maxItems?: number;
}

export function optionalArray(object: JsonObject, name: string, rules: ArrayRules = {}): unknown[] | undefined {
	const value = field(object, name);
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw invalidRequest(`'${name}' must be an array`);
	if (rules.minItems !== undefined && value.length < rules.minItems) {
		throw invalidRequest(`'${name}' must contain at least ${rules.minItems} item(s)`);
	}
	if (rules.maxItems !== undefined && value.length > rules.maxItems) {
		throw invalidRequest(`'${name}' may contain at most ${rules.maxItems} items; got ${value.length}`);
	}
	return value;
}

export function requireArray(object: JsonObject, name: string, rules: ArrayRules = {}): unknown[] {
	const value = optionalArray(object, name, rules);
	if (value === undefined) throw invalidRequest(`'${name}' is required`);
	return value;
}

export function isE164(value: unknown): value is string {
	return typeof value === 'string' && E164.test(value);
}

/** Throws unless `value` is an E.164 phone number ('+', country code, digits only). */
export function requirePhone(value: unknown, label: string): string {
	if (!isE164(value)) {
		throw invalidRequest(
			`${label} must be an E.164 phone number such as +15550100001 ('+', country code and digits only); got ${JSON.stringify(value)}`,
			'InvalidPhoneNumber',
		);
	}
	return value;
}

/** A list of E.164 numbers, de-duplicated in order. */
export function phoneList(values: unknown[], name: string): string[] {
	const phones = values.map((value, index) => requirePhone(value, `'${name}[${index}]'`));
	return [...new Set(phones)];
}

export function stringList(values: unknown[], name: string): string[] {
	return values.map((value, index) => {
		if (typeof value !== 'string' || value.trim() === '') throw invalidRequest(`'${name}[${index}]' must be a non-empty string`);
		return value;
	});
}

/** Boolean query parameter ("true"/"false", any case); undefined when absent. */
export function booleanQuery(query: Record<string, string>, name: string): boolean | undefined {
	const raw = queryValue(query, name);
	if (raw === undefined || raw === '') return undefined;
	const parsed = parseBoolean(raw);
	if (parsed === undefined) throw invalidRequest(`Query parameter '${name}' must be true or false`);
	return parsed;
}

export function numberQuery(query: Record<string, string>, name: string, rules: NumberRules = {}): number | undefined {
	const raw = queryValue(query, name);
	if (raw === undefined || raw === '') return undefined;
	return checkNumber(Number(raw), `Query parameter '${name}'`, rules);
}

/** Query parameter lookup, case-insensitive like the real service. */
export function queryValue(query: Record<string, string>, name: string): string | undefined {
	if (name in query) return query[name];
	const lower = name.toLowerCase();
	for (const key of Object.keys(query)) if (key.toLowerCase() === lower) return query[key];
	return undefined;
}
