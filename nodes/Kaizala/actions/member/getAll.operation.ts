import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator, returnAllOrLimit } from '../../helpers/descriptions';
import { guidParameter, recordsToItems } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['member'], operation: ['getAll'] };

export const description: INodeProperties[] = [groupLocator({ show }), ...returnAllOrLimit({ show })];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'GET', path: `groups/${groupId}/members` },
		itemIndex,
	)) as IDataObject | undefined;
	return recordsToItems(this, response?.members, itemIndex);
}
