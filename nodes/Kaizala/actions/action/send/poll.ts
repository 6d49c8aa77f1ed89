/** Action → Send → Poll: a quick question with choices, from fields or JSON. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwInvalid, jsonParameter, requiredTextParameter, textValue } from '../../../helpers/items';
import { checkMediaResource, MAX_MESSAGE_LENGTH } from '../../../helpers/validation';
import type { ActionTypeModule } from './common';
import { forActionType, wholeHours } from './common';

const VALUE = 'Poll';

const choicesInput: INodeProperties = {
	displayName: 'Define Choices',
	name: 'choicesInput',
	type: 'options',
	default: 'fields',
	options: [
		{ name: 'Using Fields Below', value: 'fields' },
		{ name: 'Using JSON', value: 'json' },
	],
};

const choiceRows: INodeProperties = {
	displayName: 'Choices',
	name: 'choices',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Choice',
	default: {},
	description: 'At least two',
	displayOptions: { show: { [choicesInput.name]: ['fields'] } },
	options: [
		{
			name: 'choice',
			displayName: 'Choice',
			values: [
				{ displayName: 'Title', name: 'title', type: 'string', default: '', placeholder: 'e.g. Yes' },
				{
					displayName: 'Image',
					name: 'image',
					type: 'string',
					default: '',
					placeholder: 'e.g. {{ $json.mediaResource }}',
					description: 'Optional: the media resource of an uploaded image shown with the choice',
				},
			],
		},
	],
};

const choicesJson: INodeProperties = {
	displayName: 'Choices (JSON)',
	name: 'choicesJson',
	type: 'json',
	default: '["Yes", "No"]',
	description: 'An array of choice titles, or of objects <code>{"title": "Yes", "image": "&lt;mediaResource&gt;"}</code>',
	displayOptions: { show: { [choicesInput.name]: ['json'] } },
};

const pollOptions: INodeProperties = {
	displayName: 'Options',
	name: 'pollOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Expires In (Hours)',
			name: 'expiryInHours',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 720,
			description: "Hours until the poll closes; Kaizala's default is 720 (30 days)",
		},
	],
};

/** The choices, from the rows or the JSON: titles unique, at least two, images valid media resources. */
function pollChoices(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const fromJson = ctx.getNodeParameter(choicesInput.name, itemIndex, 'fields') === 'json';
	const field = fromJson ? choicesJson.displayName : choiceRows.displayName;
	const rows = fromJson
		? jsonParameter(ctx, choicesJson.name, field, itemIndex)
		: (ctx.getNodeParameter(`${choiceRows.name}.choice`, itemIndex, []) as IDataObject[]);
	if (!Array.isArray(rows)) throwInvalid(ctx, 'must be a JSON array of choices', field, itemIndex);
	const choices = (rows as unknown[]).map((row, index) => {
		const entry = (row && typeof row === 'object' ? row : { title: row }) as IDataObject;
		const title = textValue(ctx, entry.title, `${field} → choice ${index + 1} title`, itemIndex).trim();
		if (!title) throwInvalid(ctx, `→ choice ${index + 1} has no title`, field, itemIndex);
		const image = textValue(ctx, entry.image, `${field} → choice ${index + 1} image`, itemIndex).trim();
		if (!image) return { title };
		const checked = checkMediaResource(image);
		return {
			title,
			image: checked.ok ? checked.value : throwInvalid(ctx, `→ choice ${index + 1} ("${title}"): image ${checked.problem}`, field, itemIndex),
		};
	});
	if (choices.length < 2) throwInvalid(ctx, 'needs at least two choices', field, itemIndex);
	const titles = choices.map((choice) => choice.title);
	const twice = titles.find((title, index) => titles.indexOf(title) !== index);
	if (twice) throwInvalid(ctx, `has the choice "${twice}" twice`, field, itemIndex);
	return choices;
}

export const poll: ActionTypeModule = {
	option: { name: 'Poll', value: VALUE, description: 'A quick question with choices' },
	uses: [],
	fields: forActionType(VALUE, [
		{
			displayName: 'Question',
			name: 'question',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Team lunch on Friday?',
		},
		choicesInput,
		choiceRows,
		choicesJson,
	]),
	options: forActionType(VALUE, [pollOptions])[0],
	request(ctx, itemIndex) {
		const question = requiredTextParameter(ctx, 'question', 'Question', itemIndex, MAX_MESSAGE_LENGTH);
		const choices = pollChoices(ctx, itemIndex);
		const options = ctx.getNodeParameter(pollOptions.name, itemIndex, {}) as IDataObject;
		const actionBody: IDataObject = { question, choices };
		if (options.expiryInHours !== undefined) {
			actionBody.expiryInHours = wholeHours(ctx, options.expiryInHours, 'Expires In (Hours)', itemIndex);
		}
		return { actionType: VALUE, actionBody };
	},
};
