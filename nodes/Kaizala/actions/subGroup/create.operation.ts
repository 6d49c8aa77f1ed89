import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, optionalTextParameter, phoneListParameter, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { checkMaxItems, checkMessageText, MAX_GROUP_NAME_LENGTH, MAX_PHONE_NUMBERS_PER_CALL } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['subGroup'], operation: ['create'] };

export const description: INodeProperties[] = [
	groupLocator({ show }, { displayName: 'Parent Group', description: 'The group the new sub-group goes under; the token user must be its admin' }),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Field Team - South',
		description: 'Name of the new sub-group, up to 256 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Welcome Message',
		name: 'welcomeMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Southern region crew',
		description: 'Message shown to people when they join the sub-group',
		displayOptions: { show },
	},
	{
		displayName: 'Members',
		name: 'members',
		type: 'string',
		default: '',
		placeholder: '+919999999999, +919999999998',
		description: 'Mobile numbers with country code of people to add, as a list or separated by commas (at most 100)',
		displayOptions: { show },
	},
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
	const groupName = valid(
		this,
		checkMessageText(this.getNodeParameter('name', itemIndex), MAX_GROUP_NAME_LENGTH),
		'Name',
		itemIndex,
	).trim();
	const welcomeMessage = optionalTextParameter(this, 'welcomeMessage', 'Welcome Message', itemIndex);
	const members = valid(
		this,
		checkMaxItems(phoneListParameter(this, 'members', 'Members', itemIndex), MAX_PHONE_NUMBERS_PER_CALL),
		'Members',
		itemIndex,
	);
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
