import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionalTextParameter, phoneListParameter, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { checkMaxItems, checkMessageText, MAX_GROUP_NAME_LENGTH, MAX_PHONE_NUMBERS_PER_CALL } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['group'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Field Team',
		description: 'Name of the new group, up to 256 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Welcome Message',
		name: 'welcomeMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Welcome to the field team!',
		description: 'Message shown to people when they join the group',
		displayOptions: { show },
	},
	{
		displayName: 'Group Type',
		name: 'groupType',
		type: 'options',
		default: 'Group',
		options: [
			{ name: 'Group', value: 'Group', description: 'A regular conversation group' },
			{
				name: 'Managed Public Group',
				value: 'ConnectGroup',
				description: 'A public group whose subscribers only see what its admins send',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Members',
		name: 'members',
		type: 'string',
		default: '',
		placeholder: '+919999999999, +919999999998',
		description:
			'Mobile numbers with country code of people to add, as a list or separated by commas (at most 100). The token user always joins as the group admin.',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = valid(
		this,
		checkMessageText(this.getNodeParameter('name', itemIndex), MAX_GROUP_NAME_LENGTH),
		'Name',
		itemIndex,
	).trim();
	const welcomeMessage = optionalTextParameter(this, 'welcomeMessage', 'Welcome Message', itemIndex);
	const groupType = this.getNodeParameter('groupType', itemIndex, 'Group') as string;
	const members = valid(
		this,
		checkMaxItems(phoneListParameter(this, 'members', 'Members', itemIndex), MAX_PHONE_NUMBERS_PER_CALL),
		'Members',
		itemIndex,
	);

	const body: IDataObject = { name, welcomeMessage, groupType };
	if (members.length > 0) body.members = members;

	const response = await kaizalaApiRequest.call(this, { method: 'POST', path: 'groups', body }, itemIndex);
	return responseToItem(response);
}
