/**
 * Custom Form: a submitted form checked against its definition (customForm.ts) and shaped as
 * n8n's built-in send-and-wait nodes shape it: the answers keyed by label under `data`.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Checked } from '../../../helpers/validation';
import { checkJson } from '../../../helpers/validation';
import type { FormField } from './customForm';
import { MAX_ANSWER_LENGTH } from './customForm';


/** What was submitted for each element (by position), as the page shows it again. */
export type Submitted = Array<string | string[] | undefined>;

export type Answers = { ok: true; data: IDataObject } | { ok: false; submitted: Submitted; problems: Array<string | undefined> };

/** The name of element `index` in the page and the submitted form, as n8n's form names it. */
export const inputName = (index: number) => `field-${index}`;

/**
 * The submitted values, from n8n's multipart body (`{ data: {...}, files }`, a repeated name as a
 * list) or a plain one. n8n's own form sends checkbox choices as one JSON list: taken too.
 */
export function submittedValues(fields: FormField[], body: IDataObject): Submitted {
	const data = (body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? body.data : body) as IDataObject;
	return fields.map((field, index) => {
		const raw = data[inputName(index)];
		if (raw === undefined || raw === null) return undefined;
		const values = Array.isArray(raw) ? raw.map((value) => String(value)) : String(raw);
		if (typeof values === 'string' && (field.type === 'checkbox' || field.multiple) && values.startsWith('[')) {
			const parsed = checkJson(values);
			if (parsed.ok && Array.isArray(parsed.value)) return parsed.value.map((value) => String(value));
		}
		return values;
	});
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: string): boolean {
	const match = DATE.exec(value);
	if (!match) return false;
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

/** One element's answer, or the problem to show beside it. */
function answerOf(field: FormField, submitted: string | string[] | undefined): Checked<unknown> {
	if (field.type === 'hiddenField') return { ok: true, value: field.value };
	const many = field.type === 'checkbox' || field.multiple;
	const values = submitted === undefined ? [] : Array.isArray(submitted) ? submitted : [submitted];
	if (values.some((value) => value.length > MAX_ANSWER_LENGTH)) return { ok: false, problem: `Please keep this under ${MAX_ANSWER_LENGTH.toLocaleString('en')} characters.` };
	if (many) {
		const chosen = values.filter((value) => value !== '');
		if (chosen.some((value) => !field.options.includes(value))) return { ok: false, problem: 'Please choose from the options given.' };
		if (new Set(chosen).size !== chosen.length) return { ok: false, problem: 'Please choose each option once.' };
		if (field.required && chosen.length === 0) return { ok: false, problem: 'Please choose at least one option.' };
		if (chosen.length > 0 || field.required) {
			const { minSelections: min, maxSelections: max } = field;
			if (chosen.length < min || chosen.length > max) {
				return { ok: false, problem: min === max ? `Please choose exactly ${min}.` : `Please choose between ${min} and ${max}.` };
			}
		}
		return { ok: true, value: chosen };
	}
	if (values.length > 1) return { ok: false, problem: 'Please give one answer.' };
	const raw = values[0];
	const value = field.type === 'text' || field.type === 'email' || field.type === 'number' || field.type === 'date' ? raw?.trim() : raw;
	if (value === undefined || value === '') {
		if (field.required) return { ok: false, problem: field.options.length ? 'Please choose an option.' : 'Please fill in this field.' };
		// n8n outputs null for an element nothing was sent for; an empty number is not a number.
		return { ok: true, value: value === undefined || field.type === 'number' ? null : '' };
	}
	switch (field.type) {
		case 'number': {
			const number = Number(value);
			return Number.isFinite(number) ? { ok: true, value: number } : { ok: false, problem: 'Please enter a number.' };
		}
		case 'email':
			return EMAIL.test(value) ? { ok: true, value } : { ok: false, problem: 'Please enter an email address.' };
		case 'date':
			return isDate(value) ? { ok: true, value } : { ok: false, problem: 'Please enter a date (YYYY-MM-DD).' };
		case 'dropdown':
		case 'radio':
			return field.options.includes(value) ? { ok: true, value } : { ok: false, problem: 'Please choose from the options given.' };
		default:
			return { ok: true, value };
	}
}

/** The submitted form checked element by element; the answers keyed by label, as n8n's nodes output them. */
export function readAnswers(fields: FormField[], body: IDataObject): Answers {
	const submitted = submittedValues(fields, body);
	const data: IDataObject = {};
	const problems = fields.map((field, index) => {
		const answer = answerOf(field, submitted[index]);
		if (!answer.ok) return answer.problem;
		data[field.label] = answer.value as IDataObject[string];
		return undefined;
	});
	return problems.some((problem) => problem !== undefined) ? { ok: false, submitted, problems } : { ok: true, data };
}
