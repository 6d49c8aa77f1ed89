/**
 * Answer In → Card, the waiting side: Kaizala's deliveries for the card (and the node's own
 * read-back request) are judged here. The first answer from an allowed member decides; answers
 * from anyone else are kept in the output's history as ignored and the execution keeps waiting.
 * What came before is read from Kaizala's list of the card's responses, so nothing has to be
 * remembered between deliveries.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { kaizalaApiRequest } from '../../../transport';
import { answerValidation, hasCallbackToken, isValidationRequest, reply } from '../../../webhooks/callback';
import { eventsFromBody } from '../../../webhooks/events';
import type { AwaitedAction } from '../../action/sendAndWaitForResponses/awaited';
import { callbackTokenFor, isReadBackRequest, listedResponses, RESPONSE_EVENTS } from '../../action/sendAndWaitForResponses/awaited';
import { awaitedFromQuery, claimResume } from '../../action/sendAndWaitForResponses/resume';
import { decodeApprovers, mayDecide, memberPhones } from './approvers';

/** One approval option: its label on the card (or link) and what it means. */
export interface Choice {
	label: string;
	approved: boolean;
}

/** One answer on the card, from a delivery or from Kaizala's list of responses. */
export interface CardAnswer {
	responseId: string;
	responder: string;
	responderName: string;
	answer: string;
	respondedAt: string;
}

export interface HistoryEntry extends CardAnswer {
	ignored: boolean;
}

