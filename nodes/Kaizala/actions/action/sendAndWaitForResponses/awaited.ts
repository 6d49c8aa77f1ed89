/**
 * The action an execution waits on, as both halves see it: the node that sends it and registers
 * the webhook, and the resume webhook Kaizala calls. docs/ARCHITECTURE.md, "Send and Wait",
 * describes the whole round trip.
 */
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { KaizalaContext } from '../../../transport';
import { kaizalaApiRequest } from '../../../transport';

export const OPERATION = 'sendAndWaitForResponses';

/** The response events of an action webhook (a webhook hears each event once, by its most specific type). */
export const RESPONSE_EVENTS = ['ActionResponse', 'JobResponse', 'SurveyResponse'];

/** Types whose responses Kaizala lists (GET the action with details), so several can be awaited. */
export const LISTED_RESPONSE_TYPES = ['Job', 'Survey', 'custom'];

/** Action types that take responses; announcements and media attachments do not. */
export const TYPES_WITH_RESPONSES = ['Job', 'Poll', 'Survey', 'LetsMeet', 'custom'];

/**
 * The body of the node's own call to its webhook (see postToOwnWaitingWebhook): "read the
 * responses back from Kaizala". It carries no data; what resumes the execution is what Kaizala
 * lists, and the call needs the callback token like any delivery.
 */
export const READ_BACK = { kaizalaNode: 'readBackResponses' };

export function isReadBackRequest(body: unknown): boolean {
	return typeof body === 'object' && body !== null && (body as IDataObject).kaizalaNode === READ_BACK.kaizalaNode;
}

export interface AwaitedAction {
	groupId: string;
	actionId: string;
	/** Message → Send and Wait's card: who may decide (phone numbers, comma-separated), signed into the callback token. */
	approvers?: string;
}

/** The URL Kaizala calls: this node's resume URL with the execution's resume token, naming the action. */
export function callbackUrlFor(ctx: IExecuteFunctions, awaited: AwaitedAction): string {
	const resumeUrl = new URL(String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
	resumeUrl.pathname = `${resumeUrl.pathname.replace(/\/$/, '')}/${encodeURIComponent(ctx.getNode().id)}`;
	resumeUrl.searchParams.set('groupId', awaited.groupId);
	resumeUrl.searchParams.set('actionId', awaited.actionId);
	return resumeUrl.toString();
}

/** The callback token: n8n's signature over this execution, node and action; the same in both contexts. */
export function callbackTokenFor(ctx: IExecuteFunctions | IWebhookFunctions, awaited: AwaitedAction): string {
	const approvers: Record<string, string> = awaited.approvers === undefined ? {} : { approvers: awaited.approvers };
	const signed = new URL(ctx.getSignedResumeUrl({ kaizala: 'callback-token', groupId: awaited.groupId, actionId: awaited.actionId, ...approvers }));
	return signed.searchParams.get('signature') ?? '';
}

/** The responses Kaizala lists for the action (jobs, surveys, custom actions). */
export async function listedResponses(ctx: KaizalaContext, awaited: AwaitedAction): Promise<IDataObject[]> {
	const action = (await kaizalaApiRequest.call(ctx, {
		method: 'GET',
		path: `groups/${awaited.groupId}/actions/${awaited.actionId}`,
		qs: { getDetails: true },
	})) as IDataObject;
	const details = (action.actionDetails ?? {}) as IDataObject;
	const responses = Array.isArray(details.responses) ? (details.responses as IDataObject[]) : [];
	return responses.map((response) => ({ actionId: awaited.actionId, actionType: action.actionType, ...response }));
}
