import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../helpers/descriptions';
import { recordsToItems } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['group'], operation: ['getAll'] };

export const description: INodeProperties[] = [
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
				displayName: 'Include Sub-Groups',
				name: 'fetchAllGroups',
				type: 'boolean',
				default: false,
				description: 'Whether to list sub-groups too, not only the top-level groups the user can reach',
			},
			{
				displayName: 'Show Details',
				name: 'showDetail',
				type: 'boolean',
				default: false,
				description: 'Whether to return every detail of each group (role, counts, welcome message)',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (options.showDetail === true) qs.showDetail = true;
	if (options.fetchAllGroups === true) qs.fetchAllGroups = true;

	const response = (await kaizalaApiRequest.call(this, { method: 'GET', path: 'groups', qs }, itemIndex)) as
		| IDataObject
		| undefined;
	return recordsToItems(this, response?.groups, itemIndex);
}
