import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPE, grantFor } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName:
			'Returns the cached access token and the endpoint URL for downstream nodes: in an HTTP Request node use <code>{{ $json.endpointUrl }}</code> as the base URL and send the header <code>accessToken</code> = <code>{{ $json.accessToken }}</code>. The token is exchanged once per lifetime, not per item.',
		name: 'accessTokenNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['accessToken'], operation: ['get'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const { grant } = await grantFor(this, credentials, { itemIndex });
	return [
		{
			json: {
				accessToken: grant.accessToken,
				endpointUrl: grant.endpointUrl,
				accessTokenExpiry: grant.accessTokenExpiry,
				expiresAt: new Date(grant.accessTokenExpiry).toISOString(),
				scope: grant.scope,
			},
		},
	];
}
