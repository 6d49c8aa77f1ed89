/**
 * The resume webhook: Kaizala's deliveries (and the node's own read-back request) for the awaited
 * action. Only the call whose DELETE removed the Kaizala webhook resumes the execution.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { checkGuid } from '../../../helpers/validation';
import { kaizalaApiRequest } from '../../../transport';
import { answerValidation, hasCallbackToken, isValidationRequest, reply } from '../../../webhooks/callback';
import { eventsFromBody, eventToItem } from '../../../webhooks/events';
import { deleteRegisteredWebhook } from '../../../webhooks/registration';
import type { AwaitedAction } from './awaited';
import { callbackTokenFor, isReadBackRequest, listedResponses, RESPONSE_EVENTS } from './awaited';

export function awaitedFromQuery(ctx: IWebhookFunctions): AwaitedAction | undefined {
	const query = ctx.getQueryData() as IDataObject;
	const groupId = checkGuid(query.groupId);
	const actionId = checkGuid(query.actionId);
	if (!groupId.ok || !actionId.ok) return undefined;
	const approvers = typeof query.approvers === 'string' ? { approvers: query.approvers } : {};
	return { groupId: groupId.value, actionId: actionId.value, ...approvers };
}

/** The webhooks on the action that call this execution (its resume URL's path). */
async function webhooksOfThisExecution(ctx: IWebhookFunctions, awaited: AwaitedAction): Promise<string[]> {
	const thisExecution = new URL(ctx.getRequestObject().url, 'http://n8n.invalid').pathname;
	const response = (await kaizalaApiRequest.call(ctx, {
		method: 'GET',
		path: 'webhook',
		qs: { objectId: awaited.actionId, objectType: 'Action' },
	})) as IDataObject | undefined;
	const webhooks = (Array.isArray(response?.webhooks) ? response.webhooks : []) as IDataObject[];
	return webhooks
		.filter((webhook) => {
			const url = String(webhook.callbackUrl ?? webhook.callBackUrl ?? '');
			return URL.canParse(url) && new URL(url).pathname === thisExecution;
		})
		.map((webhook) => String(webhook.id ?? webhook.webhookId));
}

export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (isValidationRequest(this)) return answerValidation(this);
	if (this.getRequestObject().method !== 'POST') return reply(this, 405, 'Kaizala events are POSTed here');
	const awaited = awaitedFromQuery(this);
	if (!awaited || !hasCallbackToken(this, callbackTokenFor(this, awaited))) return reply(this, 401, 'Unauthorized');

	const body = this.getBodyData();
	const readBack = isReadBackRequest(body);
	const responses = readBack
		? []
		: eventsFromBody(body).filter(
				(event) => RESPONSE_EVENTS.includes(String(event.eventType)) && String(event.objectId).toLowerCase() === awaited.actionId,
			);
	if (!readBack && responses.length === 0) return reply(this, 200, 'Not a response to the awaited action; still waiting');

	const count = this.getNodeParameter('waitFor', 'firstResponse') === 'responses' ? Number(this.getNodeParameter('responseCount', 1)) : 1;
	const receivedAt = new Date().toISOString();
	let items: INodeExecutionData[];
	if (count <= 1 && !readBack) {
		items = responses.slice(0, 1).map((event) => eventToItem(event, receivedAt));
	} else {
		const listed = await listedResponses(this, awaited);
		if (listed.length < count) return reply(this, 200, `${listed.length} of ${count} responses; still waiting`);
		items = listed.slice(0, count).map((response) => ({ json: { ...response, receivedAt } }));
	}

	if (!(await claimResume(this, awaited))) return reply(this, 200, 'Already resumed by an earlier delivery');
	reply(this, 200, 'Response received');
	return { noWebhookResponse: true, workflowData: [items] };
}

/**
 * Deletes this execution's webhooks on the action; true only for the call whose DELETE removed
 * one. The webhook is deleted before the execution resumes, and only that call resumes: a
 * delivery that arrives after the resume, or races this one (Kaizala delivers at least once; the
 * read-back may meet a delivery; n8n may still show the execution as waiting for a moment),
 * finds nothing to delete and resumes nothing.
 */
export async function claimResume(ctx: IWebhookFunctions, awaited: AwaitedAction): Promise<boolean> {
	let claimed = false;
	for (const webhookId of await webhooksOfThisExecution(ctx, awaited)) {
		if (await deleteRegisteredWebhook(ctx, webhookId)) claimed = true;
	}
	return claimed;
}

