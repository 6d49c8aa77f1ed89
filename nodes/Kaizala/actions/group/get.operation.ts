import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, responseToItem } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['group'], operation: ['get'] };

export const description: INodeProperties[] = [groupLocator({ show })];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'GET', path: `groups/${groupId}` },
		itemIndex,
	)) as IDataObject | undefined;
	// The reference wraps the one group in a `groups` array: output the group itself.
	const groups = response?.groups;
	if (Array.isArray(groups) && groups.length > 0) return [{ json: groups[0] as IDataObject }];
	return responseToItem(response);
}
