/**
 * Action → Send and Wait for Responses: sends a job, poll, survey, let's meet or custom action
 * as Action → Send does, then waits until the first response (or a number of responses)
 * arrives, or the wait limit passes.
 *
 * How the responses reach the waiting execution: a Kaizala webhook on the action, for its
 * response events, calls the execution's resume URL. n8n only saves the execution as waiting
 * after the node returns, and Kaizala checks a callback URL (the validationToken handshake)
 * while it registers the webhook, so the registration runs just after the node returns and is
 * retried until the execution answers. Each delivery must carry the callback token, which is
 * derived from n8n's signing secret for this execution, action and node (never stored).
 * The webhook is deleted when the execution resumes; it is registered with the wait limit as its
 * validity, so Kaizala stops delivering when the wait ends (n8n runs no node code then).
 *
 * Responses given before the webhook exists (a person answering within the second it takes to
 * register) get no delivery. For the types whose responses Kaizala lists (jobs, surveys, custom
 * actions) the node reads them back once the webhook is registered and, if they are enough,
 * asks its own webhook to resume (READ_BACK). Kaizala cannot list poll and let's meet
 * responses: for those, such an early response is not seen (the README says so).
 * Only the call whose DELETE removed the webhook resumes: two deliveries racing each other (a
 * repeated delivery, or a delivery and the read-back) resume once.
 *
 * The operation value is not `sendAndWait` on purpose: n8n checks the signature of the whole
 * query of a `sendAndWait` URL, and Kaizala's handshake adds `validationToken` to it. URLs of
 * other waiting nodes carry the execution's resume token instead, which n8n checks on its own.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, sleep, WAIT_INDEFINITELY } from 'n8n-workflow';

import { guidParameter, valid } from '../../helpers/input';
import type { Checked } from '../../helpers/validation';
import { checkGuid } from '../../helpers/validation';
import type { KaizalaContext } from '../../transport';
import { kaizalaApiRequest } from '../../transport';
import { postToOwnWaitingWebhook } from '../../transport/ownWebhook';
import { answerValidation, CALLBACK_TOKEN_HEADER, hasCallbackToken, isValidationRequest, reply } from '../../webhooks/callback';
import { limitWaitTimeOption, waitUntil } from '../../webhooks/sendAndWait';
import { eventsFromBody, eventToItem } from '../../webhooks/events';
import { deleteRegisteredWebhook, registerWebhook } from '../../webhooks/registration';
import * as send from './send.operation';
import { isSkipped } from '../../sendOnce';

export const OPERATION = 'sendAndWaitForResponses';

/** The response events of an action webhook (a webhook hears each event once, by its most specific type). */
const RESPONSE_EVENTS = ['ActionResponse', 'JobResponse', 'SurveyResponse'];

/** Types whose responses Kaizala lists (GET the action with details), so several can be awaited. */
const LISTED_RESPONSE_TYPES = ['Job', 'Survey', 'custom'];

/** Action types that take responses; announcements and media attachments do not. */
const TYPES_WITH_RESPONSES = ['Job', 'Poll', 'Survey', 'LetsMeet', 'custom'];

/**
 * The body of the node's own call to its webhook (see postToOwnWaitingWebhook): "read the
 * responses back from Kaizala". It carries no data; what resumes the execution is what Kaizala
 * lists, and the call needs the callback token like any delivery.
 */
const READ_BACK = { kaizalaNode: 'readBackResponses' };

function isReadBackRequest(body: unknown): boolean {
	return typeof body === 'object' && body !== null && (body as IDataObject).kaizalaNode === READ_BACK.kaizalaNode;
}

/** Waits between the attempts to register the webhook, while n8n saves the execution as waiting. */
const REGISTRATION_WAITS_MS = [0, 250, 500, 1000, 2000, 4000, 8000];

/**
 * Action → Send's fields, shown for this operation too (one definition, two operations), with
 * only the action types that take responses.
 */
function forThisOperation(property: INodeProperties): INodeProperties {
	const operations = property.displayOptions?.show?.operation;
	const copy: INodeProperties = {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, operation: Array.isArray(operations) ? [OPERATION] : operations },
		},
	};
	if (property.name === 'actionType') {
		copy.options = (property.options as INodePropertyOptions[]).filter((option) => TYPES_WITH_RESPONSES.includes(String(option.value)));
		copy.default = 'Poll';
	}
	return copy;
}

const show = { resource: ['action'], operation: [OPERATION] };

