import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator, subGroupLocator } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['subGroup'], operation: ['addExisting'] };

export const description: INodeProperties[] = [
	groupLocator({ show }, { displayName: 'Parent Group', description: 'The group to attach the other group under; the token user must be its admin' }),
	subGroupLocator(
		{ show },
		{
			displayName: 'Group to Add',
			description: 'An existing group to attach as a sub-group; the token user must be its admin too',
		},
		'searchGroups',
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Parent Group', itemIndex);
	const subGroupId = guidParameter(this, 'subGroupId', 'Group to Add', itemIndex);

	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'PUT', path: `groups/${groupId}/subGroups`, body: { subGroups: [subGroupId] } },
		itemIndex,
	)) as IDataObject | undefined;
	return [{ json: { ...(response && typeof response === 'object' ? response : { result: true }), parentGroupId: groupId, subGroupId } }];
}
