import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../helpers/descriptions';
import { recordsToItems } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';
import { objectFields, objectParameters } from './shared';

export const description: INodeProperties[] = [
	...objectFields('getAll'),
	...returnAllOrLimit({ show: { resource: ['webhook'], operation: ['getAll'] } }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { objectType, objectId } = objectParameters(this, itemIndex);
	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'GET', path: 'webhook', qs: { objectId, objectType } },
		itemIndex,
	)) as { webhooks?: unknown[] } | unknown[];
	return recordsToItems(this, Array.isArray(response) ? response : (response?.webhooks ?? []), itemIndex);
}
