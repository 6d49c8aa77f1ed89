import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/input';
import { kaizalaApiRequest } from '../../transport';
import { actionIdField, actionIdParameter } from './shared';

export const description: INodeProperties[] = [
	groupLocator({ show: { resource: ['action'], operation: ['get', 'getResponses', 'postResponse'] } }),
	actionIdField(['get', 'getResponses', 'postResponse']),
];

/** The action with its details (getDetails=true includes the responses). */
export async function fetchAction(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const groupId = guidParameter(ctx, 'groupId', 'Group', itemIndex);
	const actionId = actionIdParameter(ctx, itemIndex);
	return (await kaizalaApiRequest.call(
		ctx,
		{ method: 'GET', path: `groups/${groupId}/actions/${actionId}`, qs: { getDetails: true } },
		itemIndex,
	)) as IDataObject;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return [{ json: await fetchAction(this, itemIndex) }];
}