export const description: INodeProperties[] = [
	...send.description.map(forThisOperation),
	{
		displayName: 'Wait For',
		name: 'waitFor',
		type: 'options',
		default: 'firstResponse',
		options: [
			{ name: 'First Response', value: 'firstResponse', description: 'Go on with the first response (any action type)' },
			{
				name: 'A Number of Responses',
				value: 'responses',
				description: 'Go on once that many people have responded (jobs, surveys and custom actions)',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Number of Responses',
		name: 'responseCount',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 3,
		displayOptions: { show: { ...show, waitFor: ['responses'] } },
	},
	{
		displayName: 'Wait Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [limitWaitTimeOption],
	},
];

interface AwaitedAction {
	groupId: string;
	actionId: string;
}

/** The URL Kaizala calls: this node's resume URL with the execution's resume token, naming the action. */
function callbackUrlFor(ctx: IExecuteFunctions, awaited: AwaitedAction): string {
	const resumeUrl = new URL(String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0)));
	resumeUrl.pathname = `${resumeUrl.pathname.replace(/\/$/, '')}/${encodeURIComponent(ctx.getNode().id)}`;
	resumeUrl.searchParams.set('groupId', awaited.groupId);
	resumeUrl.searchParams.set('actionId', awaited.actionId);
	return resumeUrl.toString();
}

/** The callback token: n8n's signature over this execution, node and action; the same in both contexts. */
function callbackTokenFor(ctx: IExecuteFunctions | IWebhookFunctions, awaited: AwaitedAction): string {
	const signed = new URL(ctx.getSignedResumeUrl({ kaizala: 'callback-token', groupId: awaited.groupId, actionId: awaited.actionId }));
	return signed.searchParams.get('signature') ?? '';
}

/** Response count: 1 for the first response; several only for types Kaizala lists responses of. */
function awaitedCount(ctx: IExecuteFunctions, actionType: string, itemIndex: number): Checked<number> {
	if (ctx.getNodeParameter('waitFor', itemIndex, 'firstResponse') !== 'responses') return { ok: true, value: 1 };
	const count = Number(ctx.getNodeParameter('responseCount', itemIndex, 1));
	if (!Number.isInteger(count) || count < 1) return { ok: false, problem: 'must be a whole number of at least 1' };
	if (count > 1 && !LISTED_RESPONSE_TYPES.includes(actionType)) {
		return {
			ok: false,
			problem: `can only be 1 for a ${actionType === 'LetsMeet' ? "let's meet" : actionType.toLowerCase()}: Kaizala's API does not list its responses, so only the first one can be awaited`,
		};
	}
	return { ok: true, value: count };
}

/** The responses Kaizala lists for the action (jobs, surveys, custom actions). */
async function listedResponses(ctx: KaizalaContext, awaited: AwaitedAction): Promise<IDataObject[]> {
	const action = (await kaizalaApiRequest.call(ctx, {
		method: 'GET',
		path: `groups/${awaited.groupId}/actions/${awaited.actionId}`,
		qs: { getDetails: true },
	})) as IDataObject;
	const details = (action.actionDetails ?? {}) as IDataObject;
	const responses = Array.isArray(details.responses) ? (details.responses as IDataObject[]) : [];
	return responses.map((response) => ({ actionId: awaited.actionId, actionType: action.actionType, ...response }));
}

/**
 * Once the webhook is registered: responses that arrived before it had no delivery. If Kaizala
 * lists as many as are awaited, the node's own webhook is asked to resume with them.
 */
async function readBackEarlyResponses(ctx: IExecuteFunctions, awaited: AwaitedAction, callbackUrl: string, count: number): Promise<void> {
	const listed = await listedResponses(ctx, awaited);
	if (listed.length < count) return;
	const status = await postToOwnWaitingWebhook(ctx, callbackUrl, { [CALLBACK_TOKEN_HEADER]: callbackTokenFor(ctx, awaited) }, READ_BACK);
	ctx.logger.debug('Kaizala: responses arrived before the webhook; asked the waiting execution to read them back', {
		actionId: awaited.actionId,
		responses: listed.length,
		status,
	});
}

/** A 4xx from Kaizala: it refused the request, so nothing was made. */
const isRefusal = (error: unknown) => error instanceof NodeApiError && /^4\d\d$/.test(String(error.httpCode));

/**
 * Registers the webhook once n8n answers on the resume URL (it does once the execution is saved
 * as waiting). Runs after the node has returned, so failures can only be logged; the wait then
 * ends at its limit. Returns whether the webhook exists.
 */
