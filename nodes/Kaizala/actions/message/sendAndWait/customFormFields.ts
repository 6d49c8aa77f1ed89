/**
 * The editor's fields of Message → Send and Wait's third response type, Custom Form. Names and
 * option values are those of n8n's own send-and-wait nodes (n8n 2.41's Form node fields), so a
 * form definition written for them works here. File and Custom HTML elements are not offered:
 * customForm.ts refuses them by name when a JSON definition brings them.
 */
import type { INodeProperties } from 'n8n-workflow';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

const JSON_EXAMPLE = JSON.stringify(
	[
		{ fieldLabel: 'Name', placeholder: 'e.g. Asha Rao', requiredField: true },
		{ fieldLabel: 'Crew Size', fieldType: 'number', requiredField: true },
		{ fieldLabel: 'Start Date', fieldType: 'date' },
		{ fieldLabel: 'Shift', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'Morning' }, { option: 'Night' }] } },
		{ fieldLabel: 'Notes', fieldType: 'textarea' },
	],
	null,
	2,
);

const withOptions = ['dropdown', 'radio', 'checkbox'];

/** One element of the form, as a row of Form Elements. */
const elementValues: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'fieldLabel',
		type: 'string',
		default: '',
		placeholder: 'e.g. Crew size',
		description: 'Shown above the field; the answer comes out under this name',
		required: true,
		displayOptions: { hide: { fieldType: ['hiddenField'] } },
	},
	{
		displayName: 'Element Type',
		name: 'fieldType',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Checkboxes', value: 'checkbox' },
			{ name: 'Date', value: 'date' },
			{ name: 'Dropdown', value: 'dropdown' },
			{ name: 'Email', value: 'email' },
			{ name: 'Hidden Field', value: 'hiddenField' },
			{ name: 'Number', value: 'number' },
			{ name: 'Password', value: 'password' },
			{ name: 'Radio Buttons', value: 'radio' },
			{ name: 'Text Input', value: 'text' },
			{ name: 'Textarea', value: 'textarea' },
		],
	},
	{
		displayName: 'Field Name',
		name: 'fieldName',
		type: 'string',
		default: '',
		description: 'The name the hidden value comes out under',
		displayOptions: { show: { fieldType: ['hiddenField'] } },
	},
	{
		displayName: 'Field Value',
		name: 'fieldValue',
		type: 'string',
		default: '',
		description: 'The value, taken from here and not from what the browser sends back',
		displayOptions: { show: { fieldType: ['hiddenField'] } },
	},
	{
		displayName: 'Placeholder',
		name: 'placeholder',
		type: 'string',
		default: '',
		description: 'Sample text shown inside the empty field',
		displayOptions: { show: { fieldType: ['text', 'textarea', 'email', 'number', 'password'] } },
	},
	{
		displayName: 'Default Value',
		name: 'defaultValue',
		type: 'string',
		default: '',
		description:
			'Filled in when the form opens. A date as YYYY-MM-DD; for choices, an option label (Checkboxes: labels separated by commas).',
		displayOptions: { hide: { fieldType: ['hiddenField', 'password'] } },
	},
	{
		displayName: 'Field Options',
		name: 'fieldOptions',
		placeholder: 'Add Option',
		type: 'fixedCollection',
		default: { values: [{ option: '' }] },
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { fieldType: withOptions } },
		options: [{ displayName: 'Values', name: 'values', values: [{ displayName: 'Option', name: 'option', type: 'string', default: '' }] }],
	},
	{
		displayName: 'Limit Selection',
		name: 'limitSelection',
		type: 'options',
		default: 'unlimited',
		options: [
			{ name: 'Exact Number', value: 'exact' },
			{ name: 'Range', value: 'range' },
			{ name: 'Unlimited', value: 'unlimited' },
		],
		displayOptions: { show: { fieldType: ['checkbox'] } },
	},
	{
		displayName: 'Number of Selections',
		name: 'numberOfSelections',
		type: 'number',
		default: 1,
		typeOptions: { numberPrecision: 0, minValue: 1 },
		displayOptions: { show: { fieldType: ['checkbox'], limitSelection: ['exact'] } },
	},
	{
		displayName: 'Minimum Selections',
		name: 'minSelections',
		type: 'number',
		default: 0,
		typeOptions: { numberPrecision: 0, minValue: 0 },
		displayOptions: { show: { fieldType: ['checkbox'], limitSelection: ['range'] } },
	},
	{
		displayName: 'Maximum Selections',
		name: 'maxSelections',
		type: 'number',
		default: 1,
		typeOptions: { numberPrecision: 0, minValue: 1 },
		displayOptions: { show: { fieldType: ['checkbox'], limitSelection: ['range'] } },
	},
	{
		displayName: 'Required Field',
		name: 'requiredField',
		type: 'boolean',
		default: false,
		description: 'Whether the form is refused until this field has a value',
		displayOptions: { hide: { fieldType: ['hiddenField'] } },
	},
];

/** Define Form, Form Fields JSON and Form Elements, shown for `show` with Custom Form chosen. */
export function customFormFields(show: Show): INodeProperties[] {
	const displayOptions = { show: { ...show, responseType: ['customForm'] } };
	return [
		{
			displayName: 'Define Form',
			name: 'defineForm',
			type: 'options',
			noDataExpression: true,
			default: 'fields',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			displayOptions,
		},
		{
			displayName: 'Form Fields JSON',
			name: 'jsonOutput',
			type: 'json',
			default: JSON_EXAMPLE,
			typeOptions: { rows: 5 },
			description:
				"A list of form elements as n8n's Form node writes them: fieldLabel, fieldType (text, textarea, email, number, password, date, dropdown, radio, checkbox, hiddenField), requiredField, placeholder, defaultValue, fieldOptions",
			displayOptions: { show: { ...displayOptions.show, defineForm: ['json'] } },
		},
		{
			displayName: 'Form Elements',
			name: 'formFields',
			placeholder: 'Add Form Element',
			type: 'fixedCollection',
			default: {},
			typeOptions: { multipleValues: true, sortable: true },
			displayOptions: { show: { ...displayOptions.show, defineForm: ['fields'] } },
			options: [{ displayName: 'Values', name: 'values', values: elementValues }],
		},
	];
}
