/**
 * Message → Send and Wait for Response: a text message with the links a person taps to answer
 * (Approve / Decline, or Respond for free text or a custom form), then the execution waits for
 * the answer.
 * The operation value is n8n's `sendAndWait`, so n8n checks the links' signatures and also
 * offers this operation to AI agents as a human-review tool (`kaizalaHitlTool`).
 * The pages behind the links: webhooks/pages.ts; the custom form: sendAndWait/customForm.ts.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import { audienceFields, groupLocator, messageField } from '../../helpers/descriptions';
import { audienceBody, guidParameter, textValue, validOrThrow } from '../../helpers/items';
import { checkMessageText } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';
import { isSkipped, sendOnce, sendOnceFields } from '../../sendOnce';
import { reply } from '../../webhooks/callback';
import { customFormPage } from '../../webhooks/customFormPage';
import { confirmationPage, freeTextFormPage, PAGE_HEADERS, THANK_YOU_PAGE } from '../../webhooks/pages';
import { limitWaitTimeOption, requireSignedAnswerLinks, waitUntil } from '../../webhooks/sendAndWait';
import { customFormOf, formTexts, servedFormOf } from './sendAndWait/customForm';
import { readAnswers } from './sendAndWait/customFormAnswers';
import { customFormFields } from './sendAndWait/customFormFields';
import { approversField } from './sendAndWait/approvers';
import { answerInField, cardOptionsField, sendCardAndWait } from './sendAndWait/card';
import type { Choice } from './sendAndWait/decision';
import { cardWebhook } from './sendAndWait/decision';

const show = { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION] };
const showCard = { ...show, responseType: ['approval'], answerIn: ['card'] };

export const description: INodeProperties[] = [
	groupLocator({ show }),
	messageField(
		{ show },
		{
			placeholder: 'e.g. May the North crew start at 6 am tomorrow?',
			description: 'The question; the answer links are added below it (all up to 4,000 characters)',
		},
	),
	...audienceFields(show, 'a message'),
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{ name: 'Approval', value: 'approval', description: 'The person taps Approve (or Decline)' },
			{ name: 'Free Text', value: 'freeText', description: 'The person writes an answer in a small form served by n8n' },
			{ name: 'Custom Form', value: 'customForm', description: 'The person fills in a form of your fields, served by n8n' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Disapprove', value: 'double' },
						],
					},
					{ displayName: 'Approve Button Label', name: 'approveLabel', type: 'string', default: 'Approve' },
					{
						displayName: 'Disapprove Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
		displayOptions: { show: { ...show, responseType: ['approval'] } },
	},
	...customFormFields(show),
	answerInField(show),
	approversField(showCard),
	cardOptionsField(showCard),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			limitWaitTimeOption,
			{
				displayName: 'Message Button Label',
				name: 'messageButtonLabel',
				type: 'string',
				default: 'Respond',
				description: 'Free Text and Custom Form: the word before the link in the message',
			},
			{
				displayName: 'Response Form Title',
				name: 'responseFormTitle',
				type: 'string',
				default: '',
				description: 'Free Text and Custom Form: the title of the form',
			},
			{
				displayName: 'Response Form Description',
				name: 'responseFormDescription',
				type: 'string',
				default: '',
				description: 'Free Text and Custom Form: the text above the form (the message when empty)',
			},
			{
				displayName: 'Response Form Button Label',
				name: 'responseFormButtonLabel',
				type: 'string',
				default: 'Submit',
			},
		],
	},
	...sendOnceFields(show),
];

interface ApprovalValues {
	approvalType?: string;
	approveLabel?: string;
	disapproveLabel?: string;
}

function choicesOf(values: ApprovalValues): Choice[] {
	const approve = { label: values.approveLabel || 'Approve', approved: true };
	if (values.approvalType !== 'double') return [approve];
	return [approve, { label: values.disapproveLabel || 'Decline', approved: false }];
}

function approvalValues(ctx: IExecuteFunctions | IWebhookFunctions, itemIndex?: number): ApprovalValues {
	const raw =
		itemIndex === undefined
			? (ctx as IWebhookFunctions).getNodeParameter('approvalOptions.values', {})
			: (ctx as IExecuteFunctions).getNodeParameter('approvalOptions.values', itemIndex, {});
	const values = (raw ?? {}) as ApprovalValues;
	if (itemIndex === undefined) return values;
	// From upstream items: labels must be text, short enough to leave room for the question.
	return {
		...values,
		approveLabel: textValue(ctx as IExecuteFunctions, values.approveLabel, 'Approve Button Label', itemIndex, MAX_LABEL_LENGTH),
		disapproveLabel: textValue(ctx as IExecuteFunctions, values.disapproveLabel, 'Disapprove Button Label', itemIndex, MAX_LABEL_LENGTH),
	};
}

/** A button label is one short line above its link. */
const MAX_LABEL_LENGTH = 100;

/** The message text: the question, then one line per link ("Approve: https://…"). */
export function messageWithLinks(question: string, links: Array<{ label: string; url: string }>): string {
	return `${question.trim()}\n\n${links.map(({ label, url }) => `${label}: ${url}`).join('\n')}`;
}

