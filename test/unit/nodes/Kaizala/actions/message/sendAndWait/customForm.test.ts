/** Custom Form: the definition checked, a submitted form checked and shaped, the page it is served as. */
import type { FormField } from '../../../../../../../nodes/Kaizala/actions/message/sendAndWait/customForm';
import { checkFormDefinition } from '../../../../../../../nodes/Kaizala/actions/message/sendAndWait/customForm';
import { readAnswers } from '../../../../../../../nodes/Kaizala/actions/message/sendAndWait/customFormAnswers';
import { customFormPage } from '../../../../../../../nodes/Kaizala/webhooks/customFormPage';

const options = (...labels: string[]) => ({ values: labels.map((option) => ({ option })) });

function fieldsOf(raw: unknown, source: 'fields' | 'json' = 'fields'): FormField[] {
	const checked = checkFormDefinition(raw, source);
	if (!checked.ok) throw new Error(checked.problem);
	return checked.value;
}

function problemOf(raw: unknown, source: 'fields' | 'json' = 'fields'): string {
	const checked = checkFormDefinition(raw, source);
	if (checked.ok) throw new Error('accepted');
	return checked.problem;
}

describe('the form definition', () => {
	it("reads Form Elements' rows and n8n's JSON alike, with n8n's defaults (text, not required)", () => {
		const rows = [
			{ fieldLabel: 'Name', requiredField: true, placeholder: 'e.g. Asha' },
			{ fieldLabel: 'Shift', fieldType: 'dropdown', fieldOptions: options('Morning', 'Night') },
		];
		const fromRows = fieldsOf(rows);
		expect(fromRows.map(({ type, label, required, options }) => ({ type, label, required, options }))).toEqual([
			{ type: 'text', label: 'Name', required: true, options: [] },
			{ type: 'dropdown', label: 'Shift', required: false, options: ['Morning', 'Night'] },
		]);
		expect(fieldsOf(JSON.stringify(rows), 'json')).toEqual(fromRows);
		// n8n's JSON also takes the options as a plain list.
		expect(fieldsOf([{ fieldLabel: 'Shift', fieldType: 'radio', fieldOptions: [{ option: 'A' }, { option: 'B' }] }], 'json')[0].options).toEqual(['A', 'B']);
	});

	it('names the element and the editor field in every problem', () => {
		expect(problemOf('[{"fieldLabel": "Name"', 'json')).toMatch(/^is not valid JSON/);
		expect(problemOf('{"fieldLabel": "Name"}', 'json')).toBe('is an object, not a list of form elements');
		expect(problemOf([])).toBe('has no form element; add at least one');
		expect(problemOf([{ fieldLabel: 'Name' }, { fieldLabel: '  ' }])).toBe('element 2: Label is empty');
		expect(problemOf([{ fieldLabel: { a: 1 } }])).toBe('element 1: Label is an object, not text');
		expect(problemOf([{ fieldLabel: 'Age', fieldType: 'age' }])).toMatch(/^element 1 \("Age"\): Element Type "age" is not one of text, textarea/);
		expect(problemOf([{ fieldLabel: 'Age', requiredField: 'yes' }])).toBe('element 1 ("Age"): Required Field is the text "yes", not true or false');
		expect(problemOf([{ fieldLabel: 'Shift', fieldType: 'dropdown' }])).toBe('element 1 ("Shift"): Field Options is empty, not a list of options');
		expect(problemOf([{ fieldLabel: 'Shift', fieldType: 'radio', fieldOptions: options('A', 'A') }])).toBe('element 1 ("Shift"): Field Options has "A" twice');
		expect(problemOf([{ fieldLabel: 'Name' }, { fieldLabel: 'Name', fieldType: 'email' }])).toMatch(/^element 2 \("Name"\): another element has the same label/);
		expect(problemOf([{ fieldLabel: 'Name', colour: 'red' }], 'json')).toBe('element 1 ("Name"): has the key "colour", which form elements do not have');
		expect(problemOf([{ fieldLabel: 'Pick', fieldType: 'checkbox', fieldOptions: options('A', 'B'), limitSelection: 'exact', numberOfSelections: 3 }])).toBe(
			'element 1 ("Pick"): Number of Selections is 3; the element has 2 options',
		);
	});

	it('refuses File and Custom HTML elements by name', () => {
		expect(problemOf([{ fieldLabel: 'Photo', fieldType: 'file' }], 'json')).toBe(
			"element 1 (\"Photo\"): is a File element, which Kaizala's Custom Form does not offer; remove it",
		);
		expect(problemOf([{ fieldLabel: 'Name' }, { fieldType: 'html', html: '<p>hi</p>' }], 'json')).toBe(
			"element 2: is a Custom HTML element, which Kaizala's Custom Form does not offer; remove it",
		);
	});
});

