import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator, returnAllOrLimit } from '../../helpers/descriptions';
import { guidParameter, valid } from '../../helpers/input';
import { recordsToItems } from '../../helpers/output';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['action'], operation: ['getAll'] };

/** The platform returns at most this many actions per request. */
const MAX_COUNT = 100;

export const description: INodeProperties[] = [
	groupLocator({ show }),
	{
		displayName: 'Action Type',
		name: 'listActionType',
		type: 'options',
		default: 'Job',
		options: [
			{ name: 'Custom Action Package', value: 'custom' },
			{ name: 'Document', value: 'Document' },
			{ name: 'Image', value: 'Image' },
			{ name: 'Job', value: 'Job' },
			{ name: "Let's Meet", value: 'LetsMeet' },
			{ name: 'Poll', value: 'Poll' },
			{ name: 'Survey', value: 'Survey' },
		],
		description: 'Kaizala lists one type at a time (announcements cannot be listed)',
		displayOptions: { show },
	},
	{
		displayName: 'Action Package ID',
		name: 'listPackageId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...show, listActionType: ['custom'] } },
	},
	...returnAllOrLimit({ show }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	let actionType = this.getNodeParameter('listActionType', itemIndex) as string;
	if (actionType === 'custom') {
		const packageId = String(this.getNodeParameter('listPackageId', itemIndex, '')).trim();
		actionType = valid(this, packageId ? { ok: true, value: packageId } : { ok: false, problem: 'is empty' }, 'Action Package ID', itemIndex);
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? MAX_COUNT : Math.min(MAX_COUNT, this.getNodeParameter('limit', itemIndex, 50) as number);
	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'GET', path: `groups/${groupId}/actions`, qs: { actionType, count: limit } },
		itemIndex,
	)) as { actions?: unknown[] };
	return recordsToItems(this, response?.actions ?? [], itemIndex);
}
