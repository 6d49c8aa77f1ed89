import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['member'], operation: ['remove'] };

export const description: INodeProperties[] = [
	groupLocator({ show }),
	{
		displayName: 'Member ID',
		name: 'memberId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 4deffa08-8b1a-4b87-8c2f-d944565f5f31',
		description: 'The member\'s ID (a GUID), as the "ID" field of Member → Get Many returns it',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const memberId = guidParameter(this, 'memberId', 'Member ID', itemIndex);

	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'DELETE', path: `groups/${groupId}/members/${memberId}` },
		itemIndex,
	)) as IDataObject | undefined;
	return [{ json: { ...(response && typeof response === 'object' ? response : { result: true }), groupId, memberId } }];
}
