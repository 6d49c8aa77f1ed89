import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, messageTextParameter, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { checkGuid } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';

/** Like and Comment share everything but the comment text. */
export function reactionFields(operation: string): INodeProperties[] {
	const show = { resource: ['reaction'], operation: [operation] };
	return [
		groupLocator({ show }),
		{
			displayName: 'Reference ID',
			name: 'referenceId',
			type: 'string',
			default: '',
			required: true,
			description: 'The referenceId of the action (or message) to react to',
			displayOptions: { show },
		},
		{
			displayName: 'Source Group ID',
			name: 'sourceGroupId',
			type: 'string',
			default: '',
			description: 'The group the action was sent in, when it is a sub-group of the group above; empty for the same group',
			displayOptions: { show },
		},
	];
}

export async function react(
	ctx: IExecuteFunctions,
	itemIndex: number,
	reactionType: 'Like' | 'Comment',
): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(ctx, 'groupId', 'Group', itemIndex);
	const referenceId = valid(ctx, checkGuid(ctx.getNodeParameter('referenceId', itemIndex)), 'Reference ID', itemIndex);
	const rawSource = String(ctx.getNodeParameter('sourceGroupId', itemIndex, '')).trim();
	const sourceGroupId = rawSource ? valid(ctx, checkGuid(rawSource), 'Source Group ID', itemIndex) : groupId;
	const body: IDataObject = { referenceId, sourceGroupId, reactionType };
	if (reactionType === 'Comment') body.comment = messageTextParameter(ctx, 'comment', 'Comment', itemIndex);
	const response = await kaizalaApiRequest.call(
		ctx,
		{ method: 'POST', path: `groups/${groupId}/reaction`, body },
		itemIndex,
	);
	return responseToItem(response);
}

export const description = reactionFields('like');

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await react(this, itemIndex, 'Like');
}
