import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchAction } from './shared';

export const description: INodeProperties[] = [
	{
		displayName:
			'Outputs one item per response to the job, survey or custom action (read from its details); an action without responses outputs no items',
		name: 'responsesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['action'], operation: ['getResponses'] } },
	},
];

/** One item per response, with the action's id and type next to each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const action = await fetchAction(this, itemIndex, true);
	const details = (action.actionDetails ?? {}) as IDataObject;
	const responses = Array.isArray(details.responses) ? (details.responses as IDataObject[]) : [];
	const actionId = action.actionId ?? details.actionId;
	return responses.map((response) => ({ json: { actionId, actionType: action.actionType, ...response } }));
}
