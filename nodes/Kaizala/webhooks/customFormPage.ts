/**
 * The page of Message → Send and Wait's Custom Form, served by the waiting webhook (GET) and
 * posted back to the same signed URL. n8n 2.41 takes a custom form's answer only as
 * multipart/form-data (415 otherwise), hence the form's enctype. No scripts: what the browser
 * checks (required, number, email, date) is checked again by customForm.ts when it arrives.
 */
import type { FormField } from '../actions/message/sendAndWait/customForm';
import type { Submitted } from '../actions/message/sendAndWait/customFormAnswers';
import { inputName } from '../actions/message/sendAndWait/customFormAnswers';
import { escapeHtml, page } from './pages';

const FORM_STYLE =
	'form{margin-top:1.5rem}.field{margin:0 0 1.2rem;border:0;padding:0}' +
	'.field>label,.field legend{display:block;font-weight:600;margin-bottom:.35rem;padding:0}' +
	'.req{color:#b00020;margin-left:.15rem}' +
	'input[type=text],input[type=email],input[type=number],input[type=password],input[type=date],select,textarea' +
	'{width:100%;box-sizing:border-box;font:inherit;padding:.55rem .65rem;border:1px solid #c9c9d1;border-radius:.4rem;background:#fff}' +
	'input:focus,select:focus,textarea:focus{outline:2px solid #5b4fe0;outline-offset:0;border-color:#5b4fe0}' +
	'.field>label.choice{display:flex;align-items:center;gap:.5rem;margin:.3rem 0;font-weight:400}.choice input{margin:0}' +
	'button{font-family:inherit;margin-top:.4rem}' +
	'.field .error{margin:.35rem 0 0;font-size:.9rem}.invalid input,.invalid select,.invalid textarea{border-color:#b00020}' +
	'p.problem{background:#fdecee;padding:.6rem .8rem;border-radius:.4rem}';

interface CustomForm {
	title: string;
	text: string;
	button: string;
	fields: FormField[];
	/** After a refused submit: what was sent, and the problem of each element. */
	submitted?: Submitted;
	problems?: Array<string | undefined>;
}

const attribute = (name: string, value: string) => (value ? ` ${name}="${escapeHtml(value)}"` : '');

/** What the element shows when the page opens: the value sent back after a refusal, else its default. */
function shownValues(field: FormField, submitted: string | string[] | undefined, refused: boolean): string[] {
	if (field.type === 'password') return [];
	if (refused) return submitted === undefined ? [] : Array.isArray(submitted) ? submitted : [submitted];
	if (!field.defaultValue) return [];
	return field.type === 'checkbox' || field.multiple ? field.defaultValue.split(',').map((value) => value.trim()) : [field.defaultValue];
}

const INPUT_TYPES: Partial<Record<FormField['type'], string>> = { text: 'text', email: 'email', number: 'number', password: 'password', date: 'date' };

function control(field: FormField, name: string, values: string[]): string {
	const required = field.required ? ' required' : '';
	const id = ` id="${name}" name="${name}"`;
	switch (field.type) {
		case 'textarea':
			return `<textarea${id} rows="4"${attribute('placeholder', field.placeholder)}${required}>${escapeHtml(values[0] ?? '')}</textarea>`;
		case 'dropdown': {
			const empty = field.multiple ? '' : `<option value="">${escapeHtml(field.placeholder || 'Choose…')}</option>`;
			const options = field.options.map((option) => `<option${values.includes(option) ? ' selected' : ''}>${escapeHtml(option)}</option>`);
			return `<select${id}${field.multiple ? ' multiple' : ''}${required}>${empty}${options.join('')}</select>`;
		}
		case 'radio':
		case 'checkbox':
			// A required group of checkboxes is checked on arrival: `required` on each box would demand all.
			return field.options
				.map((option, index) => {
					const rule = field.type === 'radio' && index === 0 ? required : '';
					const checked = values.includes(option) ? ' checked' : '';
					return `<label class="choice"><input type="${field.type}" name="${name}" value="${escapeHtml(option)}"${checked}${rule}>${escapeHtml(option)}</label>`;
				})
				.join('');
		default: {
			const step = field.type === 'number' ? ' step="any"' : '';
			return `<input type="${INPUT_TYPES[field.type] ?? 'text'}"${id}${step}${attribute('value', values[0] ?? '')}${attribute('placeholder', field.placeholder)}${required}>`;
		}
	}
}

function element(field: FormField, index: number, form: CustomForm): string {
	const name = inputName(index);
	if (field.type === 'hiddenField') return `<input type="hidden" name="${name}" value="${escapeHtml(field.value)}">`;
	const problem = form.problems?.[index];
	const label = `${escapeHtml(field.label)}${field.required ? '<span class="req" aria-hidden="true">*</span>' : ''}`;
	const inner = control(field, name, shownValues(field, form.submitted?.[index], form.problems !== undefined));
	const error = problem ? `<p class="error">${escapeHtml(problem)}</p>` : '';
	const css = `field${problem ? ' invalid' : ''}`;
	return field.type === 'radio' || field.type === 'checkbox'
		? `<fieldset class="${css}"><legend>${label}</legend>${inner}${error}</fieldset>`
		: `<div class="${css}"><label for="${name}">${label}</label>${inner}${error}</div>`;
}

/** The form; after a refused submit, with what was sent and each problem beside its element. */
export function customFormPage(form: CustomForm): string {
	const refused = form.problems?.some((problem) => problem !== undefined);
	return page(
		form.title,
		`<h1>${escapeHtml(form.title)}</h1>` +
			(form.text ? `<p class="message">${escapeHtml(form.text)}</p>` : '') +
			(refused ? '<p class="error problem">Some answers need another look.</p>' : '') +
			'<form method="post" enctype="multipart/form-data">' +
			form.fields.map((field, index) => element(field, index, form)).join('') +
			`<p><button type="submit">${escapeHtml(form.button)}</button></p></form>`,
		FORM_STYLE,
	);
}