async function registerOnceWaiting(ctx: IExecuteFunctions, awaited: AwaitedAction, callbackUrl: string, validity: number | undefined): Promise<boolean> {
	const target = {
		objectType: 'Action' as const,
		objectId: awaited.actionId,
		eventTypes: RESPONSE_EVENTS,
		callbackUrl,
		callbackContext: '',
		validity,
	};
	let lastError: unknown;
	for (const waitMs of REGISTRATION_WAITS_MS) {
		await sleep(waitMs);
		try {
			const webhookId = await registerWebhook(ctx, target, callbackTokenFor(ctx, awaited));
			ctx.logger.debug('Kaizala: webhook registered for the awaited action', { actionId: awaited.actionId, webhookId });
			return true;
		} catch (error) {
			lastError = error;
			// Only a refusal (the handshake failed: n8n was not yet answering on the resume URL) is
			// retried; after a lost answer the webhook may exist, and a second one would fire twice.
			if (!isRefusal(error)) break;
		}
	}
	ctx.logger.error('Kaizala: could not register the webhook for the awaited action; the execution waits until its limit', {
		actionId: awaited.actionId,
		error: (lastError as Error)?.message,
	});
	return false;
}

/** The webhook, then (for types Kaizala lists responses of) the responses that came before it. */
async function registerWhenWaiting(
	ctx: IExecuteFunctions,
	awaited: AwaitedAction,
	callbackUrl: string,
	validity: number | undefined,
	readBackCount: number | undefined,
): Promise<void> {
	if (!(await registerOnceWaiting(ctx, awaited, callbackUrl, validity)) || readBackCount === undefined) return;
	try {
		await readBackEarlyResponses(ctx, awaited, callbackUrl, readBackCount);
	} catch (error) {
		ctx.logger.warn('Kaizala: could not check for responses given before the webhook was registered', {
			actionId: awaited.actionId,
			error: (error as Error)?.message,
		});
	}
}

/** Sends the action (from the first item: one execution waits for one action) and waits. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const item = { json: this.getInputData()[itemIndex].json };
	if (itemIndex > 0) return [item];
	const actionType = this.getNodeParameter('actionType', itemIndex) as string;
	const count = valid(this, awaitedCount(this, actionType, itemIndex), 'Number of Responses', itemIndex);
	const limit = ((this.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject).limitWaitTime as IDataObject | undefined)?.values;
	const until = valid(this, waitUntil(limit as IDataObject | undefined, Date.now()), 'Limit Wait Time', itemIndex);
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);

	const [sent] = await send.execute.call(this, itemIndex);
	// Sent (and waited for) by an earlier run with this idempotency key.
	if (isSkipped(sent)) return [sent];
	const actionId = valid(this, checkGuid(sent.json.actionId), 'actionId (in Kaizala\'s answer)', itemIndex);
	const awaited = { groupId, actionId };
	await this.putExecutionToWait(until);
	const validity = until.getTime() === WAIT_INDEFINITELY.getTime() ? undefined : until.getTime();
	const readBackCount = LISTED_RESPONSE_TYPES.includes(actionType) ? count : undefined;
	void registerWhenWaiting(this, awaited, callbackUrlFor(this, awaited), validity, readBackCount);
	return [item];
}

// Webhook: Kaizala's calls ----------------------------------------------------------------

function awaitedFromQuery(ctx: IWebhookFunctions): AwaitedAction | undefined {
	const query = ctx.getQueryData() as IDataObject;
	const groupId = checkGuid(query.groupId);
	const actionId = checkGuid(query.actionId);
	return groupId.ok && actionId.ok ? { groupId: groupId.value, actionId: actionId.value } : undefined;
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

	// The webhook is deleted before the execution resumes, and only the call whose DELETE removed
	// it resumes: a delivery that arrives after the resume, or races this one (Kaizala delivers
	// at least once; the read-back may meet a delivery; n8n may still show the execution as
	// waiting for a moment), finds nothing to delete and resumes nothing.
	let claimed = false;
	for (const webhookId of await webhooksOfThisExecution(this, awaited)) {
		if (await deleteRegisteredWebhook(this, webhookId)) claimed = true;
	}
	if (!claimed) return reply(this, 200, 'Already resumed by an earlier delivery');
	reply(this, 200, 'Response received');
	return { noWebhookResponse: true, workflowData: [items] };
}

