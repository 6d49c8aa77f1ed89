import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../helpers/descriptions';
import { cursorListing, cursorOptionsField, reactionTarget, reactionTargetFields } from './shared';

const operations = ['getAll'];
const show = { resource: ['reaction'], operation: operations };

export const description: INodeProperties[] = [
	...reactionTargetFields(operations, true),
	{
		displayName: 'Reaction Type',
		name: 'reactionType',
		type: 'options',
		default: 'Like',
		options: [
			{ name: 'Comment', value: 'Comment' },
			{ name: 'Like', value: 'Like' },
		],
		description: 'Kaizala lists one type at a time',
		displayOptions: { show },
	},
	...returnAllOrLimit({ show }),
	cursorOptionsField(operations),
];

/** GET /groups/{groupId}/reaction/{referenceId}: who liked or commented, one item each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { groupId, sourceGroupId, referenceId } = reactionTarget(this, itemIndex, true);
	const reactionType = this.getNodeParameter('reactionType', itemIndex, 'Like') as string;
	return await cursorListing(
		this,
		itemIndex,
		`groups/${groupId}/reaction/${referenceId}`,
		{ sourceGroupId, reactionType },
		'reactionDetails',
		{ referenceId, reactionType },
	);
}
