/**
 * The Kaizala action types the API can post, each as one definition: how its `actionBody` is
 * validated and normalised (actions_post), how it looks in listings (actions_get) and details
 * (actionDetails), and which webhook event its creation raises (EventSchema).
 */
import type { Principal } from '../auth/accessControl';
import { invalidRequest } from '../errors';
import { resolveMediaResource } from '../media/mediaResource';
import type { ActionKind, ActionRecord, GroupRecord, SandboxState, WebhookEventType } from '../state';
import { findUserByPhone, membershipOf } from '../stateQueries';
import {
	MAX_TEXT_LENGTH,
	field,
	optionalArray,
	optionalBoolean,
	optionalNumber,
	optionalString,
	phoneList,
	requireArray,
	requireObject,
	requireString,
	type JsonObject,
} from '../validation';

const HOUR_MS = 60 * 60 * 1000;

export interface ActionContext {
	state: SandboxState;
	group: GroupRecord;
	principal: Principal;
	now: number;
}

export interface ParsedAction {
	body: Record<string, unknown>;
	expiresAt?: number;
}

export interface CreatedEvent {
	eventType: WebhookEventType;
	genericEventType?: WebhookEventType;
	data: Record<string, unknown>;
}

export interface ActionTypeDefinition {
	kind: ActionKind;
	/** GET /actions?actionType= lists this type (the reference's "GET Supported" column). */
	listable: boolean;
	/** POST .../responses accepts responses for this type. */
	respondable: boolean;
	parse(actionBody: JsonObject, context: ActionContext): ParsedAction;
	/** The `actionBody` of a listing entry. */
	summary(action: ActionRecord, state: SandboxState): Record<string, unknown>;
	created(action: ActionRecord, state: SandboxState): CreatedEvent;
}

