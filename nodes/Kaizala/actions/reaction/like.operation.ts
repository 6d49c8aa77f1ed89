import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { messageTextParameter } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { kaizalaApiRequest } from '../../transport';
import { reactionTarget, reactionTargetFields } from './shared';

export const description: INodeProperties[] = reactionTargetFields(['like'], true);

/** POST /groups/{groupId}/reaction (reactions.md); Like and Comment differ only in the comment. */
export async function react(ctx: IExecuteFunctions, itemIndex: number, reactionType: 'Like' | 'Comment'): Promise<INodeExecutionData[]> {
	const { groupId, sourceGroupId, referenceId } = reactionTarget(ctx, itemIndex, true);
	const body: IDataObject = { referenceId, sourceGroupId, reactionType };
	if (reactionType === 'Comment') body.comment = messageTextParameter(ctx, 'comment', 'Comment', itemIndex);
	const response = await kaizalaApiRequest.call(ctx, { method: 'POST', path: `groups/${groupId}/reaction`, body }, itemIndex);
	return [{ json: { ...responseToItem(response)[0].json, referenceId, reactionType } }];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await react(this, itemIndex, 'Like');
}
