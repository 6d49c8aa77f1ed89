import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	applyAccessToken,
	DEFAULT_API_ROOT,
	refreshSession,
	SESSION_FIELD,
} from '../nodes/Kaizala/transport/token/n8nBridge';
import {
	DEFAULT_CONNECTOR_CALLS_PER_MINUTE,
	DEFAULT_TENANT_CALLS_PER_MINUTE,
	LIMIT_FIELDS,
} from '../nodes/Kaizala/transport/pacing/budget';

const showCustomLimits = { show: { [LIMIT_FIELDS.custom]: [true] } };

export class KaizalaApi implements ICredentialType {
	name = 'kaizalaApi';

	displayName = 'Kaizala API';

	icon: Icon = { light: 'file:kaizala.svg', dark: 'file:kaizala.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-kaizala/n8n-nodes-kaizala#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Connector ID',
			name: 'connectorId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The ID shown when the connector was created in the Kaizala Management Portal (Connectors → Add Connector)',
		},
		{
			displayName: 'Connector Secret',
			name: 'connectorSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret shown next to the connector ID in the Kaizala Management Portal',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			// Not required: a connector is saved without one to obtain it with Connector → Generate PIN /
			// Log In With PIN (n8n 2.41 keeps Save disabled while a required field is empty). The hint
			// says so in view, so the difference from ID and secret reads as meant.
			hint: 'Leave empty only to get one with the Kaizala node: Connector → Generate PIN, then Log In With PIN. Every other operation needs it.',
			description:
				'The user or group token generated for this connector in the portal ("Generate user token"), or returned by Connector → Log In With PIN. Valid 365 days; Kaizala rotates it after 328 days and n8n stores the new one automatically.',
		},
		{
			displayName: 'API Root',
			name: 'apiRoot',
			type: 'string',
			default: DEFAULT_API_ROOT,
			description:
				'Where the token service lives. Change it only to use a proxy or the local Kaizala sandbox (for example http://127.0.0.1:4010/v1).',
		},
		{
			displayName: 'Custom Call Limits',
			name: LIMIT_FIELDS.custom,
			type: 'boolean',
			default: false,
			hint: `Off: at most ${DEFAULT_CONNECTOR_CALLS_PER_MINUTE} calls per minute per connector and ${DEFAULT_TENANT_CALLS_PER_MINUTE} per tenant, Kaizala's documented limits. On: set lower ones.`,
			description: `Whether to pace calls below Kaizala's documented limits (${DEFAULT_CONNECTOR_CALLS_PER_MINUTE} calls per minute per connector, ${DEFAULT_TENANT_CALLS_PER_MINUTE} per tenant), e.g. when other clients use the same connector or tenant`,
		},
		{
			displayName: 'Calls per Minute (Connector)',
			name: LIMIT_FIELDS.connectorPerMinute,
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_CONNECTOR_CALLS_PER_MINUTE,
			description: 'Most calls this n8n sends with this connector in any minute, shared by every workflow',
			displayOptions: showCustomLimits,
		},
		{
			displayName: 'Calls per Minute (Tenant)',
			name: LIMIT_FIELDS.tenantPerMinute,
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TENANT_CALLS_PER_MINUTE,
			description: 'Most calls this n8n sends in any minute with all connectors of the same tenant together',
			displayOptions: showCustomLimits,
		},
		{
			displayName: 'Tenant ID',
			name: LIMIT_FIELDS.tenantId,
			type: 'string',
			default: '',
			placeholder: 'e.g. 7e0a0000-0000-4000-8000-00000000d001',
			description: 'Connectors with the same tenant ID share the tenant limit. Empty: every connector with the same API Root counts as one tenant.',
			displayOptions: showCustomLimits,
		},
		{
			// Written by n8n from preAuthentication: the current access token, its endpoint and
			// expiry, bound to the values above by a hash. Lets a restarted process or a worker
			// reuse the token instead of exchanging again.
			displayName: 'Session',
			name: SESSION_FIELD,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		return await refreshSession(this.helpers, credentials);
	}

	authenticate: IAuthenticate = applyAccessToken;

	// preAuthentication performs the real token exchange before this request is sent; the
	// request then proves the access token works on the endpoint the exchange returned.
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: 'v1/groups',
		},
	};
}
