import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { jsonParameter, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { checkEndpointPath } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['customApiCall'], operation: ['call'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((method) => ({ name: method, value: method })),
		default: 'GET',
		displayOptions: { show },
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: 'v1/groups',
		required: true,
		placeholder: 'v1/groups/{groupId}/members',
		description: 'Path under your Kaizala endpoint URL; the node adds the endpoint and the access token',
		displayOptions: { show },
	},
	{
		displayName: 'Query Parameters',
		name: 'query',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		displayOptions: { show },
		options: [
			{
				name: 'parameter',
				displayName: 'Parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Send Body',
		name: 'sendBody',
		type: 'boolean',
		default: false,
		displayOptions: { show },
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: { show: { ...show, sendBody: [true] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const method = this.getNodeParameter('method', itemIndex) as IHttpRequestMethods;
	const path = valid(this, checkEndpointPath(this.getNodeParameter('path', itemIndex)), 'Path', itemIndex);
	const query = this.getNodeParameter('query.parameter', itemIndex, []) as Array<{ name: string; value: string }>;
	const qs: IDataObject = Object.fromEntries(query.filter((p) => p.name).map((p) => [p.name, p.value]));
	let body: IDataObject | undefined;
	if (this.getNodeParameter('sendBody', itemIndex, false) as boolean) {
		body = jsonParameter(this, 'body', 'Body (JSON)', itemIndex) as IDataObject;
	}
	const response = await kaizalaApiRequest.call(
		this,
		{ method, path, qs, body, pathIsEndpointRelative: true },
		itemIndex,
	);
	return responseToItem(response);
}
