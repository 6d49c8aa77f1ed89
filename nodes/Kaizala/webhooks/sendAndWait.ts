/**
 * What both waits of the Kaizala node share: the webhooks n8n resumes a waiting execution
 * through, the "Limit Wait Time" option, and the rules for building links (the pages: pages.ts).
 *
 * How n8n 2.41 drives a node that waits (read from n8n-core's workflow-execute.ts,
 * node-execution-context.ts and signature-helpers.ts, and the CLI's waiting-webhooks.ts; checked
 * in a real n8n 2.41.0 by test/e2e/sendAndWait.test.ts):
 * - `putExecutionToWait(date)` marks the run as waiting; n8n saves it once the node returns.
 * - A request to `{webhookWaitingBaseUrl}/{executionId}/{nodeId}` runs the node's `webhook`
 *   for the webhook below with that method. Returning `workflowData` resumes the execution with
 *   those items as the node's output; returning none leaves it waiting.
 * - `getSignedResumeUrl(params)` signs path and query with the instance's HMAC secret. n8n
 *   checks the signature only when the waiting node's `operation` is `sendAndWait`, and then
 *   for the whole query: a URL whose query is changed (Kaizala's validationToken added) fails.
 * - When the wait limit passes, n8n resumes the node disabled: it outputs its input items and
 *   no node code runs.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, IWebhookDescription } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';

import type { Checked } from '../helpers/validation';

/**
 * Makes n8n 1.x check the signature of the answer links. n8n 2.x always checks it for an operation
 * named `sendAndWait` and has no such method; n8n 1.x (checked on 1.123.81: waiting-webhooks.js
 * looks at `validateSignature` in the execution data) checks it only when the node asked, so
 * without this call a Decline link edited to `approved=true` would be accepted there. Pinned by
 * test/e2e/sendAndWait.test.ts, which `npm run test:compat` also runs on 1.123.81.
 */
export function requireSignedAnswerLinks(ctx: IExecuteFunctions): void {
	(ctx as IExecuteFunctions & { setSignatureValidationRequired?: () => void }).setSignatureValidationRequired?.();
}

/** The GET and POST webhooks a waiting execution is resumed through (path: the node's id). */
export const SEND_AND_WAIT_WEBHOOKS: IWebhookDescription[] = ['GET', 'POST'].map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
}));

/** n8n's "Limit Wait Time" option, with the same names as its built-in send-and-wait nodes. */
export const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description: 'Whether to stop waiting after some time; the node then outputs its input items',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					options: [
						{ name: 'After Time Interval', value: 'afterTimeInterval', description: 'Stop waiting after an amount of time' },
						{ name: 'At Specified Time', value: 'atSpecifiedTime', description: 'Stop waiting at a date and time' },
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 1,
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					default: 'hours',
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					default: '',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
				},
			],
		},
	],
};

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * When the wait ends: WAIT_INDEFINITELY without a limit, else the limit's date. Pure; `now` is
 * injected. A limit in the past, or an unreadable one, is a problem to report.
 */
export function waitUntil(limit: IDataObject | undefined, now: number): Checked<Date> {
	if (!limit || Object.keys(limit).length === 0) return { ok: true, value: WAIT_INDEFINITELY };
	let until: number;
	if ((limit.limitType ?? 'afterTimeInterval') === 'afterTimeInterval') {
		const amount = Number(limit.resumeAmount ?? 1);
		const unit = UNIT_MS[String(limit.resumeUnit ?? 'hours')];
		if (!Number.isFinite(amount) || amount <= 0 || unit === undefined) {
			return { ok: false, problem: 'needs an amount above 0 and a unit (minutes, hours or days)' };
		}
		until = now + amount * unit;
	} else {
		until = new Date(String(limit.maxDateAndTime ?? '')).getTime();
		if (Number.isNaN(until)) return { ok: false, problem: `"${String(limit.maxDateAndTime ?? '')}" is not a date and time` };
		if (until <= now) return { ok: false, problem: `${new Date(until).toISOString()} has already passed` };
	}
	return { ok: true, value: new Date(until) };
}
