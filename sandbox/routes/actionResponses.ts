/**
 * /groups/{groupId}/actions/{actionId}/responses: respond to a job (mark it completed), a survey
 * or a custom action instance, or update an earlier response by `responseId`. Returns the
 * responseId. Responses are read back through GET .../actions/{actionId}?getDetails=true.
 *
 * Rules: group membership; only a job's assignees may respond to it (403 NotAnAssignee);
 * survey answers are checked against the questions, by index; expired surveys refuse responses.
 * A job keeps one response per assignee, and so does a survey unless acceptMultipleResponses:
 * posting again updates it. Raises JobResponse / SurveyResponse (or ActionResponse).
 */
import type { PlatformRequest, PlatformRoute, SandboxApp } from '../app';
import { isoSeconds } from '../actions/actionTypes';
import { requireGroupAccess } from '../auth/accessControl';
import { forbidden, invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import type { ActionRecord, ResponseRecord, UserRecord } from '../state';
import { field, isJsonObject, optionalBoolean, optionalNumber, optionalString, requireArray, requireObject, type JsonObject } from '../validation';
import { requireAction } from './actions';

interface Question {
	title: string;
	type: string;
	options: { title: string }[];
	isInvisible: boolean;
}

export const actionResponseRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/groups/:groupId/actions/:actionId/responses',
		body: 'json',
		handle(request) {
			const { app, principal, params } = request;
			const group = requireGroupAccess(app.state, principal, params.groupId);
			const action = requireAction(app.state, group.groupId, params.actionId);
			const body = requireObject(request.body);
			checkNamesAction(body, action);
			if (action.kind !== 'Job' && action.kind !== 'Survey' && action.kind !== 'Custom') {
				throw invalidRequest(`${action.kind} actions do not take responses through the API`, 'ResponsesNotSupported');
			}
			const actionBodyValue = field(body, 'actionBody');
			if (actionBodyValue === undefined || actionBodyValue === null) throw invalidRequest("'actionBody' is required");
			const actionBody = requireObject(actionBodyValue, "'actionBody'");
			return { body: { responseId: acceptResponse(request, action, actionBody, optionalString(body, 'responseId')) } };
		},
	},
];

/**
 * The one response path of jobs, surveys and custom actions, for the API route and for the phone
 * view (sandbox/phone) alike: expiry, assignee and answer checks, store, then the webhook event.
 */
export function acceptResponse(request: PlatformRequest, action: ActionRecord, actionBody: JsonObject, responseId?: string): string {
	const { app, principal } = request;
	if (action.kind === 'Survey' && action.expiresAt !== undefined && app.now() >= action.expiresAt) {
		throw invalidRequest('This survey has expired and no longer accepts responses', 'ActionExpired');
	}
	if (action.kind === 'Job' && !(action.body.assignedTo as string[]).includes(principal.user.mobileNumber)) {
		throw forbidden('NotAnAssignee', `Only the job's assignees may respond; ${principal.user.mobileNumber} is not one`);
	}
	const responseBody = action.kind === 'Job' ? parseJobResponse(actionBody) : parseAnswers(actionBody, action);
	const { response, isUpdate } = store(request, action, responseId, responseBody);
	publishResponse(request, action, response, isUpdate);
	return response.responseId;
}

/** A group member's request, as if made from their phone (no connector, no token). */
export function memberRequest(app: SandboxApp, user: UserRecord): PlatformRequest {
	return { app, principal: { connectorId: '', tenantId: '', user, isTenantAdmin: false }, params: {}, query: {}, body: {} };
}

/** `actionType` or `id`, when given, must name this action (its type, id or package id). */
function checkNamesAction(body: JsonObject, action: ActionRecord): void {
	const typeName = optionalString(body, 'actionType');
	const id = optionalString(body, 'id');
	if (typeName === undefined && id === undefined) throw invalidRequest("'actionType' or 'id' is required");
	if (typeName !== undefined && typeName.toLowerCase() !== action.kind.toLowerCase()) {
		throw invalidRequest(`'actionType' is '${typeName}' but this action is a ${action.kind}`);
	}
	if (id !== undefined && id !== action.actionId && id !== action.packageId) {
		throw invalidRequest(`'id' must be this action's id or its action package id`);
	}
}

