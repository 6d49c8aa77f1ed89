import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { react, reactionTargetFields } from './shared';

export const description: INodeProperties[] = reactionTargetFields(['like'], true);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await react(this, itemIndex, 'Like');
}
