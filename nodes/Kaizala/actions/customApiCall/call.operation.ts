import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { jsonParameter, validOrThrow, responseToItem } from '../../helpers/items';
import { checkEndpointPath, checkOptionalText, MAX_PATH_LENGTH } from '../../helpers/validation';
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
		description:
			'Path under your Kaizala endpoint URL, including the API version (e.g. v1/groups). The node adds the endpoint and the access token; full URLs and ".." are refused.',
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
		description: 'Whether to send a JSON body (for POST and PUT requests)',
		displayOptions: { show },
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '{}',
		description: 'The request body as a JSON object or array, as in the Kaizala API reference',
		displayOptions: { show: { ...show, sendBody: [true] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const method = this.getNodeParameter('method', itemIndex) as IHttpRequestMethods;
	const path = validOrThrow(this, checkEndpointPath(this.getNodeParameter('path', itemIndex)), 'Path', itemIndex);
	const query = this.getNodeParameter('query.parameter', itemIndex, []) as Array<{ name: string; value: string }>;
	const qs: IDataObject = {};
	for (const parameter of query) {
		// Values from upstream items: text or numbers only, short enough for a request line.
		const name = validOrThrow(this, checkOptionalText(parameter.name, MAX_PATH_LENGTH), 'Query Parameter Name', itemIndex);
		if (name) qs[name] = validOrThrow(this, checkOptionalText(parameter.value, MAX_PATH_LENGTH), 'Query Parameter Value', itemIndex);
	}
	let body: IDataObject | undefined;
	if (this.getNodeParameter('sendBody', itemIndex, false) as boolean) {
		const parsed = jsonParameter(this, 'body', 'Body (JSON)', itemIndex);
		body = validOrThrow(
			this,
			parsed !== null && typeof parsed === 'object'
				? { ok: true, value: parsed as IDataObject }
				: { ok: false, problem: 'must be a JSON object or array' },
			'Body (JSON)',
			itemIndex,
		);
	}
	const response = await kaizalaApiRequest.call(
		this,
		{ method, path, qs, body, pathIsEndpointRelative: true },
		itemIndex,
	);
	return responseToItem(response);
}
