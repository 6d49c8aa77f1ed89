import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, phoneBatchParameter } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['member'], operation: ['add'] };

export const description: INodeProperties[] = [
	groupLocator({ show }),
	{
		displayName: 'Members',
		name: 'members',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+919999999999, +919999999998',
		description:
			'Mobile numbers with country code of the people to add, as a list or separated by commas (at most 100). They join as members; the token user must be a group admin.',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const members = phoneBatchParameter(this, 'members', 'Members', itemIndex);

	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'PUT', path: `groups/${groupId}/members`, body: { members } },
		itemIndex,
	)) as IDataObject | undefined;
	return [{ json: { ...(response && typeof response === 'object' ? response : {}), groupId, members } }];
}
