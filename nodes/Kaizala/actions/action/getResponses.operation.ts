import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fetchAction } from './get.operation';

export const description: INodeProperties[] = [];

/** One item per response, with the action's id next to each. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const action = await fetchAction(this, itemIndex);
	const details = (action.actionDetails ?? {}) as IDataObject;
	const responses = (details.responses ?? []) as IDataObject[];
	return responses.map((response) => ({ json: { actionId: action.actionId, ...response } }));
}
