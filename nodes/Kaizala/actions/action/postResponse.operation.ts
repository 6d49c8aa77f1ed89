/**
 * Action → Post Response: respond to a job, a survey or a custom action as the token user. Each
 * response type's fields and body live together in `postResponse/`; this file scopes them to the
 * operation once. The Group and Action pickers are the resource's (`shared.ts`).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { guidParameter, throwInvalid, responseToItem } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';
import { responseFields, responseTypeModule } from './postResponse/index';
import { actionIdParameter } from './shared';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['action'], operation: ['postResponse'] } },
	responseFields,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const actionId = actionIdParameter(this, itemIndex);
	const type = this.getNodeParameter('responseType', itemIndex) as string;
	const module = responseTypeModule(type) ?? throwInvalid(this, `"${type}" is not a type this node can respond to`, 'Respond To', itemIndex);
	const response = await kaizalaApiRequest.call(
		this,
		{ method: 'POST', path: `groups/${groupId}/actions/${actionId}/responses`, body: module.request(this, itemIndex) },
		itemIndex,
	);
	return [{ json: { actionId, ...responseToItem(response)[0].json } }];
}