/**
 * Sends the message once per execution (from the first item, as n8n's own send-and-wait nodes
 * do: one execution waits for one answer) and puts the execution to wait. The answer becomes the
 * node's output; if the wait limit passes first, n8n outputs the input items instead.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const item = { json: this.getInputData()[itemIndex].json };
	if (itemIndex > 0) return [item];
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const question = validOrThrow(this, checkMessageText(this.getNodeParameter('message', itemIndex)), 'Message', itemIndex);
	const audience = audienceBody(this, itemIndex);
	const responseType = this.getNodeParameter('responseType', itemIndex, 'approval') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const until = validOrThrow(this, waitUntil((options.limitWaitTime as IDataObject | undefined)?.values as IDataObject, Date.now()), 'Limit Wait Time', itemIndex);
	if (responseType === 'approval' && this.getNodeParameter('answerIn', itemIndex, 'links') === 'card') {
		const labels = choicesOf(approvalValues(this, itemIndex)).map(({ label }) => label);
		return await sendCardAndWait(this, itemIndex, { groupId, question, labels, audience, until });
	}

	// A form that cannot be served fails here, before a message with a dead link goes out.
	if (responseType === 'customForm') customFormOf(this, itemIndex);
	const links =
		responseType === 'freeText' || responseType === 'customForm'
			? [{ label: String(options.messageButtonLabel || 'Respond'), url: this.getSignedResumeUrl() }]
			: choicesOf(approvalValues(this, itemIndex)).map(({ label, approved }) => ({
					label,
					url: this.getSignedResumeUrl({ approved: String(approved) }),
				}));
	const message = validOrThrow(this, checkMessageText(messageWithLinks(question, links)), 'Message (with the answer links)', itemIndex);

	const [sent] = await sendOnce(this, itemIndex, async () => {
		await kaizalaApiRequest.call(this, { method: 'POST', path: `groups/${groupId}/messages`, body: { message, ...audience } }, itemIndex);
		return [item];
	});
	// Sent (and waited for) by an earlier run with this idempotency key.
	if (isSkipped(sent)) return [sent];
	requireSignedAnswerLinks(this);
	await this.putExecutionToWait(until);
	return [item];
}

// Webhook: the pages behind the links ------------------------------------------------------

function htmlPage(ctx: IWebhookFunctions, statusCode: number, html: string): IWebhookResponseData {
	return reply(ctx, statusCode, html, 'text/html; charset=utf-8', PAGE_HEADERS);
}

function recorded(ctx: IWebhookFunctions, data: IDataObject): IWebhookResponseData {
	htmlPage(ctx, 200, THANK_YOU_PAGE);
	return { noWebhookResponse: true, workflowData: [[{ json: { data: { ...data, respondedAt: new Date().toISOString() } } }]] };
}

function freeTextForm(ctx: IWebhookFunctions, problem?: string): IWebhookResponseData {
	return htmlPage(ctx, problem ? 400 : 200, freeTextFormPage({ ...formTexts(ctx), problem }));
}

/** The text of the free-text form, from a form post or a JSON body. */
function submittedText(body: IDataObject): string {
	const value = body.text ?? (body.data as IDataObject | undefined)?.text;
	return typeof value === 'string' ? value.trim() : '';
}

export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const method = this.getRequestObject().method;
	const responseType = this.getNodeParameter('responseType', 'approval') as string;
	const answerIn = responseType === 'approval' ? this.getNodeParameter('answerIn', 'links') : 'links';
	if (answerIn === 'card') return await cardWebhook(this, choicesOf(approvalValues(this)));
	// A link carries n8n's signature only when the node's id is in its path (n8n checks the
	// resume token instead otherwise): the way the card's callback comes, never an answer link.
	if (!new URL(this.getRequestObject().url, 'http://n8n.invalid').pathname.endsWith(`/${encodeURIComponent(this.getNode().id)}`)) {
		return reply(this, 401, 'Unauthorized');
	}

	if (responseType === 'freeText') {
		if (method !== 'POST') return freeTextForm(this);
		const text = submittedText(this.getBodyData());
		if (text === '') return freeTextForm(this, 'Please write a response.');
		return recorded(this, { text });
	}

	if (responseType === 'customForm') {
		const form = { ...formTexts(this), fields: servedFormOf(this) };
		if (method !== 'POST') return htmlPage(this, 200, customFormPage(form));
		const answers = readAnswers(form.fields, this.getBodyData());
		if (!answers.ok) return htmlPage(this, 400, customFormPage({ ...form, ...answers }));
		return recorded(this, answers.data);
	}

	const approved = (this.getQueryData() as IDataObject).approved === 'true';
	const choice = choicesOf(approvalValues(this)).find((candidate) => candidate.approved === approved);
	if (!choice) throw new NodeOperationError(this.getNode(), 'This link offers no such answer');
	if (method !== 'POST') return htmlPage(this, 200, confirmationPage(String(this.getNodeParameter('message', '')), choice.label));
	return recorded(this, { approved, answer: choice.label, answeredIn: 'links', responder: 'unknown' });
}
