/**
 * The request body of Action → Send for each action type (actions_post.md, media.md and the
 * swagger's request definitions), built from the node's parameters and validated before any
 * request is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jsonParameter, messageTextParameter, phoneListParameter, valid } from '../../helpers/input';
import type { Checked } from '../../helpers/validation';
import {
	checkDateTime,
	checkHoursUntil,
	checkMediaResource,
	checkMediaResourceList,
	checkNumberInRange,
	checkOptionalText,
	toChoiceList,
} from '../../helpers/validation';
import { CHOICE_QUESTION_TYPES, QUESTION_TYPES } from './shared';

/** Property types of a custom action package instance (actions_post.md, Property object). */
export const PROPERTY_TYPES = ['Text', 'Numeric', 'Location', 'DateTime', 'StringList', 'Attachment', 'StringSet', 'AttachmentList'];

const ATTACHMENT_TYPES = ['Image', 'Audio', 'Document', 'Video', 'Album'];

type Ctx = IExecuteFunctions;

/** Throws the input error for `field` (never returns). */
function fail(ctx: Ctx, problem: string, field: string, itemIndex: number): never {
	return valid<never>(ctx, { ok: false, problem }, field, itemIndex);
}

function requiredText(ctx: Ctx, name: string, field: string, itemIndex: number): string {
	const value = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	return value ? value : fail(ctx, 'is empty', field, itemIndex);
}

function optionalText(ctx: Ctx, name: string, field: string, itemIndex: number): string {
	return valid(ctx, checkOptionalText(ctx.getNodeParameter(name, itemIndex, '')), field, itemIndex).trim();
}

function wholeHours(ctx: Ctx, raw: unknown, field: string, itemIndex: number): number {
	const hours = valid(ctx, checkNumberInRange(raw, 1, 24 * 365 * 10), field, itemIndex);
	return Number.isInteger(hours) ? hours : fail(ctx, `is ${hours}; Kaizala takes whole hours`, field, itemIndex);
}

/** Job and survey `dueDate`: hours from now, given directly or as a moment. */
function dueHours(ctx: Ctx, itemIndex: number): number {
	if (ctx.getNodeParameter('dueType', itemIndex, 'hours') === 'dateTime') {
		return valid(ctx, checkHoursUntil(ctx.getNodeParameter('dueAt', itemIndex, ''), Date.now()), 'Due At', itemIndex);
	}
	return wholeHours(ctx, ctx.getNodeParameter('dueInHours', itemIndex, 24), 'Due In (Hours)', itemIndex);
}

function parsedJson(ctx: Ctx, name: string, field: string, itemIndex: number): unknown {
	return jsonParameter(ctx, name, field, itemIndex);
}

