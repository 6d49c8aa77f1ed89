import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../helpers/descriptions';
import { cursorListing, cursorOptionsField, reactionTarget, reactionTargetFields } from './shared';

const operations = ['getGroupSummary'];

export const description: INodeProperties[] = [
	...reactionTargetFields(operations, false),
	...returnAllOrLimit({ show: { resource: ['reaction'], operation: operations } }),
	cursorOptionsField(operations),
];

/** GET /groups/{groupId}/reaction/summary: one item per action or message with reactions. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { groupId, sourceGroupId } = reactionTarget(this, itemIndex, false);
	return await cursorListing(this, itemIndex, `groups/${groupId}/reaction/summary`, { sourceGroupId }, 'summary', {});
}
