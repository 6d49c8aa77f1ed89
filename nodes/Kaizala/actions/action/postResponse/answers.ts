/**
 * The answers of a Survey or Custom Action Package response: given as JSON or row by row, with
 * where and under which name the response was given. `index.ts` shows these fields for the types
 * that are `answered`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwInvalid, jsonParameter, textValue, validOrThrow } from '../../../helpers/items';
import { checkGuid, checkMediaResource, checkMediaResourceList, checkNumberInRange, toChoiceList } from '../../../helpers/validation';
import { checkDateTime } from '../../../helpers/timeValidation';
import { MAPPED_ANSWERS, mappedAnswers, mappedAnswersField } from './mappedAnswers';

export const answerFields: INodeProperties[] = [
	{
		displayName: 'Define Answers',
		name: 'answersInput',
		type: 'options',
		// The default stays JSON: saved workflows omit it, so they keep their positional answers.
		default: 'json',
		options: [
			{ name: 'Map Each Question', value: MAPPED_ANSWERS, description: "The action's questions, loaded from its details, one answer each" },
			{ name: 'Using JSON', value: 'json', description: 'One array, one answer per question in question order' },
			{ name: 'Using Fields Below', value: 'fields', description: 'One row per question, in question order' },
		],
	},
	mappedAnswersField,
	{
		displayName: 'Answers (JSON)',
		name: 'answers',
		type: 'json',
		default: '[]',
		description:
			'One answer per question, in question order: text or an option title for text and single-choice questions, an array of titles for multiple choice, numbers, dates as epoch milliseconds, <code>{"lt", "lg", "n"}</code> for a location, media resources for images and attachments',
		displayOptions: { show: { answersInput: ['json'] } },
	},
	{
		displayName: 'Answers',
		name: 'answerFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Answer',
		default: {},
		description: 'One answer per question, in question order',
		displayOptions: { show: { answersInput: ['fields'] } },
		options: [
			{
				name: 'answer',
				displayName: 'Answer',
				values: [
					{
						displayName: 'Answer Type',
						name: 'type',
						type: 'options',
						default: 'text',
						options: [
							{ name: 'Attachments', value: 'attachments', description: 'Media resources of uploaded files' },
							{ name: 'Date or Date and Time', value: 'dateTime' },
							{ name: 'Image', value: 'media', description: 'The media resource of an uploaded image' },
							{ name: 'Location', value: 'location' },
							{ name: 'Multiple Choice', value: 'choices' },
							{ name: 'Number', value: 'number' },
							{ name: 'Text or Single Choice', value: 'text', description: 'For a single choice, the option title' },
						],
					},
					{
						displayName: 'Chosen Options',
						name: 'choices',
						type: 'string',
						default: '',
						placeholder: 'e.g. Red, Blue',
						description: 'Option titles, separated by commas or one per line',
						displayOptions: { show: { type: ['choices'] } },
					},
					{
						displayName: 'Date',
						name: 'dateTime',
						type: 'dateTime',
						default: '',
						displayOptions: { show: { type: ['dateTime'] } },
					},
					{
						displayName: 'Latitude',
						name: 'latitude',
						type: 'number',
						typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
						default: 0,
						displayOptions: { show: { type: ['location'] } },
					},
					{
						displayName: 'Longitude',
						name: 'longitude',
						type: 'number',
						typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
						default: 0,
						displayOptions: { show: { type: ['location'] } },
					},
					{
						displayName: 'Media Resource',
						name: 'mediaResource',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.mediaResource }}',
						displayOptions: { show: { type: ['media'] } },
					},
					{
						displayName: 'Media Resources',
						name: 'mediaResources',
						type: 'string',
						default: '',
						description: 'Separated by commas',
						displayOptions: { show: { type: ['attachments'] } },
					},
					{
						displayName: 'Number',
						name: 'number',
						type: 'number',
						default: 0,
						displayOptions: { show: { type: ['number'] } },
					},
					{
						displayName: 'Place Name',
						name: 'locationName',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['location'] } },
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['text'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'responseOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Responded From Latitude',
				name: 'latitude',
				type: 'number',
				typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
				default: 0,
				description: 'Where the response was given (needs the longitude too)',
			},
			{
				displayName: 'Responded From Longitude',
				name: 'longitude',
				type: 'number',
				typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
				default: 0,
				description: 'Where the response was given (needs the latitude too)',
			},
			{
				displayName: 'Responded From Place Name',
				name: 'locationName',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Response Name',
				name: 'responseName',
				type: 'string',
				default: '',
				description: 'A name that identifies this response',
			},
			{
				displayName: 'Update Response ID',
				name: 'responseId',
				type: 'string',
				default: '',
				placeholder: 'e.g. bbcf469e-4027-40b7-a80b-a961a48619e7',
				description: 'Replace an earlier response of the token user (its responseId) instead of adding one',
			},
		],
	},
];

function answerFromFields(ctx: IExecuteFunctions, row: IDataObject, index: number, itemIndex: number): unknown {
	const field = `Answers → answer ${index + 1}`;
	switch (row.type) {
		case 'choices':
			return toChoiceList(row.choices);
		case 'number':
			return validOrThrow(ctx, checkNumberInRange(row.number, -Number.MAX_VALUE, Number.MAX_VALUE), field, itemIndex);
		case 'dateTime':
			return validOrThrow(ctx, checkDateTime(row.dateTime), field, itemIndex);
		case 'location':
			return {
				lt: validOrThrow(ctx, checkNumberInRange(row.latitude ?? 0, -90, 90), `${field} latitude`, itemIndex),
				lg: validOrThrow(ctx, checkNumberInRange(row.longitude ?? 0, -180, 180), `${field} longitude`, itemIndex),
				n: textValue(ctx, row.locationName, `${field} place name`, itemIndex),
			};
		case 'media':
			return validOrThrow(ctx, checkMediaResource(row.mediaResource), field, itemIndex);
		case 'attachments':
			return validOrThrow(ctx, checkMediaResourceList(row.mediaResources), field, itemIndex);
		default:
			return textValue(ctx, row.text, `${field} text`, itemIndex);
	}
}

function answers(ctx: IExecuteFunctions, itemIndex: number): unknown[] {
	const input = ctx.getNodeParameter('answersInput', itemIndex, 'json');
	if (input === MAPPED_ANSWERS) return mappedAnswers(ctx, itemIndex);
	if (input === 'fields') {
		const rows = ctx.getNodeParameter('answerFields.answer', itemIndex, []) as IDataObject[];
		if (rows.length === 0) throwInvalid(ctx, 'needs one answer per question', 'Answers', itemIndex);
		return rows.map((row, index) => answerFromFields(ctx, row, index, itemIndex));
	}
	const parsed = jsonParameter(ctx, 'answers', 'Answers (JSON)', itemIndex);
	if (!Array.isArray(parsed)) {
		return throwInvalid(ctx, 'must be a JSON array with one answer per question', 'Answers (JSON)', itemIndex);
	}
	return parsed as unknown[];
}

function responseLocation(ctx: IExecuteFunctions, options: IDataObject, itemIndex: number): IDataObject | undefined {
	const hasLatitude = options.latitude !== undefined;
	const hasLongitude = options.longitude !== undefined;
	if (!hasLatitude && !hasLongitude && !options.locationName) return undefined;
	if (!hasLatitude || !hasLongitude) {
		throwInvalid(ctx, 'needs both the latitude and the longitude', 'Responded From', itemIndex);
	}
	return {
		latitude: validOrThrow(ctx, checkNumberInRange(options.latitude, -90, 90), 'Responded From Latitude', itemIndex),
		longitude: validOrThrow(ctx, checkNumberInRange(options.longitude, -180, 180), 'Responded From Longitude', itemIndex),
		name: textValue(ctx, options.locationName, 'Responded From Place Name', itemIndex),
	};
}

/** `{ actionBody: { answers, responseName?, responseLocation? }, responseId? }`, validated in field order. */
export function answeredBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('responseOptions', itemIndex, {}) as IDataObject;
	const actionBody: IDataObject = { answers: answers(ctx, itemIndex) as IDataObject[] };
	if (typeof options.responseName === 'string' && options.responseName.trim()) actionBody.responseName = options.responseName.trim();
	const location = responseLocation(ctx, options, itemIndex);
	if (location) actionBody.responseLocation = location;
	const body: IDataObject = { actionBody };
	if (typeof options.responseId === 'string' && options.responseId.trim()) {
		body.responseId = validOrThrow(ctx, checkGuid(options.responseId), 'Update Response ID', itemIndex);
	}
	return body;
}
