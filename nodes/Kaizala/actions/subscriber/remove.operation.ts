import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, phoneBatchParameter } from '../../helpers/input';
import { kaizalaApiRequest } from '../../transport';
import { perNumberResult } from './shared';

const show = { resource: ['subscriber'], operation: ['remove'] };

export const description: INodeProperties[] = [
	groupLocator({ show }, { displayName: 'Public Group', description: 'A managed public group; the token user must be its admin' }),
	{
		displayName: 'Subscribers',
		name: 'subscribers',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+919999999999, +919999999998',
		description: 'Mobile numbers with country code of the subscribers to remove, as a list or separated by commas (at most 100)',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Public Group', itemIndex);
	const subscribers = phoneBatchParameter(this, 'subscribers', 'Subscribers', itemIndex);
	const response = await kaizalaApiRequest.call(
		this,
		{ method: 'PUT', path: `groups/${groupId}/subscribers/remove`, body: { subscribers } },
		itemIndex,
	);
	return perNumberResult(response, 'isRemoved', groupId);
}
