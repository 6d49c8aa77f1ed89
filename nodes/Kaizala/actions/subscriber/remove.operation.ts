// Removes subscribers from a public group, up to 100 numbers per item (PUT groups/{groupId}/subscribers/remove).
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { changeSubscribers, subscriberFields } from './shared';

export const description: INodeProperties[] = subscriberFields('remove');

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await changeSubscribers(this, itemIndex, 'remove');
}
