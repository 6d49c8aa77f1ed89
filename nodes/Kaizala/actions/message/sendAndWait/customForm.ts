/**
 * Custom Form: the form's definition checked (before anything is sent, and again when the page
 * is served, as n8n's own nodes read it then), and a submitted form checked and shaped as n8n's
 * built-in send-and-wait nodes shape it: the answers keyed by label under `data`. The page:
 * webhooks/customFormPage.ts.
 */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { throwInvalid } from '../../../helpers/items';
import type { Checked } from '../../../helpers/validation';
import { checkJson, describeValue } from '../../../helpers/validation';

export type ElementType = 'text' | 'textarea' | 'email' | 'number' | 'password' | 'date' | 'dropdown' | 'radio' | 'checkbox' | 'hiddenField';

/** A checked form element. */
export interface FormField {
	type: ElementType;
	/** Shown above the field; for a hidden field, its Field Name. */
	label: string;
	required: boolean;
	placeholder: string;
	defaultValue: string;
	/** Dropdown, Radio Buttons and Checkboxes: the labels to choose from. */
	options: string[];
	/** A dropdown that takes several options (n8n's legacy `multiselect`). */
	multiple: boolean;
	/** Hidden Field: its value. */
	value: string;
	/** Checkboxes: how many may be ticked. */
	minSelections: number;
	maxSelections: number;
}

const SUPPORTED: readonly string[] = ['text', 'textarea', 'email', 'number', 'password', 'date', 'dropdown', 'radio', 'checkbox', 'hiddenField'];
/** n8n's element types this node does not serve, with the name the editor gives them. */
const REFUSED: Record<string, string> = { file: 'File', html: 'Custom HTML' };
/** The keys n8n accepts in a JSON form definition (n8n-workflow's tryToParseJsonToFormFields). */
const JSON_KEYS = new Set([
	'fieldLabel', 'fieldType', 'placeholder', 'defaultValue', 'fieldOptions', 'multiselect', 'multipleFiles', 'acceptFileTypes',
	'formatDate', 'requiredField', 'fieldValue', 'elementName', 'html', 'fieldName', 'limitSelection', 'numberOfSelections',
	'minSelections', 'maxSelections',
]);
const MAX_FIELDS = 100;
const MAX_LABEL_LENGTH = 200;
const MAX_OPTIONS = 200;
/** A submitted value longer than this is refused (a form answer, not a document). */
export const MAX_ANSWER_LENGTH = 10_000;

export type DefineForm = 'fields' | 'json';

/** The field a problem in the definition is reported under, by how the form is defined. */
export const DEFINITION_FIELD: Record<DefineForm, string> = { fields: 'Form Elements', json: 'Form Fields JSON' };

function text(raw: unknown, name: string, maxLength = MAX_ANSWER_LENGTH): Checked<string> {
	if (raw === undefined || raw === null) return { ok: true, value: '' };
	if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
	if (typeof raw !== 'string') return { ok: false, problem: `${name} is ${describeValue(raw)}, not text` };
	if (raw.length > maxLength) return { ok: false, problem: `${name} has ${raw.length} characters; at most ${maxLength}` };
	return { ok: true, value: raw };
}

function flag(raw: unknown, name: string): Checked<boolean> {
	if (raw === undefined || raw === null || raw === '') return { ok: true, value: false };
	if (typeof raw === 'boolean') return { ok: true, value: raw };
	if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
	return { ok: false, problem: `${name} is ${describeValue(raw)}, not true or false` };
}

function count(raw: unknown, name: string, fallback: number): Checked<number> {
	if (raw === undefined || raw === null || raw === '') return { ok: true, value: fallback };
	const value = typeof raw === 'string' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return { ok: false, problem: `${name} is ${describeValue(raw)}, not a whole number` };
	return { ok: true, value };
}