function parseJobResponse(actionBody: JsonObject): Record<string, unknown> {
	const isCompleted = optionalBoolean(actionBody, 'isCompleted');
	if (isCompleted === undefined) throw invalidRequest("'actionBody.isCompleted' is required");
	return { isCompleted };
}

function parseAnswers(actionBody: JsonObject, action: ActionRecord): Record<string, unknown> {
	const answers = requireArray(actionBody, 'answers');
	if (action.kind === 'Survey') {
		const questions = action.body.questions as Question[];
		if (answers.length !== questions.length) {
			throw invalidRequest(`The survey has ${questions.length} questions; 'answers' has ${answers.length} (one per question, by index)`);
		}
		answers.forEach((answer, index) => checkAnswer(answer, questions[index], index));
	}
	const responseName = optionalString(actionBody, 'responseName', { allowEmpty: true });
	const location = field(actionBody, 'responseLocation');
	return {
		answers,
		...(responseName !== undefined ? { responseName } : {}),
		...(location !== undefined && location !== null ? { responseLocation: parseLocation(location) } : {}),
	};
}

function checkAnswer(answer: unknown, question: Question, index: number): void {
	const label = `'answers[${index}]' (${question.type} question '${question.title}')`;
	const optionTitles = question.options.map((option) => option.title);
	const fail = (expected: string) => invalidRequest(`${label} must be ${expected}`);
	switch (question.type) {
		case 'Text':
		case 'Image':
			if (typeof answer !== 'string') throw fail('a string');
			return;
		case 'SingleOption':
			if (typeof answer !== 'string' || !optionTitles.includes(answer)) throw fail(`one of ${optionTitles.map((t) => `'${t}'`).join(', ')}`);
			return;
		case 'MultiOption':
			if (!Array.isArray(answer) || answer.some((choice) => typeof choice !== 'string' || !optionTitles.includes(choice))) {
				throw fail(`an array of options from ${optionTitles.map((t) => `'${t}'`).join(', ')}`);
			}
			return;
		case 'Numeric':
		case 'Date':
		case 'DateTime':
			if (typeof answer !== 'number' || !Number.isFinite(answer)) throw fail('a number');
			return;
		case 'AttachmentList':
			if (!Array.isArray(answer) || answer.some((item) => typeof item !== 'string')) throw fail('an array of strings');
			return;
		case 'Location':
			if (!isJsonObject(answer)) throw fail('a location object such as {"lt": 1, "lg": 1, "n": "name"}');
			return;
	}
}

function parseLocation(value: unknown): Record<string, unknown> {
	const location = requireObject(value, "'responseLocation'");
	const latitude = optionalNumber(location, 'latitude', { min: -90, max: 90 });
	const longitude = optionalNumber(location, 'longitude', { min: -180, max: 180 });
	if (latitude === undefined || longitude === undefined) throw invalidRequest("'responseLocation' needs latitude and longitude");
	return { latitude, longitude, name: optionalString(location, 'name', { allowEmpty: true }) ?? '' };
}

/** Creates or updates the response; which one follows the rules in the module comment. */
function store(
	{ app, principal }: PlatformRequest,
	action: ActionRecord,
	responseId: string | undefined,
	body: Record<string, unknown>,
): { response: ResponseRecord; isUpdate: boolean } {
	const own = app.state.responses.filter(
		(response) => response.actionId === action.actionId && response.responderUserId === principal.user.userId,
	);
	let existing: ResponseRecord | undefined;
	if (responseId !== undefined) {
		existing = own.find((response) => response.responseId === responseId);
		if (!existing) throw notFound('ResponseNotFound', `No response '${responseId}' of yours to this action`);
	} else if (action.kind === 'Job' || (action.kind === 'Survey' && action.body.acceptMultipleResponses !== true)) {
		existing = own[0];
	}
	const now = app.now();
	if (existing) {
		existing.body = body;
		existing.updatedAt = now;
		return { response: existing, isUpdate: true };
	}
	const response: ResponseRecord = {
		responseId: newId(),
		actionId: action.actionId,
		groupId: action.groupId,
		responderUserId: principal.user.userId,
		body,
		createdAt: now,
		updatedAt: now,
	};
	app.state.responses.push(response);
	return { response, isUpdate: false };
}

