/** Action → Get: one action, with its details (the pickers are the resource's, in `shared.ts`). */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchAction } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'Include Details',
		name: 'getDetails',
		type: 'boolean',
		default: true,
		description: 'Whether to include the drill-down details: for jobs and surveys, every response',
		displayOptions: { show: { resource: ['action'], operation: ['get'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const getDetails = this.getNodeParameter('getDetails', itemIndex, true) as boolean;
	return [{ json: await fetchAction(this, itemIndex, getDetails) }];
}
