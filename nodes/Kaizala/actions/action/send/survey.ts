/** Action → Send → Survey: questions of several kinds, from fields or JSON. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwInvalid, jsonParameter, validOrThrow } from '../../../helpers/items';
import type { Checked } from '../../../helpers/validation';
import { checkOptionalText, MAX_TITLE_LENGTH, toChoiceList } from '../../../helpers/validation';
import { CHOICE_QUESTION_TYPES, QUESTION_TYPES } from '../shared';
import type { ActionTypeModule } from './common';
import { dueHoursParameter, forActionType, titleParameter } from './common';

const VALUE = 'Survey';

const questionsInput: INodeProperties = {
	displayName: 'Define Questions',
	name: 'questionsInput',
	type: 'options',
	default: 'fields',
	options: [
		{ name: 'Using Fields Below', value: 'fields' },
		{ name: 'Using JSON', value: 'json' },
	],
};

const questionRows: INodeProperties = {
	displayName: 'Questions',
	name: 'questions',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Question',
	default: {},
	displayOptions: { show: { [questionsInput.name]: ['fields'] } },
	options: [
		{
			name: 'question',
			displayName: 'Question',
			values: [
				{ displayName: 'Title', name: 'title', type: 'string', default: '', placeholder: 'e.g. Is the site safe to work?' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					default: 'SingleOption',
					options: QUESTION_TYPES.map(({ name, value, description }) => ({ name, value, description })),
				},
				{
					displayName: 'Options',
					name: 'options',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
					placeholder: 'e.g. Yes, No',
					description: 'At least two: separated by commas, or one per line (then an option may contain commas)',
					displayOptions: { show: { type: ['SingleOption', 'MultiOption'] } },
				},
				{
					displayName: 'Hidden',
					name: 'isInvisible',
					type: 'boolean',
					default: false,
					description: 'Whether to hide the question from responders (for values filled in by code)',
				},
			],
		},
	],
};

const questionsJson: INodeProperties = {
	displayName: 'Questions (JSON)',
	name: 'questionsJson',
	type: 'json',
	default:
		'[\n  { "title": "Is the site safe?", "type": "SingleOption", "options": ["Yes", "No"] },\n  { "title": "Notes", "type": "Text" }\n]',
	description: `An array of questions: <code>title</code>, <code>type</code> (${QUESTION_TYPES.map((t) => t.value).join(', ')}), <code>options</code> for choice questions, optional <code>isInvisible</code>`,
	displayOptions: { show: { [questionsInput.name]: ['json'] } },
};

const surveyOptions: INodeProperties = {
	displayName: 'Options',
	name: 'surveyOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Accept Multiple Responses',
			name: 'acceptMultipleResponses',
			type: 'boolean',
			default: false,
			description: 'Whether one person may respond more than once',
		},
		{
			displayName: 'Anonymous',
			name: 'isAnonymous',
			type: 'boolean',
			default: false,
			description: "Whether responses are collected without the responders' names",
		},
		{
			displayName: 'Results Visible to Sender Only',
			name: 'isSenderOnly',
			type: 'boolean',
			default: false,
			description: 'Whether only the sender sees the summary of responses',
		},
	],
};

/** Option titles of a choice question, unique, at least two. */
export function checkOptionTitles(raw: unknown): Checked<string[]> {
	const titles = (Array.isArray(raw) ? raw : toChoiceList(raw)).map((entry) =>
		String(entry && typeof entry === 'object' ? ((entry as IDataObject).title ?? '') : (entry ?? '')).trim(),
	);
	if (Array.isArray(raw) && titles.some((title) => !title)) return { ok: false, problem: 'has an option without a title' };
	const clean = titles.filter(Boolean);
	if (clean.length < 2) return { ok: false, problem: 'needs at least two options' };
	const twice = clean.find((title, index) => clean.indexOf(title) !== index);
	if (twice) return { ok: false, problem: `has the option "${twice}" twice` };
	return { ok: true, value: clean };
}

/** One question as Kaizala takes it, from a row or a JSON entry (type matched case-insensitively). */
export function checkSurveyQuestion(raw: unknown, index: number): Checked<IDataObject> {
	const where = `→ question ${index + 1}`;
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problem: `${where} is not an object` };
	const row = raw as IDataObject;
	const titleText = checkOptionalText(row.title, MAX_TITLE_LENGTH);
	if (!titleText.ok) return { ok: false, problem: `${where} title ${titleText.problem}` };
	const title = titleText.value.trim();
	if (!title) return { ok: false, problem: `${where} has no title` };
	const type = QUESTION_TYPES.find((entry) => entry.value.toLowerCase() === String(row.type ?? '').trim().toLowerCase())?.value;
	if (!type) {
		return {
			ok: false,
			problem: `${where} ("${title}") has type "${String(row.type ?? '')}"; use one of ${QUESTION_TYPES.map((t) => t.value).join(', ')}`,
		};
	}
	const question: IDataObject = { title, type };
	if (CHOICE_QUESTION_TYPES.includes(type)) {
		const options = checkOptionTitles(row.options);
		if (!options.ok) return { ok: false, problem: `${where} ("${title}") ${options.problem}` };
		question.options = options.value.map((option) => ({ title: option }));
	}
	if (row.isInvisible === true || row.isInvisible === 'true') question.isInvisible = true;
	return { ok: true, value: question };
}

function surveyQuestions(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const fromJson = ctx.getNodeParameter(questionsInput.name, itemIndex, 'fields') === 'json';
	const field = fromJson ? questionsJson.displayName : questionRows.displayName;
	const rows = fromJson
		? jsonParameter(ctx, questionsJson.name, field, itemIndex)
		: (ctx.getNodeParameter(`${questionRows.name}.question`, itemIndex, []) as IDataObject[]);
	if (!Array.isArray(rows)) throwInvalid(ctx, 'must be a JSON array of questions', field, itemIndex);
	if ((rows as unknown[]).length === 0) throwInvalid(ctx, 'needs at least one question', field, itemIndex);
	return (rows as unknown[]).map((row, index) => validOrThrow(ctx, checkSurveyQuestion(row, index), field, itemIndex));
}

export const survey: ActionTypeModule = {
	option: { name: 'Survey', value: VALUE, description: 'Questions of several kinds; read the responses later' },
	uses: ['title', 'due'],
	fields: forActionType(VALUE, [questionsInput, questionRows, questionsJson]),
	options: forActionType(VALUE, [surveyOptions])[0],
	request(ctx, itemIndex) {
		const title = titleParameter(ctx, itemIndex);
		const questions = surveyQuestions(ctx, itemIndex);
		const dueDate = dueHoursParameter(ctx, itemIndex);
		const options = ctx.getNodeParameter(surveyOptions.name, itemIndex, {}) as IDataObject;
		return {
			actionType: VALUE,
			actionBody: {
				title,
				dueDate,
				isAnonymous: options.isAnonymous === true,
				isSenderOnly: options.isSenderOnly === true,
				acceptMultipleResponses: options.acceptMultipleResponses === true,
				questions,
			},
		};
	},
};