/** Field Options as the editor stores them (`{ values: [{ option }] }`) or as n8n's JSON allows (a list). */
function optionsOf(raw: unknown): Checked<string[]> {
	const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? (raw as IDataObject).values : undefined;
	if (!Array.isArray(list)) return { ok: false, problem: `Field Options is ${describeValue(raw)}, not a list of options` };
	if (list.length > MAX_OPTIONS) return { ok: false, problem: `Field Options has ${list.length} options; at most ${MAX_OPTIONS}` };
	const options: string[] = [];
	for (const entry of list) {
		const raw = entry && typeof entry === 'object' && !Array.isArray(entry) ? (entry as IDataObject).option : entry;
		const option = text(raw, 'Field Options', MAX_LABEL_LENGTH);
		if (!option.ok) return option;
		const label = option.value.trim();
		if (!label) return { ok: false, problem: 'Field Options has an empty option' };
		if (options.includes(label)) return { ok: false, problem: `Field Options has "${label}" twice` };
		options.push(label);
	}
	if (options.length === 0) return { ok: false, problem: 'Field Options has no option' };
	return { ok: true, value: options };
}

const withOptions = (type: string) => type === 'dropdown' || type === 'radio' || type === 'checkbox';
const NO_OPTIONS: Checked<string[]> = { ok: true, value: [] };
const UNLIMITED: Checked<number[]> = { ok: true, value: [0, Infinity] };

/** One element of the definition; `problem` texts name the element's editor field. */
function checkElement(raw: unknown, source: DefineForm): Checked<FormField> {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problem: `is ${describeValue(raw)}, not a form element` };
	const element = raw as IDataObject;
	if (source === 'json') {
		const unknown = Object.keys(element).find((key) => !JSON_KEYS.has(key));
		if (unknown !== undefined) return { ok: false, problem: `has the key "${unknown.slice(0, 40)}", which form elements do not have` };
	}
	const type = element.fieldType ?? 'text';
	if (typeof type !== 'string') return { ok: false, problem: `Element Type is ${describeValue(type)}, not an element type` };
	if (REFUSED[type]) return { ok: false, problem: `is a ${REFUSED[type]} element, which Kaizala's Custom Form does not offer; remove it` };
	if (!SUPPORTED.includes(type)) return { ok: false, problem: `Element Type "${type.slice(0, 40)}" is not one of ${SUPPORTED.join(', ')}` };
	const hidden = type === 'hiddenField';
	const label = text(hidden ? element.fieldName : element.fieldLabel, hidden ? 'Field Name' : 'Label', MAX_LABEL_LENGTH);
	if (!label.ok) return label;
	if (!label.value.trim()) return { ok: false, problem: `${hidden ? 'Field Name' : 'Label'} is empty` };
	const required = flag(element.requiredField, 'Required Field');
	if (!required.ok) return required;
	const placeholder = text(element.placeholder, 'Placeholder', MAX_LABEL_LENGTH);
	if (!placeholder.ok) return placeholder;
	const defaultValue = text(element.defaultValue, 'Default Value');
	if (!defaultValue.ok) return defaultValue;
	const value = text(element.fieldValue, 'Field Value');
	if (!value.ok) return value;
	const multiple = flag(element.multiselect, 'Multiple Choice');
	if (!multiple.ok) return multiple;
	const options = withOptions(type) ? optionsOf(element.fieldOptions) : NO_OPTIONS;
	if (!options.ok) return options;
	const limits = type === 'checkbox' ? selectionLimits(element, options.value.length) : UNLIMITED;
	if (!limits.ok) return limits;
	return {
		ok: true,
		value: {
			type: type as ElementType,
			label: label.value.trim(),
			required: required.value,
			placeholder: placeholder.value,
			defaultValue: defaultValue.value,
			options: options.value,
			multiple: type === 'dropdown' && multiple.value,
			value: value.value,
			minSelections: limits.value[0],
			maxSelections: limits.value[1],
		},
	};
}

