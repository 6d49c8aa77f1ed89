/**
 * Kaizala Trigger: registers a Kaizala webhook (POST {endpoint}v1/webhook) pointing at this
 * node's n8n webhook URL and starts the workflow for each event Kaizala posts there.
 *
 * How n8n 2.41 drives it (read from n8n's webhook services; checked in a real n8n 2.41.0):
 * - Activation, publication and "Listen for test event" walk the node's webhooks in the order
 *   of `description.webhooks` and, one at a time, first make n8n answer the route, then run
 *   checkExists → create. Kaizala's validationToken GET arrives while `create` waits for
 *   POST /webhook, so the GET ('setup') webhook is listed before the POST ('default') one.
 *   Only 'default' has webhookMethods, so the lifecycle runs once per activation.
 * - A node answers with a raw body by writing to `getResponseObject()` and returning
 *   `{ noWebhookResponse: true }`; n8n then writes nothing itself. (`webhookResponse` with a
 *   string would be sent by Express as text/html.) A call that returns no `workflowData`
 *   starts no execution, and does not end a test registration.
 * - Static data is saved after all webhooks of the workflow are registered; a webhook call
 *   loads the workflow's static data from the database and saves it after answering. Events
 *   arriving in the short moment before the first save are refused (401) and Kaizala resends
 *   them. Test registrations keep their own copy of the static data.
 * - After an n8n restart, webhooks already registered are not registered again: checkExists
 *   runs when a workflow is activated or published, not at every start.
 */
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { groupLocator } from '../Kaizala/helpers/descriptions';
import { searchGroups } from '../Kaizala/methods/listSearch';
import { subscribedEvents } from './eventFilter';
import { acceptedBody, dropSeenEvents } from './events';
import { clearSubscription, registeredFor, subscriptionState, subscriptionTarget } from './subscription';
import { answerValidation, hasCallbackToken, newCallbackToken, reply } from '../Kaizala/webhooks/callback';
import { eventsFromBody, eventToItem, EVENT_TYPE_OPTIONS, OBJECT_TYPE_OPTIONS } from '../Kaizala/webhooks/events';
import {
	deleteRegisteredWebhook,
	findRegisteredWebhook,
	registerWebhook,
	unusableBecause,
} from '../Kaizala/webhooks/registration';

