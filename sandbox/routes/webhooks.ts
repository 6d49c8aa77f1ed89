/**
 * /webhook: subscribe a callback URL to events of a group, an action or an action package;
 * list the webhooks of an object; update one (also to re-activate a disabled one); delete one.
 *
 * Admin rules: a Group or Action webhook needs admin rights on that group (on the action's group);
 * an ActionPackage webhook (tenant-wide) needs a tenant admin. Webhooks forward a group's
 * traffic to an outside URL, which the reference puts under the admin-granted permissions.
 * Callback URLs must be https; plain http is accepted for loopback hosts, for local receivers.
 * With `webhookValidation` on, creating, and updating into an active state, runs the
 * validationToken handshake first (400 WebhookValidationFailed if it fails).
 */
// The client's own rule (the sandbox ships in the same package), so both refuse the same URLs.
import { isHttpsOrLoopback } from '../../nodes/Kaizala/helpers/validation';
import type { PlatformRoute, SandboxApp } from '../app';
import type { Principal } from '../auth/accessControl';
import { requireGroupAdmin, requireTenantAdmin } from '../auth/accessControl';
import { invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import type { WebhookEventType, WebhookObjectType, WebhookRecord } from '../state';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_OBJECT_TYPES } from '../webhooks/events';
import { performValidationHandshake } from '../webhooks/handshake';
import { field, optionalBoolean, optionalString, queryValue, requireArray, requireObject, requireString, type JsonObject } from '../validation';

const TWO_YEARS_MS = 2 * 365 * 24 * 60 * 60 * 1000;

function parseObjectType(value: string): WebhookObjectType {
	const match = WEBHOOK_OBJECT_TYPES.find((type) => type.toLowerCase() === value.toLowerCase());
	if (!match) throw invalidRequest(`'objectType' must be one of ${WEBHOOK_OBJECT_TYPES.join(', ')}; got '${value}'`);
	return match;
}

function parseEventTypes(values: unknown[]): WebhookEventType[] {
	const types = values.map((value, index) => {
		const match = typeof value === 'string' ? WEBHOOK_EVENT_TYPES.find((type) => type.toLowerCase() === value.toLowerCase()) : undefined;
		if (!match) throw invalidRequest(`'eventTypes[${index}]' must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}; got ${JSON.stringify(value)}`);
		return match;
	});
	return [...new Set(types)];
}

function parseCallbackUrl(value: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw invalidRequest(`'callBackUrl' is not a valid URL: '${value}'`);
	}
	if (!isHttpsOrLoopback(url)) throw invalidRequest("'callBackUrl' must be an https URL (plain http is accepted for loopback hosts only)");
	return url.href;
}

/** Validity is epoch milliseconds, as a number or a string of digits (the reference types it String). */
function parseValidity(body: JsonObject, now: number): number | undefined {
	const value = field(body, 'validity');
	if (value === undefined || value === null || value === '') return undefined;
	const validity = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
	if (!Number.isFinite(validity)) throw invalidRequest("'validity' must be an epoch time in milliseconds");
	if (validity <= now) throw invalidRequest("'validity' must be in the future");
	return validity;
}

/** Checks the caller may manage webhooks on the object, and that the object exists. */
function authoriseObject(app: SandboxApp, principal: Principal, objectType: WebhookObjectType, objectId: string): void {
	switch (objectType) {
		case 'Group':
			requireGroupAdmin(app.state, principal, objectId, 'manage its webhooks');
			return;
		case 'Action': {
			const action = app.state.actions.get(objectId);
			if (!action) throw notFound('ActionNotFound', `No action with id '${objectId}'`);
			requireGroupAdmin(app.state, principal, action.groupId, "manage webhooks on its actions");
			return;
		}
		case 'ActionPackage':
			requireTenantAdmin(principal, 'manage action package webhooks');
			return;
	}
}

async function validateCallback(app: SandboxApp, callbackUrl: string): Promise<void> {
	if (!app.webhookValidation.enabled) return;
	const outcome = await performValidationHandshake(callbackUrl, app.webhookValidation.timeoutMs);
	if (!outcome.ok) throw invalidRequest(`Callback URL validation failed: ${outcome.reason}`, 'WebhookValidationFailed');
}

function requireWebhook(app: SandboxApp, webhookId: string): WebhookRecord {
	const webhook = app.state.webhooks.get(webhookId);
	if (!webhook) throw notFound('WebhookNotFound', `No webhook with id '${webhookId}'`);
	return webhook;
}

