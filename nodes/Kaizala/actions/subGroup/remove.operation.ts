import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator, subGroupLocator } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['subGroup'], operation: ['remove'] };

export const description: INodeProperties[] = [
	groupLocator({ show }, { displayName: 'Parent Group', description: 'The group to detach the sub-group from; the token user must be its admin' }),
	subGroupLocator({ show }, { description: 'The sub-group to detach; it stays a group of its own' }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Parent Group', itemIndex);
	const subGroupId = guidParameter(this, 'subGroupId', 'Sub-Group', itemIndex);

	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'DELETE', path: `groups/${groupId}/subGroups/${subGroupId}` },
		itemIndex,
	)) as IDataObject | undefined;
	return [{ json: { ...(response && typeof response === 'object' ? response : { result: true }), parentGroupId: groupId, subGroupId } }];
}