describe('a submitted form', () => {
	const fields = fieldsOf([
		{ fieldLabel: 'Name', requiredField: true },
		{ fieldLabel: 'Crew Size', fieldType: 'number', requiredField: true },
		{ fieldLabel: 'Email', fieldType: 'email' },
		{ fieldLabel: 'Start', fieldType: 'date' },
		{ fieldLabel: 'Shift', fieldType: 'dropdown', fieldOptions: options('Morning', 'Night'), requiredField: true },
		{ fieldLabel: 'Tools', fieldType: 'checkbox', fieldOptions: options('Drill', 'Ladder', 'Saw'), limitSelection: 'range', minSelections: 1, maxSelections: 2 },
		{ fieldLabel: 'Site', fieldType: 'radio', fieldOptions: options('North', 'South') },
		{ fieldLabel: 'Notes', fieldType: 'textarea' },
		{ fieldType: 'hiddenField', fieldName: 'source', fieldValue: 'kaizala' },
	]);

	it("comes out keyed by label, typed as n8n's nodes type it (multipart body: data, a repeated name as a list)", () => {
		const body = {
			data: {
				'field-0': '  Asha Rao ',
				'field-1': '4',
				'field-2': 'asha@example.com',
				'field-3': '2026-12-07',
				'field-4': 'Night',
				'field-5': ['Drill', 'Saw'],
				'field-6': 'North',
				'field-7': ' line one\nline two ',
				'field-8': 'forged',
			},
			files: {},
		};
		expect(readAnswers(fields, body)).toEqual({
			ok: true,
			data: {
				Name: 'Asha Rao',
				'Crew Size': 4,
				Email: 'asha@example.com',
				Start: '2026-12-07',
				Shift: 'Night',
				Tools: ['Drill', 'Saw'],
				Site: 'North',
				Notes: ' line one\nline two ',
				source: 'kaizala',
			},
		});
	});

	it('optional elements left empty: null for what was not sent and for an empty number, [] for checkboxes', () => {
		const answers = readAnswers(fields, { data: { 'field-0': 'A', 'field-1': '1', 'field-2': '', 'field-3': '', 'field-4': 'Morning' } });
		expect(answers).toEqual({
			ok: true,
			data: { Name: 'A', 'Crew Size': 1, Email: '', Start: '', Shift: 'Morning', Tools: [], Site: null, Notes: null, source: 'kaizala' },
		});
		// n8n's own form sends checkbox choices as one JSON list.
		const json = readAnswers(fields, { data: { 'field-0': 'A', 'field-1': '1', 'field-4': 'Morning', 'field-5': '["Ladder"]' } });
		expect(json.ok && json.data.Tools).toEqual(['Ladder']);
	});

	it('refuses what the browser would have refused, and what only a forged post can send, element by element', () => {
		const answers = readAnswers(fields, {
			data: {
				'field-0': '   ',
				'field-1': '4 crews',
				'field-2': 'asha@',
				'field-3': '2026-02-30',
				'field-4': 'Evening',
				'field-5': ['Drill', 'Ladder', 'Saw'],
				'field-6': ['North', 'South'],
				'field-7': 'x'.repeat(10_001),
			},
		});
		expect(answers.ok).toBe(false);
		expect(!answers.ok && answers.problems).toEqual([
			'Please fill in this field.',
			'Please enter a number.',
			'Please enter an email address.',
			'Please enter a date (YYYY-MM-DD).',
			'Please choose from the options given.',
			'Please choose between 1 and 2.',
			'Please give one answer.',
			'Please keep this under 10,000 characters.',
			undefined,
		]);
	});
});

describe('the page', () => {
	const fields = fieldsOf([
		{ fieldLabel: 'Name <b>', requiredField: true, placeholder: 'e.g. "Asha"' },
		{ fieldLabel: 'Shift', fieldType: 'dropdown', fieldOptions: options('Morning', 'Night'), defaultValue: 'Night' },
		{ fieldLabel: 'Tools', fieldType: 'checkbox', fieldOptions: options('Drill', 'Saw'), requiredField: true },
		{ fieldLabel: 'PIN', fieldType: 'password' },
		{ fieldType: 'hiddenField', fieldName: 'source', fieldValue: 'kz' },
	]);

	it('posts multipart to its own URL, every element named field-N, every text escaped', () => {
		const html = customFormPage({ title: 'Crew <plan>', text: 'Who & when?', button: 'Send', fields });
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
		expect(html).not.toContain('action=');
		expect(html).toContain('<h1>Crew &#60;plan&#62;</h1>');
		expect(html).toContain('<p class="message">Who &#38; when?</p>');
		expect(html).toContain('<label for="field-0">Name &#60;b&#62;<span class="req" aria-hidden="true">*</span></label>');
		expect(html).toContain('<input type="text" id="field-0" name="field-0" placeholder="e.g. &#34;Asha&#34;" required>');
		expect(html).toContain('<option selected>Night</option>');
		// A required group of checkboxes: no `required` on each box (that would demand all).
		expect(html).toContain('<input type="checkbox" name="field-2" value="Drill">Drill');
		expect(html).toContain('<input type="password" id="field-3" name="field-3">');
		expect(html).toContain('<input type="hidden" name="field-4" value="kz">');
		expect(html).toContain('<button type="submit">Send</button>');
		expect(html).not.toMatch(/<script/i);
	});

	it('after a refusal: what was sent is filled in again (never a password), each problem beside its element', () => {
		const answers = readAnswers(fields, { data: { 'field-0': 'Asha', 'field-1': 'Morning', 'field-3': 'secret' } });
		if (answers.ok) throw new Error('accepted');
		const html = customFormPage({ title: 'T', text: '', button: 'Send', fields, ...answers });
		expect(html).toContain('Some answers need another look.');
		expect(html).toContain('value="Asha"');
		expect(html).toContain('<option selected>Morning</option><option>Night</option>');
		expect(html).toContain('<fieldset class="field invalid"><legend>Tools<span class="req" aria-hidden="true">*</span></legend>');
		expect(html).toContain('<p class="error">Please choose at least one option.</p>');
		expect(html).not.toContain('secret');
	});
});