function webhookView(webhook: WebhookRecord): Record<string, unknown> {
	return {
		id: webhook.webhookId,
		objectId: webhook.objectId,
		objectType: webhook.objectType,
		events: webhook.eventTypes,
		filters: [],
		callbackUrl: webhook.callbackUrl,
		callbackToken: webhook.callbackToken,
		callbackContext: webhook.callbackContext,
		ts: webhook.createdAt,
		validity: webhook.validity,
		active: webhook.active,
		...(webhook.disabledReason ? { disabledReason: webhook.disabledReason } : {}),
	};
}

export const webhookRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/webhook',
		body: 'json',
		async handle({ app, principal, body }) {
			const request = requireObject(body);
			const objectType = parseObjectType(requireString(request, 'objectType'));
			const objectId = requireString(request, 'objectId');
			const eventTypes = parseEventTypes(requireArray(request, 'eventTypes', { minItems: 1 }));
			const callbackUrl = parseCallbackUrl(requireString(request, 'callBackUrl'));
			const now = app.now();
			const validity = parseValidity(request, now) ?? now + TWO_YEARS_MS;
			authoriseObject(app, principal, objectType, objectId);
			await validateCallback(app, callbackUrl);

			const webhook: WebhookRecord = {
				webhookId: newId(),
				objectId,
				objectType,
				eventTypes,
				callbackUrl,
				callbackToken: optionalString(request, 'callBackToken', { allowEmpty: true }) ?? '',
				callbackContext: optionalString(request, 'callBackContext', { allowEmpty: true }) ?? '',
				validity,
				active: true,
				createdAt: now,
				createdByUserId: principal.user.userId,
				connectorId: principal.connectorId,
			};
			app.state.webhooks.set(webhook.webhookId, webhook);
			return { body: { webhookId: webhook.webhookId } };
		},
	},
	{
		method: 'GET',
		pattern: '/webhook',
		body: 'none',
		handle({ app, principal, query }) {
			const objectId = queryValue(query, 'objectId');
			const objectTypeName = queryValue(query, 'objectType');
			if (!objectId || !objectTypeName) throw invalidRequest("Query parameters 'objectId' and 'objectType' are required");
			const objectType = parseObjectType(objectTypeName);
			authoriseObject(app, principal, objectType, objectId);
			const webhooks = [...app.state.webhooks.values()].filter((webhook) => webhook.objectId === objectId && webhook.objectType === objectType);
			return { body: { webhooks: webhooks.map(webhookView) } };
		},
	},
	{
		method: 'PUT',
		pattern: '/webhook/:webhookId',
		body: 'json',
		async handle({ app, principal, params, body }) {
			const webhook = requireWebhook(app, params.webhookId);
			authoriseObject(app, principal, webhook.objectType, webhook.objectId);
			const request = requireObject(body);

			// Build the updated webhook first; nothing changes unless every field is valid.
			const objectTypeName = optionalString(request, 'objectType');
			const eventTypes = field(request, 'eventTypes');
			const callbackUrl = optionalString(request, 'callBackUrl');
			const updated: WebhookRecord = {
				...webhook,
				objectType: objectTypeName !== undefined ? parseObjectType(objectTypeName) : webhook.objectType,
				objectId: optionalString(request, 'objectId') ?? webhook.objectId,
				eventTypes: eventTypes !== undefined ? parseEventTypes(requireArray(request, 'eventTypes', { minItems: 1 })) : webhook.eventTypes,
				callbackUrl: callbackUrl !== undefined ? parseCallbackUrl(callbackUrl) : webhook.callbackUrl,
				callbackToken: optionalString(request, 'callBackToken', { allowEmpty: true }) ?? webhook.callbackToken,
				callbackContext: optionalString(request, 'callBackContext', { allowEmpty: true }) ?? webhook.callbackContext,
				validity: parseValidity(request, app.now()) ?? webhook.validity,
				active: optionalBoolean(request, 'active') ?? webhook.active,
			};
			if (updated.objectId !== webhook.objectId || updated.objectType !== webhook.objectType) {
				authoriseObject(app, principal, updated.objectType, updated.objectId);
			}
			if (updated.active) {
				await validateCallback(app, updated.callbackUrl);
				delete updated.disabledReason;
			}
			// Update in place: deliveries in flight hold a reference to this record.
			Object.assign(webhook, updated);
			if (!updated.disabledReason) delete webhook.disabledReason;
			return { body: { result: true } };
		},
	},
	{
		method: 'DELETE',
		pattern: '/webhook/:webhookId',
		body: 'none',
		handle({ app, principal, params }) {
			const webhook = requireWebhook(app, params.webhookId);
			authoriseObject(app, principal, webhook.objectType, webhook.objectId);
			app.state.webhooks.delete(webhook.webhookId);
			return { body: { result: true } };
		},
	},
];