function publishResponse({ app, principal }: PlatformRequest, action: ActionRecord, response: ResponseRecord, isUpdate: boolean): void {
	const user = principal.user;
	const common = { actionId: action.actionId, groupId: action.groupId, responseId: response.responseId };
	const target = { groupId: action.groupId, actionId: action.actionId, ...(action.packageId ? { packageId: action.packageId } : {}), actor: user };
	if (action.kind === 'Job') {
		app.publish({
			...target,
			eventType: 'JobResponse',
			genericEventType: 'ActionResponse',
			data: {
				...common,
				responseDetails: {
					response: { assignee: user.mobileNumber, assigneeName: user.name, assigneeProfilePic: user.profilePic, isCompleted: response.body.isCompleted },
				},
			},
		});
		return;
	}
	const anonymous = action.body.isAnonymous === true;
	const questions = (action.body.questions as Question[] | undefined) ?? [];
	const answers = response.body.answers as unknown[];
	app.publish({
		...target,
		eventType: action.kind === 'Survey' ? 'SurveyResponse' : 'ActionResponse',
		genericEventType: 'ActionResponse',
		data: {
			...common,
			isUpdateResponse: isUpdate,
			responder: anonymous ? '' : user.mobileNumber,
			responderName: anonymous ? '' : user.name,
			responderProfilePic: anonymous ? '' : user.profilePic,
			isAnonymous: anonymous,
			responseDetails: {
				responseWithQuestions: [
					...answers.map((answer, index) => ({
						title: questions[index]?.title ?? `Answer ${index + 1}`,
						type: questions[index]?.type ?? 'Text',
						options: questions[index]?.options ?? [],
						answer,
					})),
					// The real payloads carry the response time as an invisible trailing question.
					{ isInvisible: true, title: 'ResponseTime', type: 'DateTime', options: [], answer: response.updatedAt },
				],
			},
			respondedAt: isoSeconds(response.updatedAt),
		},
	});
}

/**
 * A response given in the Kaizala app rather than through the API (sandbox steering): a poll
 * vote (`{ choice: 'Yes' }`), a let's meet reply (`{ attending: true }`), or answers
 * (`{ answers: [...] }`) / a job completion (`{ isCompleted: true }`). Stored like API responses
 * and published as the action's response event.
 */
export function respondInApp(app: SandboxApp, actionId: string, mobileNumber: string, answer: Record<string, unknown>): string {
	const action = app.state.actions.get(actionId);
	if (!action) throw new Error(`respondInApp: no action ${actionId}`);
	const user = [...app.state.users.values()].find((candidate) => candidate.mobileNumber === mobileNumber);
	if (!user) throw new Error(`respondInApp: no user ${mobileNumber}`);
	if (!app.state.members.some((member) => member.groupId === action.groupId && member.userId === user.userId)) {
		throw new Error(`respondInApp: ${mobileNumber} is not a member of the action's group`);
	}
	const request = memberRequest(app, user);
	let body: Record<string, unknown>;
	if (action.kind === 'Job') body = { isCompleted: answer.isCompleted !== false };
	else if (action.kind === 'Poll') body = { answers: [String(answer.choice ?? '')] };
	else if (action.kind === 'LetsMeet') body = { answers: [answer.attending === false ? 'Not attending' : 'Attending'] };
	else body = { answers: Array.isArray(answer.answers) ? answer.answers : [] };
	const { response, isUpdate } = store(request, action, undefined, body);
	publishResponse(request, action, response, isUpdate);
	return response.responseId;
}
