import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, phoneBatchParameter } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

/**
 * The add/remove answers list a result per number (`{ "+91…": { isAdded: true } }`). The output
 * keeps that and adds which numbers succeeded and which did not, with the platform's reason.
 */
export function perNumberResult(response: unknown, flag: 'isAdded' | 'isRemoved', groupId: string): INodeExecutionData[] {
	const body = (response && typeof response === 'object' && !Array.isArray(response) ? response : {}) as IDataObject;
	const result = (body.result && typeof body.result === 'object' ? body.result : {}) as Record<string, IDataObject>;
	const succeeded: string[] = [];
	const failed: IDataObject[] = [];
	for (const [mobileNumber, outcome] of Object.entries(result)) {
		const ok = outcome?.[flag] === true || outcome?.[flag] === 'true';
		if (ok) succeeded.push(mobileNumber);
		else failed.push({ mobileNumber, reason: (outcome?.reason as string) ?? '' });
	}
	const [okKey, failedKey] = flag === 'isAdded' ? ['added', 'notAdded'] : ['removed', 'notRemoved'];
	return [{ json: { ...body, groupId, [okKey]: succeeded, [failedKey]: failed } }];
}

/** The fields of Add and Remove: the public group and the numbers. */
export function subscriberFields(change: 'add' | 'remove'): INodeProperties[] {
	const show = { resource: ['subscriber'], operation: [change] };
	return [
		groupLocator({ show }, { displayName: 'Public Group', description: 'A managed public group; the token user must be its admin' }),
		{
			displayName: 'Subscribers',
			name: 'subscribers',
			type: 'string',
			default: '',
			required: true,
			placeholder: '+919999999999, +919999999998',
			description: `Mobile numbers with country code${change === 'remove' ? ' of the subscribers to remove' : ''}, as a list or separated by commas (at most 100)`,
			displayOptions: { show },
		},
	];
}

/** PUT groups/{groupId}/subscribers/{add|remove} with the item's numbers; one result per number. */
export async function changeSubscribers(ctx: IExecuteFunctions, itemIndex: number, change: 'add' | 'remove'): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(ctx, 'groupId', 'Public Group', itemIndex);
	const subscribers = phoneBatchParameter(ctx, 'subscribers', 'Subscribers', itemIndex);
	const response = await kaizalaApiRequest.call(
		ctx,
		{ method: 'PUT', path: `groups/${groupId}/subscribers/${change}`, body: { subscribers } },
		itemIndex,
	);
	return perNumberResult(response, change === 'add' ? 'isAdded' : 'isRemoved', groupId);
}
