import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { kaizalaApiRequest } from '../../transport';
import { reactionTarget, reactionTargetFields } from './shared';

export const description: INodeProperties[] = reactionTargetFields(['getSummary'], true);

/** GET /groups/{groupId}/reaction/{referenceId}/summary: like and comment counts of one item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { groupId, sourceGroupId, referenceId } = reactionTarget(this, itemIndex, true);
	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'GET', path: `groups/${groupId}/reaction/${referenceId}/summary`, qs: { sourceGroupId } },
		itemIndex,
	)) as IDataObject;
	const summary = Array.isArray(response?.summary) ? (response.summary as IDataObject[]) : [];
	const entry = summary.find((record) => record.referenceId === referenceId) ?? summary[0];
	return [{ json: entry ?? { referenceId, reactionsCountMap: { like: 0, comment: 0 } } }];
}
