import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator, returnAllOrLimit } from '../../helpers/descriptions';
import { guidParameter, recordsToItems } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['subGroup'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	groupLocator({ show }, { displayName: 'Parent Group', description: 'The group whose sub-groups to list' }),
	...returnAllOrLimit({ show }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Include Nested Sub-Groups',
				name: 'fetchAllGroups',
				type: 'boolean',
				default: false,
				description: 'Whether to list every group beneath the parent across the hierarchy, not only its direct sub-groups',
			},
		],
	},
];

/** The swagger answers `{ ...parent, subGroups }`, the markdown `{ groups: [{ ...parent, subGroups }] }`. */
function subGroupsOf(response: IDataObject | undefined): unknown {
	if (Array.isArray(response?.subGroups)) return response.subGroups;
	const groups = response?.groups;
	if (Array.isArray(groups)) {
		return (groups as IDataObject[]).flatMap((group) => (Array.isArray(group?.subGroups) ? group.subGroups : []));
	}
	return [];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Parent Group', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (options.fetchAllGroups === true) qs.fetchAllGroups = true;

	const response = (await kaizalaApiRequest.call(
		this,
		{ method: 'GET', path: `groups/${groupId}/subGroups`, qs },
		itemIndex,
	)) as IDataObject | undefined;
	return recordsToItems(this, subGroupsOf(response), itemIndex).map((item) => ({
		json: { ...item.json, parentGroupId: groupId },
	}));
}