/** Kaizala's timestamps in listings: ISO 8601 to the second, e.g. 2017-12-20T08:33:51Z. */
export function isoSeconds(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function responsesTo(state: SandboxState, actionId: string) {
	return state.responses.filter((response) => response.actionId === actionId);
}

function hoursOption(body: JsonObject, name: string, fallback: number): number {
	return optionalNumber(body, name, { min: 0.01, max: 24 * 365 * 10 }) ?? fallback;
}

function mediaList(state: SandboxState, resources: string[], label: string) {
	return resources.flatMap((resource, index) =>
		resolveMediaResource(state, resource, `'${label}[${index}]'`).files.map((file) => ({ url: file.url, fileName: file.fileName })),
	);
}

function actionIdAnd(action: ActionRecord, fields: Record<string, unknown>): Record<string, unknown> {
	return { actionId: action.actionId, ...fields };
}

const announcement: ActionTypeDefinition = {
	kind: 'Announcement',
	listable: false,
	respondable: false,
	parse(body, { state }) {
		const mediaResources = (optionalArray(body, 'mediaResources') ?? []).map((value, index) => {
			if (typeof value !== 'string') throw invalidRequest(`'MediaResources[${index}]' must be a string`);
			return value;
		});
		mediaList(state, mediaResources, 'MediaResources');
		return {
			body: {
				title: optionalString(body, 'title', { allowEmpty: true, maxLength: 256 }) ?? '',
				message: requireString(body, 'message', { maxLength: MAX_TEXT_LENGTH }),
				mediaResources,
			},
		};
	},
	summary: (action) => actionIdAnd(action, { title: action.body.title, message: action.body.message }),
	created: (action, state) => ({
		eventType: 'Announcement',
		data: {
			title: action.body.title,
			text: action.body.message,
			media: mediaList(state, action.body.mediaResources as string[], 'MediaResources'),
		},
	}),
};

const job: ActionTypeDefinition = {
	kind: 'Job',
	listable: true,
	respondable: true,
	parse(body, { state, group, now }) {
		const title = requireString(body, 'title', { maxLength: 256 });
		const assignedTo = phoneList(requireArray(body, 'assignedTo', { minItems: 1 }), 'assignedTo');
		const outsiders = assignedTo.filter((phone) => {
			const user = findUserByPhone(state, phone);
			return !user || !membershipOf(state, group.groupId, user.userId);
		});
		if (outsiders.length > 0) {
			throw invalidRequest(`Jobs can be assigned to group members only; not members of '${group.groupName}': ${outsiders.join(', ')}`, 'NotGroupMember');
		}
		const dueInHours = hoursOption(body, 'dueDate', 24);
		return { body: { title, assignedTo, dueInHours }, expiresAt: now + dueInHours * HOUR_MS };
	},
	summary(action, state) {
		const assignees = action.body.assignedTo as string[];
		const completed = responsesTo(state, action.actionId).filter((response) => response.body.isCompleted === true).length;
		return actionIdAnd(action, {
			title: action.body.title,
			assigneeCount: assignees.length,
			responseCount: completed,
			isCompleted: completed === assignees.length,
		});
	},
	created: (action) => ({
		eventType: 'JobCreated',
		genericEventType: 'ActionCreated',
		data: {
			assignedTo: action.body.assignedTo,
			title: action.body.title,
			dueDate: isoSeconds(action.expiresAt ?? action.sentAt),
			actionId: action.actionId,
			groupId: action.groupId,
		},
	}),
};

const poll: ActionTypeDefinition = {
	kind: 'Poll',
	listable: true,
	respondable: false,
	parse(body, { state, now }) {
		const question = requireString(body, 'question', { maxLength: MAX_TEXT_LENGTH });
		const choices = requireArray(body, 'choices', { minItems: 2 }).map((value, index) => {
			const choice = requireObject(value, `'choices[${index}]'`);
			const title = requireString(choice, 'title', { maxLength: 256 });
			const image = optionalString(choice, 'image');
			if (image === undefined) return { title };
			const [file] = resolveMediaResource(state, image, `'choices[${index}].image'`).files;
			return { title, image: file.url };
		});
		const expiryInHours = hoursOption(body, 'expiryInHours', 720);
		return {
			body: { question, choices, expiryInHours, isSenderOnly: optionalBoolean(body, 'isSenderOnly') ?? false },
			expiresAt: now + expiryInHours * HOUR_MS,
		};
	},
	summary: (action) =>
		actionIdAnd(action, {
			question: action.body.question,
			isSenderOnly: action.body.isSenderOnly,
			expiryDate: isoSeconds(action.expiresAt ?? action.sentAt),
			choices: action.body.choices,
		}),
	created: (action, state) => ({ eventType: 'ActionCreated', data: { actionType: 'Poll', groupId: action.groupId, ...poll.summary(action, state) } }),
};

const QUESTION_TYPES = ['SingleOption', 'MultiOption', 'Text', 'Image', 'Numeric', 'Date', 'DateTime', 'Location', 'AttachmentList'];

function canonical(value: string, allowed: string[], label: string): string {
	const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
	if (!match) throw invalidRequest(`${label} must be one of ${allowed.join(', ')}; got '${value}'`);
	return match;
}

function parseQuestions(body: JsonObject): Record<string, unknown>[] {
	return requireArray(body, 'questions', { minItems: 1 }).map((value, index) => {
		const question = requireObject(value, `'questions[${index}]'`);
		const type = canonical(requireString(question, 'type'), QUESTION_TYPES, `'questions[${index}].type'`);
		const options = (optionalArray(question, 'options') ?? []).map((option, optionIndex) => ({
			title: requireString(requireObject(option, `'questions[${index}].options[${optionIndex}]'`), 'title'),
		}));
		if ((type === 'SingleOption' || type === 'MultiOption') && options.length === 0) {
			throw invalidRequest(`'questions[${index}].options' is required for ${type} questions`);
		}
		return { title: requireString(question, 'title', { maxLength: 1000 }), type, isInvisible: optionalBoolean(question, 'isInvisible') ?? false, options };
	});
}

const survey: ActionTypeDefinition = {
	kind: 'Survey',
	listable: true,
	respondable: true,
	parse(body, { now }) {
		const dueInHours = hoursOption(body, 'dueDate', 24);
		return {
			body: {
				title: requireString(body, 'title', { maxLength: 256 }),
				dueInHours,
				isAnonymous: optionalBoolean(body, 'isAnonymous') ?? false,
				isSenderOnly: optionalBoolean(body, 'isSenderOnly') ?? false,
				acceptMultipleResponses: optionalBoolean(body, 'acceptMultipleResponses') ?? false,
				questions: parseQuestions(body),
			},
			expiresAt: now + dueInHours * HOUR_MS,
		};
	},
	summary: (action, state) =>
		actionIdAnd(action, {
			title: action.body.title,
			responseCount: responsesTo(state, action.actionId).length,
			expiryDate: isoSeconds(action.expiresAt ?? action.sentAt),
		}),
	created: (action) => ({
		eventType: 'SurveyCreated',
		genericEventType: 'ActionCreated',
		data: {
			actionId: action.actionId,
			groupId: action.groupId,
			title: action.body.title,
			isAnonymous: action.body.isAnonymous,
			expiryDate: isoSeconds(action.expiresAt ?? action.sentAt),
			questions: action.body.questions,
		},
	}),
};

function parsePlace(value: unknown, label: string): Record<string, unknown> {
	const place = requireObject(value, label);
	const latitude = optionalNumber(place, 'latitude', { min: -90, max: 90 });
	const longitude = optionalNumber(place, 'longitude', { min: -180, max: 180 });
	if (latitude === undefined || longitude === undefined) throw invalidRequest(`${label} needs latitude and longitude`);
	return { latitude, longitude, name: optionalString(place, 'name', { allowEmpty: true }) ?? '' };
}

const letsMeet: ActionTypeDefinition = {
	kind: 'LetsMeet',
	listable: true,
	respondable: false,
	parse(body) {
		const startingTime = field(body, 'startingTime');
		const start = typeof startingTime === 'number' ? startingTime : typeof startingTime === 'string' ? Date.parse(startingTime) : NaN;
		if (!Number.isFinite(start)) throw invalidRequest("'startingTime' is required: an ISO 8601 date-time such as 2018-01-01T00:00:00Z");
		// The reference names the duration both DurationInMins and duration.
		const duration = optionalNumber(body, 'durationInMins', { min: 1, integer: true }) ?? optionalNumber(body, 'duration', { min: 1, integer: true }) ?? 30;
		const place = field(body, 'place');
		return {
			body: {
				title: requireString(body, 'title', { maxLength: 256 }),
				startingTime: isoSeconds(start),
				duration,
				agenda: optionalString(body, 'agenda', { allowEmpty: true, maxLength: MAX_TEXT_LENGTH }) ?? '',
				isSenderOnly: optionalBoolean(body, 'isSenderOnly') ?? false,
				...(place === undefined || place === null ? {} : { place: parsePlace(place, "'place'") }),
			},
		};
	},
	summary: (action) => actionIdAnd(action, { ...action.body }),
	created: (action, state) => ({ eventType: 'ActionCreated', data: { actionType: 'LetsMeet', groupId: action.groupId, ...letsMeet.summary(action, state) } }),
};

function mediaAction(kind: 'Image' | 'Audio' | 'Document' | 'Video' | 'Album', listable: boolean): ActionTypeDefinition {
	return {
		kind,
		listable,
		respondable: false,
		parse(body, { state }) {
			const mediaResource = field(body, 'mediaResource');
			const media = resolveMediaResource(state, mediaResource, "'mediaResource'");
			const fits = kind === 'Album' ? media.files.every((file) => file.mediaType === 'Image') : media.files.every((file) => file.mediaType === kind);
			if (!fits) throw invalidRequest(`The mediaResource holds ${media.type} files, which a ${kind} action cannot carry`);
			return {
				body: {
					mediaResource,
					caption: optionalString(body, 'caption', { allowEmpty: true, maxLength: MAX_TEXT_LENGTH }) ?? '',
					files: media.files.map((file) => ({ mediaId: file.mediaId, url: file.url, fileName: file.fileName })),
				},
			};
		},
		summary(action) {
			const files = action.body.files as { url: string; fileName: string }[];
			if (kind === 'Image') return { imageUrl: files[0]?.url ?? '' };
			if (kind === 'Album') return { imageUrls: files.map((file) => file.url) };
			return { mediaUrl: files[0]?.url ?? '', fileName: files[0]?.fileName ?? '' };
		},
		created: (action) => ({
			eventType: 'AttachmentCreated',
			data: {
				media: (action.body.files as { url: string; fileName: string }[]).map((file) => ({ mediaUrl: file.url, mediaFileName: file.fileName })),
				actionType: kind,
				caption: action.body.caption,
			},
		}),
	};
}

const PROPERTY_TYPES = ['Text', 'Numeric', 'Location', 'DateTime', 'StringList', 'Attachment', 'StringSet', 'AttachmentList'];

/** An instance of a custom Action package (`id` instead of `actionType`). */
export const customAction: ActionTypeDefinition = {
	kind: 'Custom',
	listable: true,
	respondable: true,
	parse(body, { now }) {
		const properties = (optionalArray(body, 'properties') ?? []).map((value, index) => {
			const property = requireObject(value, `'properties[${index}]'`);
			return {
				name: requireString(property, 'name'),
				type: canonical(requireString(property, 'type'), PROPERTY_TYPES, `'properties[${index}].type'`),
				value: field(property, 'value') ?? '',
			};
		});
		const validityHours = optionalNumber(body, 'validity', { min: 0.01 });
		const title = optionalString(body, 'title', { allowEmpty: true, maxLength: 256 });
		return {
			body: { ...body, ...(title !== undefined ? { title } : {}), properties },
			...(validityHours !== undefined ? { expiresAt: now + validityHours * HOUR_MS } : {}),
		};
	},
	summary: (action, state) =>
		actionIdAnd(action, {
			packageId: action.packageId,
			title: action.body.title ?? '',
			properties: action.body.properties,
			responseCount: responsesTo(state, action.actionId).length,
		}),
	created: (action, state) => ({ eventType: 'ActionCreated', data: { groupId: action.groupId, ...customAction.summary(action, state) } }),
};

/** Types that exist in Kaizala but cannot be posted through the API; listable when seeded. */
function seededOnly(kind: 'PhotoWithLocation' | 'ShareLocation'): ActionTypeDefinition {
	return {
		kind,
		listable: true,
		respondable: false,
		parse() {
			throw invalidRequest(`${kind} actions cannot be posted through the API`, 'UnsupportedActionType');
		},
		summary: (action) => ({ ...action.body }),
		created: () => ({ eventType: 'ActionCreated', data: {} }),
	};
}

export const ACTION_TYPES: ActionTypeDefinition[] = [
	announcement,
	job,
	poll,
	survey,
	letsMeet,
	mediaAction('Image', true),
	mediaAction('Audio', false),
	mediaAction('Document', true),
	mediaAction('Video', false),
	mediaAction('Album', false),
	seededOnly('PhotoWithLocation'),
	seededOnly('ShareLocation'),
	customAction,
];

/** The built-in type named by an `actionType` value, case-insensitively ('Let's Meet' spelled LetsMeet). */
export function builtInActionType(name: string): ActionTypeDefinition | undefined {
	const wanted = name.replace(/[^a-z]/gi, '').toLowerCase();
	return ACTION_TYPES.find((definition) => definition.kind !== 'Custom' && definition.kind.toLowerCase() === wanted);
}

export function definitionOf(action: ActionRecord): ActionTypeDefinition {
	return ACTION_TYPES.find((definition) => definition.kind === action.kind) ?? customAction;
}

export function postableTypeNames(): string[] {
	return ACTION_TYPES.filter((definition) => definition.kind !== 'Custom' && definition.kind !== 'PhotoWithLocation' && definition.kind !== 'ShareLocation').map(
		(definition) => definition.kind,
	);
}
