/**
 * Answers mapped per question with n8n's resource mapper: the columns are the action's questions,
 * loaded from its details (`methods/resourceMapping.ts`), one per question in question order, and
 * turned back into Kaizala's positional `answers` array here. The column ids are the question
 * titles (numbered when two are alike), so an error and an expression name the question.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, ResourceMapperField, ResourceMapperValue } from 'n8n-workflow';

import { throwInvalid, textValue, validOrThrow } from '../../../helpers/items';
import { checkNumberInRange, toChoiceList } from '../../../helpers/validation';
import { checkDateTime } from '../../../helpers/timeValidation';

export const MAPPED_ANSWERS = 'mapper';

export const mappedAnswersField: INodeProperties = {
	displayName: 'Answers',
	name: 'answerColumns',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	required: true,
	typeOptions: {
		loadOptionsDependsOn: ['groupId.value', 'actionId.value', 'responseType'],
		resourceMapper: {
			resourceMapperMethod: 'getActionQuestions',
			mode: 'add',
			fieldWords: { singular: 'question', plural: 'questions' },
			addAllFields: true,
			multiKeyMatch: false,
			supportAutoMap: false,
		},
	},
	displayOptions: { show: { answersInput: [MAPPED_ANSWERS] } },
};

/** A question of an action's details (actions_post.md). */
export interface Question {
	title?: unknown;
	type?: unknown;
	options?: Array<{ title?: unknown }>;
}

const FIELD_TYPES: Record<string, ResourceMapperField['type']> = {
	Numeric: 'number',
	Date: 'dateTime',
	DateTime: 'dateTime',
	SingleOption: 'options',
	MultiOption: 'array',
	AttachmentList: 'array',
	Location: 'object',
};

/** One resource-mapper column per question, in question order. */
export function questionFields(questions: Question[], required: boolean): ResourceMapperField[] {
	const titles = questions.map((question, index) => (typeof question.title === 'string' && question.title.trim() ? question.title.trim() : `Question ${index + 1}`));
	return questions.map((question, index) => {
		const alike = titles.filter((title) => title === titles[index]).length > 1;
		const id = alike ? `${titles[index]} (${index + 1})` : titles[index];
		const type = FIELD_TYPES[String(question.type)] ?? 'string';
		const options = (question.options ?? []).map((option) => String(option.title ?? '')).filter((title) => title !== '');
		return {
			id,
			displayName: id,
			type,
			required,
			display: true,
			defaultMatch: false,
			...(type === 'options' ? { options: options.map((title) => ({ name: title, value: title })) } : {}),
		};
	});
}

function location(ctx: IExecuteFunctions, raw: unknown, field: string, itemIndex: number): IDataObject {
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			throwInvalid(ctx, 'must be a location such as {"lt": 47.6, "lg": -122.1, "n": "Site"}', field, itemIndex);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throwInvalid(ctx, 'must be a location such as {"lt": 47.6, "lg": -122.1, "n": "Site"}', field, itemIndex);
	}
	const place = value as IDataObject;
	return {
		lt: validOrThrow(ctx, checkNumberInRange(place.lt, -90, 90), `${field} lt`, itemIndex),
		lg: validOrThrow(ctx, checkNumberInRange(place.lg, -180, 180), `${field} lg`, itemIndex),
		n: textValue(ctx, place.n ?? '', `${field} n`, itemIndex),
	};
}

function answerFor(ctx: IExecuteFunctions, column: ResourceMapperField, raw: unknown, itemIndex: number): unknown {
	const field = `Answers → ${column.displayName}`;
	if (raw === undefined || raw === null || raw === '') throwInvalid(ctx, 'needs an answer (every question is answered)', field, itemIndex);
	switch (column.type) {
		case 'number':
			return validOrThrow(ctx, checkNumberInRange(raw, -Number.MAX_VALUE, Number.MAX_VALUE), field, itemIndex);
		case 'dateTime':
			return validOrThrow(ctx, checkDateTime(raw), field, itemIndex);
		case 'array': {
			const list = toChoiceList(raw);
			return list.length > 0 ? list : throwInvalid(ctx, 'needs at least one entry', field, itemIndex);
		}
		case 'object':
			return location(ctx, raw, field, itemIndex);
		case 'options': {
			const text = textValue(ctx, raw, field, itemIndex);
			const titles = (column.options ?? []).map((option) => String(option.value));
			if (titles.length > 0 && !titles.includes(text)) {
				throwInvalid(ctx, `"${text}" is not one of its options (${titles.map((title) => `"${title}"`).join(', ')})`, field, itemIndex);
			}
			return text;
		}
		default:
			return textValue(ctx, raw, field, itemIndex);
	}
}

/** The positional answers from the mapped columns; every question needs an answer. */
export function mappedAnswers(ctx: IExecuteFunctions, itemIndex: number): unknown[] {
	const mapping = ctx.getNodeParameter(mappedAnswersField.name, itemIndex, {}) as Partial<ResourceMapperValue>;
	const columns = mapping.schema ?? [];
	if (columns.length === 0) {
		throwInvalid(ctx, "has no questions: pick the action, then load its questions (or choose Define Answers → Using JSON)", 'Answers', itemIndex);
	}
	const removed = columns.find((column) => column.removed);
	if (removed) throwInvalid(ctx, 'needs an answer (every question is answered): add it back', `Answers → ${removed.displayName}`, itemIndex);
	const values = (mapping.value ?? {}) as IDataObject;
	return columns.map((column) => answerFor(ctx, column, values[column.id], itemIndex));
}
