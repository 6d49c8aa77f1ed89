import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator, newGroupFields } from '../../helpers/descriptions';
import { groupNameParameter, guidParameter, optionalTextParameter, phoneBatchParameter, responseToItem } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['subGroup'], operation: ['create'] };

const fields = newGroupFields({ show }, 'sub-group', {
	namePlaceholder: 'e.g. Field Team - South',
	welcomePlaceholder: 'e.g. Southern region crew',
});

export const description: INodeProperties[] = [
	groupLocator({ show }, { displayName: 'Parent Group', description: 'The group the new sub-group goes under; the token user must be its admin' }),
	fields.name,
	fields.welcomeMessage,
	fields.members,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Add Me to the Sub-Group',
				name: 'addUserToGroup',
				type: 'boolean',
				default: true,
				description: 'Whether the token user joins the new sub-group (as its admin)',
			},
			{
				displayName: 'Group Image URL',
				name: 'groupImageUrl',
				type: 'string',
				default: '',
				description: 'Media URL of the sub-group picture, uploaded through Kaizala media first',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Parent Group', itemIndex);
	const groupName = groupNameParameter(this, itemIndex);
	const welcomeMessage = optionalTextParameter(this, 'welcomeMessage', 'Welcome Message', itemIndex);
	const members = phoneBatchParameter(this, 'members', 'Members', itemIndex, false);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const body: IDataObject = { groupName, welcomeMessage };
	if (members.length > 0) body.members = members;
	if (typeof options.groupImageUrl === 'string' && options.groupImageUrl.trim()) body.groupImageUrl = options.groupImageUrl.trim();
	if (options.addUserToGroup === false) body.addUserToGroup = false;

	const response = await kaizalaApiRequest.call(
		this,
		{ method: 'POST', path: `groups/${groupId}/subGroups`, body },
		itemIndex,
	);
	const [item] = responseToItem(response);
	return [{ json: { ...item.json, parentGroupId: groupId } }];
}