/** Checkboxes' Limit Selection as [minimum, maximum] ticked. */
function selectionLimits(element: IDataObject, optionCount: number): Checked<number[]> {
	const mode = element.limitSelection ?? 'unlimited';
	if (mode === 'unlimited') return UNLIMITED;
	if (mode === 'exact') {
		const exact = count(element.numberOfSelections, 'Number of Selections', 1);
		if (!exact.ok) return exact;
		if (exact.value < 1 || exact.value > optionCount) return { ok: false, problem: `Number of Selections is ${exact.value}; the element has ${optionCount} options` };
		return { ok: true, value: [exact.value, exact.value] };
	}
	if (mode === 'range') {
		const min = count(element.minSelections, 'Minimum Selections', 0);
		if (!min.ok) return min;
		const max = count(element.maxSelections, 'Maximum Selections', 1);
		if (!max.ok) return max;
		if (max.value < 1 || min.value > max.value) return { ok: false, problem: `Minimum Selections (${min.value}) and Maximum Selections (${max.value}) leave nothing to choose` };
		return { ok: true, value: [min.value, max.value] };
	}
	return { ok: false, problem: `Limit Selection is ${describeValue(mode)}, not exact, range or unlimited` };
}

/**
 * The form's definition, from Form Elements' rows or Form Fields JSON (text, or a list already
 * parsed by an expression). Each problem names the element by position and label.
 */
export function checkFormDefinition(raw: unknown, source: DefineForm): Checked<FormField[]> {
	let list = raw;
	if (source === 'json') {
		const parsed = checkJson(raw);
		if (!parsed.ok) return parsed;
		list = parsed.value;
	}
	if (!Array.isArray(list)) return { ok: false, problem: `is ${describeValue(list)}, not a list of form elements` };
	if (list.length === 0) return { ok: false, problem: 'has no form element; add at least one' };
	if (list.length > MAX_FIELDS) return { ok: false, problem: `has ${list.length} form elements; at most ${MAX_FIELDS}` };
	const fields: FormField[] = [];
	for (const [index, entry] of list.entries()) {
		const checked = checkElement(entry, source);
		const name = (entry as IDataObject | null)?.fieldLabel ?? (entry as IDataObject | null)?.fieldName;
		const which = `element ${index + 1}${typeof name === 'string' && name.trim() ? ` ("${name.trim().slice(0, 40)}")` : ''}`;
		if (!checked.ok) return { ok: false, problem: `${which}: ${checked.problem}` };
		if (fields.some((field) => field.label === checked.value.label)) {
			return { ok: false, problem: `${which}: another element has the same label; the answers come out under the labels, so each must differ` };
		}
		fields.push(checked.value);
	}
	return { ok: true, value: fields };
}

function definitionSource(ctx: IExecuteFunctions | IWebhookFunctions, itemIndex?: number): { source: DefineForm; raw: unknown } {
	const read = (name: string, fallback: unknown) =>
		itemIndex === undefined
			? (ctx as IWebhookFunctions).getNodeParameter(name, fallback)
			: (ctx as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback);
	const source: DefineForm = read('defineForm', 'fields') === 'json' ? 'json' : 'fields';
	return { source, raw: source === 'json' ? read('jsonOutput', '') : read('formFields.values', []) };
}

/** The form of the item, checked before the message is sent (a problem names the field and item). */
export function customFormOf(ctx: IExecuteFunctions, itemIndex: number): FormField[] {
	const { source, raw } = definitionSource(ctx, itemIndex);
	const checked = checkFormDefinition(raw, source);
	return checked.ok ? checked.value : throwInvalid(ctx, checked.problem, DEFINITION_FIELD[source], itemIndex);
}

/** The form when its page is served or submitted. */
export function servedFormOf(ctx: IWebhookFunctions): FormField[] {
	const { source, raw } = definitionSource(ctx);
	const checked = checkFormDefinition(raw, source);
	if (!checked.ok) throw new NodeOperationError(ctx.getNode(), `${DEFINITION_FIELD[source]} ${checked.problem}`);
	return checked.value;
}

/** The form page's texts (Options), shared by Free Text and Custom Form. */
export function formTexts(ctx: IWebhookFunctions): { title: string; text: string; button: string } {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		title: String(options.responseFormTitle || 'Your answer'),
		text: String(options.responseFormDescription || ctx.getNodeParameter('message', '')),
		button: String(options.responseFormButtonLabel || 'Submit'),
	};
}
