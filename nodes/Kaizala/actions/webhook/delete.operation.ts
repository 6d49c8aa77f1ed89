import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { kaizalaApiRequest } from '../../transport';
import { webhookIdField, webhookIdParameter } from './shared';

export const description: INodeProperties[] = [webhookIdField('delete')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const webhookId = webhookIdParameter(this, itemIndex);
	await kaizalaApiRequest.call(this, { method: 'DELETE', path: `webhook/${webhookId}` }, itemIndex);
	return [{ json: { webhookId, deleted: true } }];
}