export class KaizalaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kaizala Trigger',
		name: 'kaizalaTrigger',
		icon: { light: 'file:kaizala.svg', dark: 'file:kaizala.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		// n8n's node panel merges this node into the Kaizala node's entry and heads the entry, its
		// actions included, with this text (editor-ui generateMergedNodesAndActions, n8n 2.41.0):
		// so it speaks for both nodes.
		description: 'Send messages and action cards to Microsoft Kaizala groups, and start workflows when people post, respond or join',
		defaults: { name: 'Kaizala Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kaizalaApi', required: true }],
		webhooks: [
			// Listed first on purpose: n8n registers a node's webhooks in this order and calls
			// `create` while registering `default`, and Kaizala's validationToken GET arrives
			// during that call. The GET route must already be served by then.
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: true,
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Object Type',
				name: 'objectType',
				type: 'options',
				noDataExpression: true,
				options: OBJECT_TYPE_OPTIONS,
				default: 'Group',
				description: 'What the events are about',
			},
			groupLocator({ show: { objectType: ['Group'] } }, { description: 'The group whose events start the workflow' }),
			{
				displayName: 'Action ID',
				name: 'actionId',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. 6c1d2f7e-8b1a-4c39-9d56-0f3e4a5b6c7d',
				description: 'The action (a job, survey, poll…) whose responses start the workflow',
				displayOptions: { show: { objectType: ['Action'] } },
			},
			{
				displayName: 'Action Package ID',
				name: 'actionPackageId',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. com.contoso.inspection',
				description: 'The custom action package whose instances start the workflow; needs a tenant admin token',
				displayOptions: { show: { objectType: ['ActionPackage'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_TYPE_OPTIONS,
				default: [],
				required: true,
				description:
					'The events to listen to. Action webhooks hear responses to that action; action package webhooks hear instances and responses of that package.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Callback Context',
						name: 'callbackContext',
						type: 'string',
						default: '',
						description: 'Text Kaizala sends back in every event as `context`, e.g. to tell several triggers apart',
					},
					{
						displayName: 'Drop Duplicate Events',
						name: 'dropDuplicates',
						type: 'boolean',
						default: true,
						description:
							'Whether to ignore an event whose ID was already received. Kaizala delivers at least once and may send an event again.',
					},
				],
			},
		],
	};

	methods = { listSearch: { searchGroups } };

	webhookMethods = {
		default: {
			/**
			 * True only when the webhook remembered in static data was made for the current
			 * parameters and URL and the platform still lists it as active, unexpired, with our
			 * URL and token. A stale registration is deleted (a 404 is accepted) so create starts
			 * clean.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = subscriptionState(this);
				if (!state.webhookId || !state.callbackToken) return false;
				const target = subscriptionTarget(this);
				const webhookId = state.webhookId;
				if (!registeredFor(state, target)) {
					this.logger.info('Kaizala Trigger: parameters changed, replacing the Kaizala webhook', { webhookId });
					await deleteRegisteredWebhook(this, webhookId);
					clearSubscription(state);
					return false;
				}
				const registered = await findRegisteredWebhook(this, target, webhookId);
				if (!registered) {
					this.logger.info('Kaizala Trigger: the Kaizala webhook no longer exists; registering a new one', { webhookId });
					clearSubscription(state);
					return false;
				}
				const problem = unusableBecause(registered, state, target, Date.now());
				if (problem !== undefined) {
					this.logger.info(`Kaizala Trigger: the Kaizala webhook is ${problem}; replacing it`, { webhookId });
					await deleteRegisteredWebhook(this, webhookId);
					clearSubscription(state);
					return false;
				}
				return true;
			},

			/** Registers the webhook with a fresh random callback token and remembers both. */
			async create(this: IHookFunctions): Promise<boolean> {
				const target = subscriptionTarget(this);
				const callbackToken = newCallbackToken();
				const webhookId = await registerWebhook(this, target, callbackToken);
				const state = subscriptionState(this);
				clearSubscription(state);
				Object.assign(state, {
					webhookId,
					callbackToken,
					objectType: target.objectType,
					objectId: target.objectId,
					eventTypes: target.eventTypes,
					callbackUrl: target.callbackUrl,
					callbackContext: target.callbackContext,
					recentEventIds: [],
				});
				return true;
			},

			/** Deletes the webhook; one Kaizala already removed (404) counts as deleted. */
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = subscriptionState(this);
				const webhookId = state.webhookId;
				if (!webhookId) return true;
				// A 404 (already gone on the platform) counts as deleted; any other failure is thrown
				// and the static data kept, so the next activation finds and reuses or replaces it.
				await deleteRegisteredWebhook(this, webhookId);
				clearSubscription(state);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') return answerValidation(this);

		const state = subscriptionState(this);
		if (!hasCallbackToken(this, state.callbackToken)) return reply(this, 401, 'Unauthorized');

		const received = eventsFromBody(this.getBodyData());
		if (received.length === 0) {
			return reply(this, 400, 'Expected a Kaizala event (a JSON object with eventType)');
		}
		const events = subscribedEvents(received, state);
		if (events.length === 0) {
			// Acknowledged, so Kaizala does not resend it; nothing starts.
			return reply(this, 200, 'Event ignored: not one this trigger subscribed to');
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		let fresh = events;
		if (options.dropDuplicates !== false) {
			const subscriptionKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}:${state.webhookId ?? ''}`;
			const before = state.recentEventIds ?? [];
			const outcome = dropSeenEvents(events, before, subscriptionKey);
			// Only a changed list makes n8n save the workflow's static data.
			if (outcome.remembered.join('\n') !== before.join('\n')) state.recentEventIds = outcome.remembered;
			fresh = outcome.fresh;
		}
		if (fresh.length === 0) {
			// Acknowledge, or Kaizala keeps resending it.
			return reply(this, 200, 'Duplicate event ignored');
		}
		const receivedAt = new Date().toISOString();
		// Answered here, not by n8n: n8n saves the static data (the duplicate list) when the
		// answer is sent, and only while its changed-flag is set. With n8n's own answer that comes
		// after the execution started, by which time n8n 2.41.0 has reset the flag (the runner
		// builds another Workflow over the same static data), so the list was never saved.
		const answered = reply(this, 200, acceptedBody(fresh), 'application/json; charset=utf-8');
		return { ...answered, workflowData: [fresh.map((event) => eventToItem(event, receivedAt))] };
	}
}