/** Option titles of a choice question, unique, at least two. */
function checkOptionTitles(raw: unknown): Checked<string[]> {
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

function surveyQuestion(raw: unknown, index: number): Checked<IDataObject> {
	const where = `→ question ${index + 1}`;
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problem: `${where} is not an object` };
	const row = raw as IDataObject;
	const title = String(row.title ?? '').trim();
	if (!title) return { ok: false, problem: `${where} has no title` };
	const type = QUESTION_TYPES.find((entry) => entry.value.toLowerCase() === String(row.type ?? '').trim().toLowerCase())?.value;
	if (!type) {
		return { ok: false, problem: `${where} ("${title}") has type "${String(row.type ?? '')}"; use one of ${QUESTION_TYPES.map((t) => t.value).join(', ')}` };
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

function surveyQuestions(ctx: Ctx, itemIndex: number): IDataObject[] {
	const fromJson = ctx.getNodeParameter('questionsInput', itemIndex, 'fields') === 'json';
	const field = fromJson ? 'Questions (JSON)' : 'Questions';
	const rows = fromJson
		? parsedJson(ctx, 'questionsJson', field, itemIndex)
		: (ctx.getNodeParameter('questions.question', itemIndex, []) as IDataObject[]);
	if (!Array.isArray(rows)) fail(ctx, 'must be a JSON array of questions', field, itemIndex);
	if (rows.length === 0) fail(ctx, 'needs at least one question', field, itemIndex);
	return rows.map((row: unknown, index: number) => valid(ctx, surveyQuestion(row, index), field, itemIndex));
}

function pollChoices(ctx: Ctx, itemIndex: number): IDataObject[] {
	const fromJson = ctx.getNodeParameter('choicesInput', itemIndex, 'fields') === 'json';
	const field = fromJson ? 'Choices (JSON)' : 'Choices';
	const rows = fromJson ? parsedJson(ctx, 'choicesJson', field, itemIndex) : (ctx.getNodeParameter('choices.choice', itemIndex, []) as IDataObject[]);
	if (!Array.isArray(rows)) fail(ctx, 'must be a JSON array of choices', field, itemIndex);
	const choices = rows.map((row: unknown, index: number) => {
		const entry = (row && typeof row === 'object' ? row : { title: row }) as IDataObject;
		const title = String(entry.title ?? '').trim();
		if (!title) fail(ctx, `→ choice ${index + 1} has no title`, field, itemIndex);
		const image = String(entry.image ?? '').trim();
		if (!image) return { title };
		const checked = checkMediaResource(image);
		return { title, image: checked.ok ? checked.value : fail(ctx, `→ choice ${index + 1} ("${title}"): image ${checked.problem}`, field, itemIndex) };
	});
	if (choices.length < 2) fail(ctx, 'needs at least two choices', field, itemIndex);
	const titles = choices.map((choice) => choice.title);
	const twice = titles.find((title, index) => titles.indexOf(title) !== index);
	if (twice) fail(ctx, `has the choice "${twice}" twice`, field, itemIndex);
	return choices;
}

function customProperties(ctx: Ctx, itemIndex: number): IDataObject[] {
	const field = 'Properties (JSON)';
	let parsed = parsedJson(ctx, 'properties', field, itemIndex);
	// The whole actionBody pasted from the reference is fine too.
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Array.isArray((parsed as IDataObject).properties)) {
		parsed = (parsed as IDataObject).properties;
	}
	if (!Array.isArray(parsed)) fail(ctx, 'must be a JSON array of {"name", "type", "value"} objects', field, itemIndex);
	return (parsed as unknown[]).map((raw, index) => {
		const where = `→ property ${index + 1}`;
		if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(ctx, `${where} is not an object`, field, itemIndex);
		const property = raw as IDataObject;
		const name = typeof property.name === 'string' ? property.name.trim() : '';
		if (!name) fail(ctx, `${where} has no name`, field, itemIndex);
		const type = PROPERTY_TYPES.find((candidate) => candidate.toLowerCase() === String(property.type ?? '').trim().toLowerCase());
		if (!type) fail(ctx, `${where} ("${name}") has type "${String(property.type ?? '')}"; use one of ${PROPERTY_TYPES.join(', ')}`, field, itemIndex);
		if (property.value === undefined || property.value === null) fail(ctx, `${where} ("${name}") has no value`, field, itemIndex);
		const value = typeof property.value === 'string' ? property.value : JSON.stringify(property.value);
		return { name, type, value };
	});
}

function meetingPlace(ctx: Ctx, options: IDataObject, itemIndex: number): IDataObject | undefined {
	const hasLatitude = options.placeLatitude !== undefined;
	const hasLongitude = options.placeLongitude !== undefined;
	if (!hasLatitude && !hasLongitude && !options.placeName) return undefined;
	if (!hasLatitude) fail(ctx, 'is needed for a place (with the longitude)', 'Place Latitude', itemIndex);
	if (!hasLongitude) fail(ctx, 'is needed for a place (with the latitude)', 'Place Longitude', itemIndex);
	return {
		latitude: valid(ctx, checkNumberInRange(options.placeLatitude, -90, 90), 'Place Latitude', itemIndex),
		longitude: valid(ctx, checkNumberInRange(options.placeLongitude, -180, 180), 'Place Longitude', itemIndex),
		name: String(options.placeName ?? '').trim(),
	};
}

/** ISO 8601 to the second, as the reference writes times (2018-01-01T00:00:00Z). */
function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `{ actionType | id, actionBody }` for the chosen type. */
export function actionRequest(ctx: Ctx, type: string, itemIndex: number): IDataObject {
	switch (type) {
		case 'Announcement': {
			const title = requiredText(ctx, 'title', 'Title', itemIndex);
			const message = messageTextParameter(ctx, 'message', 'Message', itemIndex);
			const mediaResources = valid(ctx, checkMediaResourceList(ctx.getNodeParameter('mediaResources', itemIndex, '')), 'Images', itemIndex);
			return { actionType: 'Announcement', actionBody: { title, message, ...(mediaResources.length ? { mediaResources } : {}) } };
		}
		case 'attachment': {
			const attachmentType = String(ctx.getNodeParameter('attachmentType', itemIndex, 'Image'));
			if (!ATTACHMENT_TYPES.includes(attachmentType)) {
				fail(ctx, `is "${attachmentType}"; use one of ${ATTACHMENT_TYPES.join(', ')}`, 'Attachment Type', itemIndex);
			}
			const mediaResource = valid(ctx, checkMediaResource(ctx.getNodeParameter('mediaResource', itemIndex, '')), 'Media Resource', itemIndex);
			const caption = optionalText(ctx, 'caption', 'Caption', itemIndex);
			return { actionType: attachmentType, actionBody: { mediaResource, caption } };
		}
		case 'Job': {
			const title = requiredText(ctx, 'title', 'Title', itemIndex);
			const assignedTo = phoneListParameter(ctx, 'assignedTo', 'Assignees', itemIndex, { required: true });
			return { actionType: 'Job', actionBody: { title, assignedTo, dueDate: dueHours(ctx, itemIndex) } };
		}
		case 'Poll': {
			const question = requiredText(ctx, 'question', 'Question', itemIndex);
			const choices = pollChoices(ctx, itemIndex);
			const options = ctx.getNodeParameter('pollOptions', itemIndex, {}) as IDataObject;
			const actionBody: IDataObject = { question, choices };
			if (options.expiryInHours !== undefined) actionBody.expiryInHours = wholeHours(ctx, options.expiryInHours, 'Expires In (Hours)', itemIndex);
			return { actionType: 'Poll', actionBody };
		}
		case 'Survey': {
			const title = requiredText(ctx, 'title', 'Title', itemIndex);
			const questions = surveyQuestions(ctx, itemIndex);
			const dueDate = dueHours(ctx, itemIndex);
			const options = ctx.getNodeParameter('surveyOptions', itemIndex, {}) as IDataObject;
			return {
				actionType: 'Survey',
				actionBody: {
					title,
					dueDate,
					isAnonymous: options.isAnonymous === true,
					isSenderOnly: options.isSenderOnly === true,
					acceptMultipleResponses: options.acceptMultipleResponses === true,
					questions,
				},
			};
		}
		case 'LetsMeet': {
			const title = requiredText(ctx, 'title', 'Title', itemIndex);
			const start = valid(ctx, checkDateTime(ctx.getNodeParameter('startingTime', itemIndex, '')), 'Starts At', itemIndex);
			const durationInMins = valid(ctx, checkNumberInRange(ctx.getNodeParameter('durationInMins', itemIndex, 30), 1, 60 * 24 * 31), 'Duration (Minutes)', itemIndex);
			if (!Number.isInteger(durationInMins)) fail(ctx, `is ${durationInMins}; use whole minutes`, 'Duration (Minutes)', itemIndex);
			const agenda = optionalText(ctx, 'agenda', 'Agenda', itemIndex);
			const options = ctx.getNodeParameter('meetingOptions', itemIndex, {}) as IDataObject;
			const place = meetingPlace(ctx, options, itemIndex);
			const actionBody: IDataObject = { title, startingTime: isoSeconds(start), durationInMins };
			if (agenda) actionBody.agenda = agenda;
			if (place) actionBody.place = place;
			if (options.isSenderOnly !== undefined) actionBody.isSenderOnly = options.isSenderOnly === true;
			return { actionType: 'LetsMeet', actionBody };
		}
		case 'custom': {
			const id = requiredText(ctx, 'packageId', 'Action Package ID', itemIndex);
			const properties = customProperties(ctx, itemIndex);
			const options = ctx.getNodeParameter('customOptions', itemIndex, {}) as IDataObject;
			const actionBody: IDataObject = { properties };
			if (typeof options.title === 'string' && options.title.trim()) actionBody.title = options.title.trim();
			if (options.validity !== undefined) actionBody.validity = wholeHours(ctx, options.validity, 'Valid For (Hours)', itemIndex);
			return { id, actionBody };
		}
		default:
			return fail(ctx, `"${type}" is not a type this node can send`, 'Action Type', itemIndex);
	}
}
