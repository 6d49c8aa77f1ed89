/**
 * Answer In → Card: the question as a native Kaizala survey card with one single-choice question
 * whose choices are the approval labels. The execution then waits on the card's webhook exactly
 * as Action → Send and Wait for Responses does (its registration and read-back are reused); the
 * answers are judged in decision.ts.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../helpers/descriptions';
import { WAIT_INDEFINITELY } from 'n8n-workflow';

import { validOrThrow } from '../../../helpers/items';
import type { Checked } from '../../../helpers/validation';
import { checkGuid, MAX_TITLE_LENGTH } from '../../../helpers/validation';
import { isSkipped, sendOnce } from '../../../sendOnce';
import { kaizalaApiRequest } from '../../../transport';
import { actionReadBack } from '../../action/readBack';
import type { AwaitedAction } from '../../action/sendAndWaitForResponses/awaited';
import { registerWhenWaiting } from '../../action/sendAndWaitForResponses/registration';
import { approverPhones, encodeApprovers } from './approvers';

export const answerInField = (show: Show): INodeProperties => ({
	displayName: 'Answer In',
	name: 'answerIn',
	type: 'options',
	default: 'links',
	options: [
		{ name: 'Links', value: 'links', description: 'Approve / Decline links below the message; whoever holds a link can answer' },
		{
			name: 'Card (Answer in Kaizala)',
			value: 'card',
			description: 'A survey card answered inside Kaizala; the output names who decided, and the decision can be limited to some members',
		},
	],
	displayOptions: { show: { ...show, responseType: ['approval'] } },
});

export const cardOptionsField = (show: Show): INodeProperties => ({
	displayName: 'Card Options',
	name: 'cardOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	displayOptions: { show },
	options: [
		{
			displayName: 'Announce the Decision',
			name: 'announceDecision',
			type: 'boolean',
			default: false,
			description: 'Whether to post a message with the outcome and who decided (Kaizala cannot edit a sent card)',
		},
		{
			displayName: 'Unauthorized Reply',
			name: 'unauthorizedReply',
			type: 'string',
			default: '',
			placeholder: 'e.g. Only the site leads can approve this',
			description:
				'Sent only to a member outside the approvers who answers. Kaizala can address one person only as a subscriber of a public group, so in a regular group nothing is sent.',
		},
	],
});

/** Kaizala's survey question title and action title limits. */
const MAX_QUESTION_LENGTH = 1000;
/** Kaizala counts due times in whole hours, up to ten years. */
const MAX_DUE_HOURS = 24 * 365 * 10;
const HOUR_MS = 3_600_000;

/** The card's due time: the wait limit rounded up to whole hours; ten years without a limit. Pure. */
export function cardDueHours(until: Date, now: number): number {
	if (until.getTime() === WAIT_INDEFINITELY.getTime()) return MAX_DUE_HOURS;
	return Math.min(MAX_DUE_HOURS, Math.max(1, Math.ceil((until.getTime() - now) / HOUR_MS)));
}

/** The card's question: the message, which Kaizala takes up to 1,000 characters here. Pure. */
export function checkCardQuestion(question: string): Checked<string> {
	const text = question.trim();
	if (text.length > MAX_QUESTION_LENGTH) {
		return { ok: false, problem: `is ${text.length} characters; a card's question takes at most ${MAX_QUESTION_LENGTH}` };
	}
	return { ok: true, value: text };
}

/** The Action → Send body of the card (a Survey with one single-choice question). Pure. */
export function cardRequest(question: string, labels: string[], dueHours: number): IDataObject {
	const firstLine = question.split('\n')[0].trim();
	const title = firstLine.length > MAX_TITLE_LENGTH ? `${firstLine.slice(0, MAX_TITLE_LENGTH - 1)}…` : firstLine;
	return {
		actionType: 'Survey',
		actionBody: {
			title,
			dueDate: dueHours,
			isAnonymous: false,
			isSenderOnly: false,
			acceptMultipleResponses: false,
			questions: [{ title: question, type: 'SingleOption', options: labels.map((label) => ({ title: label })) }],
		},
	};
}

/**
 * The URL Kaizala calls. n8n 2.41 treats a waiting URL whose path names a `sendAndWait` node as a
 * signed answer link and checks its whole query, which Kaizala's validationToken would break; a
 * URL without the node in its path, carrying `signature={resumeToken}/{nodeId}`, is checked by
 * the execution's resume token instead and still reaches this node's webhook. n8n 1.x has no
 * resume token (its resume URL has no `signature`) and checks no signature unless the node asks,
 * which the card way does not: there the node's id goes in the path.
 */
export function cardCallbackUrl(ctx: IExecuteFunctions, awaited: AwaitedAction): string {
	const url = new URL(String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
	const nodeId = ctx.getNode().id;
	const resumeToken = url.searchParams.get('signature');
	if (resumeToken === null) url.pathname = `${url.pathname.replace(/\/$/, '')}/${encodeURIComponent(nodeId)}`;
	else url.searchParams.set('signature', `${resumeToken}/${nodeId}`);
	url.searchParams.set('groupId', awaited.groupId);
	url.searchParams.set('actionId', awaited.actionId);
	if (awaited.approvers !== undefined) url.searchParams.set('approvers', awaited.approvers);
	return url.toString();
}

export interface CardToSend {
	groupId: string;
	question: string;
	labels: string[];
	audience: IDataObject;
	until: Date;
}

/** Sends the card (once per idempotency key), puts the execution to wait and registers the webhook. */
export async function sendCardAndWait(ctx: IExecuteFunctions, itemIndex: number, card: CardToSend): Promise<INodeExecutionData[]> {
	const item = { json: ctx.getInputData()[itemIndex].json };
	const question = validOrThrow(ctx, checkCardQuestion(card.question), 'Message', itemIndex);
	const approvers = await approverPhones(ctx, card.groupId, itemIndex);
	const body = { ...cardRequest(question, card.labels, cardDueHours(card.until, Date.now())), ...card.audience };
	const post = async (): Promise<INodeExecutionData[]> => {
		const response = (await kaizalaApiRequest.call(
			ctx,
			{ method: 'POST', path: `groups/${card.groupId}/actions`, body, resolveAmbiguous: actionReadBack(ctx, card.groupId, body, itemIndex) },
			itemIndex,
		)) as IDataObject;
		return [{ json: response }];
	};
	const [sent] = await sendOnce(ctx, itemIndex, post);
	// Sent (and waited for) by an earlier run with this idempotency key.
	if (isSkipped(sent)) return [sent];
	const actionId = validOrThrow(ctx, checkGuid(sent.json.actionId), "actionId (in Kaizala's answer)", itemIndex);
	const awaited: AwaitedAction = { groupId: card.groupId, actionId, ...(approvers.length > 0 ? { approvers: encodeApprovers(approvers) } : {}) };
	await ctx.putExecutionToWait(card.until);
	const validity = card.until.getTime() === WAIT_INDEFINITELY.getTime() ? undefined : card.until.getTime();
	void registerWhenWaiting(ctx, awaited, cardCallbackUrl(ctx, awaited), validity, 1);
	return [item];
}
