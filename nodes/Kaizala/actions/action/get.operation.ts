import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/input';
import { kaizalaApiRequest } from '../../transport';
import { actionIdField, actionIdParameter } from './shared';

export const description: INodeProperties[] = [
	groupLocator({ show: { resource: ['action'], operation: ['get', 'getResponses', 'postResponse'] } }),
	actionIdField(['get', 'getResponses', 'postResponse']),
	{
		displayName: 'Include Details',
		name: 'getDetails',
		type: 'boolean',
		default: true,
		description: 'Whether to include the drill-down details: for jobs and surveys, every response',
		displayOptions: { show: { resource: ['action'], operation: ['get'] } },
	},
];

/** GET the action, with its drill-down details when `getDetails` (responses included). */
export async function fetchAction(ctx: IExecuteFunctions, itemIndex: number, getDetails: boolean): Promise<IDataObject> {
	const groupId = guidParameter(ctx, 'groupId', 'Group', itemIndex);
	const actionId = actionIdParameter(ctx, itemIndex);
	return (await kaizalaApiRequest.call(
		ctx,
		{ method: 'GET', path: `groups/${groupId}/actions/${actionId}`, qs: { getDetails } },
		itemIndex,
	)) as IDataObject;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const getDetails = this.getNodeParameter('getDetails', itemIndex, true) as boolean;
	return [{ json: await fetchAction(this, itemIndex, getDetails) }];
}