export interface Decision {
	choice: Choice;
	by: CardAnswer;
	history: HistoryEntry[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A single-choice answer: the label itself, or (defensively) a list holding it. */
const labelOf = (answer: unknown): string => text(Array.isArray(answer) ? answer[0] : answer);

function isoTime(value: unknown, fallback: string): string {
	const time = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isFinite(time) ? new Date(time).toISOString() : fallback;
}

/** The answer in a SurveyResponse event (EventSchema.md: responseWithQuestions, the hidden ResponseTime). Pure. */
export function answerFromEvent(event: IDataObject, receivedAt: string): CardAnswer {
	const data = (event.data ?? {}) as IDataObject;
	const questions = ((data.responseDetails as IDataObject | undefined)?.responseWithQuestions ?? []) as IDataObject[];
	const visible = questions.find((question) => question.isInvisible !== true);
	const responseTime = questions.find((question) => question.isInvisible === true && question.title === 'ResponseTime')?.answer;
	return {
		responseId: text(data.responseId),
		responder: text(data.responder),
		responderName: text(data.responderName),
		answer: labelOf(visible?.answer),
		respondedAt: isoTime(data.respondedAt ?? responseTime, receivedAt),
	};
}

/** The answer in Kaizala's list of the card's responses (GET the action with details). Pure. */
export function answerFromListed(response: IDataObject, fallbackTime: string): CardAnswer {
	const answers = Array.isArray(response.answers) ? response.answers : [];
	return {
		responseId: text(response.responseId),
		responder: text(response.responder),
		responderName: text(response.responderName),
		answer: labelOf(answers[0]),
		respondedAt: isoTime(response.lastUpdatedAt ?? response.submittedAt ?? response.respondedAt, fallbackTime),
	};
}

/** The listed answers with the delivered ones in place of their older versions (or after them). Pure. */
export function mergeAnswers(listed: CardAnswer[], delivered: CardAnswer[]): CardAnswer[] {
	const merged = [...listed];
	for (const answer of delivered) {
		const index = merged.findIndex((known) => known.responseId !== '' && known.responseId === answer.responseId);
		if (index >= 0) merged[index] = answer;
		else merged.push(answer);
	}
	return merged;
}

/** The first answer from a member who may decide, with a label the card offers; the rest as history. Pure. */
export function decide(answers: CardAnswer[], choices: Choice[], approvers: string[]): { decision?: Decision; history: HistoryEntry[] } {
	const history = answers.map((answer) => ({ ...answer, ignored: !mayDecide(answer.responder, approvers) }));
	for (const entry of history) {
		const choice = choices.find((candidate) => candidate.label === entry.answer);
		if (!entry.ignored && choice) return { decision: { choice, by: entry, history }, history };
	}
	return { history };
}

/** The node's output for a decision on the card. */
export function decisionData(decision: Decision, awaited: AwaitedAction, responderUserId: string): IDataObject {
	const { choice, by, history } = decision;
	return {
		approved: choice.approved,
		answer: choice.label,
		answeredIn: 'card',
		responder: by.responder,
		responderUserId,
		responderName: by.responderName,
		respondedAt: by.respondedAt,
		groupId: awaited.groupId,
		actionId: awaited.actionId,
		responseId: by.responseId,
		history: history.map((entry) => ({ ...entry })),
	};
}

/** Kaizala addresses single people only as subscribers of a public group (the card went to subscribers). */
const inPublicGroup = (ctx: IWebhookFunctions) => ctx.getNodeParameter('audience', 'group') !== 'group';

/** Sends `message` to these people (public group) or the group conversation; a failure is only logged. */
async function postMessage(ctx: IWebhookFunctions, awaited: AwaitedAction, message: string, subscribers?: string[]): Promise<void> {
	try {
		await kaizalaApiRequest.call(ctx, {
			method: 'POST',
			path: `groups/${awaited.groupId}/messages`,
			body: subscribers === undefined ? { message } : { message, subscribers },
		});
	} catch (error) {
		ctx.logger.warn('Kaizala: could not send a message about the card', { actionId: awaited.actionId, error: (error as Error)?.message });
	}
}

/** Unauthorized Reply, to each outsider of this delivery (public groups only, see the option). */
async function replyToOutsiders(ctx: IWebhookFunctions, awaited: AwaitedAction, delivered: CardAnswer[], approvers: string[]): Promise<void> {
	const options = ctx.getNodeParameter('cardOptions', {}) as IDataObject;
	const message = text(options.unauthorizedReply).trim();
	const outsiders = [...new Set(delivered.map((answer) => answer.responder).filter((phone) => phone !== '' && !mayDecide(phone, approvers)))];
	if (message === '' || outsiders.length === 0 || !inPublicGroup(ctx)) return;
	await postMessage(ctx, awaited, message, outsiders);
}

/**
 * The question's first line for the announcement; '' when the Message is an expression this
 * webhook cannot evaluate (an agent's review message reads `$tool`), as the execution is resumed
 * regardless.
 */
function questionLine(ctx: IWebhookFunctions): string {
	try {
		return String(ctx.getNodeParameter('message', '')).split('\n')[0].trim();
	} catch (error) {
		ctx.logger.debug('Kaizala: the decision is announced without the question', { error: (error as Error)?.message });
		return '';
	}
}

/** Announce the Decision: the group conversation, or in a public group those who answered the card. */
async function announce(ctx: IWebhookFunctions, awaited: AwaitedAction, decision: Decision): Promise<void> {
	if ((ctx.getNodeParameter('cardOptions', {}) as IDataObject).announceDecision !== true) return;
	const { by, choice } = decision;
	const who = by.responderName ? `${by.responderName} (${by.responder})` : by.responder;
	const message = [questionLine(ctx), `${choice.label}, decided by ${who}.`].filter(Boolean).join('\n');
	const responders = [...new Set(decision.history.map((entry) => entry.responder).filter(Boolean))];
	await postMessage(ctx, awaited, message, inPublicGroup(ctx) ? responders : undefined);
}

export async function cardWebhook(ctx: IWebhookFunctions, choices: Choice[]): Promise<IWebhookResponseData> {
	if (isValidationRequest(ctx)) return answerValidation(ctx);
	if (ctx.getRequestObject().method !== 'POST') return reply(ctx, 405, 'Kaizala events are POSTed here');
	const awaited = awaitedFromQuery(ctx);
	if (!awaited || !hasCallbackToken(ctx, callbackTokenFor(ctx, awaited))) return reply(ctx, 401, 'Unauthorized');

	const body = ctx.getBodyData();
	const receivedAt = new Date().toISOString();
	const delivered = isReadBackRequest(body)
		? []
		: eventsFromBody(body)
				.filter((event) => RESPONSE_EVENTS.includes(String(event.eventType)) && String(event.objectId).toLowerCase() === awaited.actionId)
				.map((event) => answerFromEvent(event, receivedAt));
	if (!isReadBackRequest(body) && delivered.length === 0) return reply(ctx, 200, 'Not a response to the card; still waiting');

	const listed = (await listedResponses(ctx, awaited)).map((response) => answerFromListed(response, receivedAt));
	const approvers = decodeApprovers(awaited.approvers);
	const { decision } = decide(mergeAnswers(listed, delivered), choices, approvers);
	if (!decision) {
		await replyToOutsiders(ctx, awaited, delivered, approvers);
		return reply(ctx, 200, 'Not an answer from someone who may decide; still waiting');
	}
	if (!(await claimResume(ctx, awaited))) return reply(ctx, 200, 'Already resumed by an earlier delivery');
	const responderUserId = await userIdOf(ctx, awaited, decision.by.responder);
	await announce(ctx, awaited, decision);
	reply(ctx, 200, 'Response received');
	return { noWebhookResponse: true, workflowData: [[{ json: { data: decisionData(decision, awaited, responderUserId) } }]] };
}

/** The responder's user id from the group's members (events name only the phone); '' when unknown. */
async function userIdOf(ctx: IWebhookFunctions, awaited: AwaitedAction, phone: string): Promise<string> {
	try {
		for (const [userId, memberPhone] of await memberPhones(ctx, awaited.groupId)) if (memberPhone === phone) return userId;
	} catch (error) {
		// The execution resumes anyway: its webhook is already gone.
		ctx.logger.warn('Kaizala: could not look up the responder\'s user id', { actionId: awaited.actionId, error: (error as Error)?.message });
	}
	return '';
}
