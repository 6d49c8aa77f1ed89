import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { newGroupFields } from '../../helpers/descriptions';
import { groupNameParameter, optionalTextParameter, phoneBatchParameter, responseToItem } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['group'], operation: ['create'] };

const fields = newGroupFields({ show }, 'group', {
	namePlaceholder: 'e.g. Field Team',
	welcomePlaceholder: 'e.g. Welcome to the field team!',
	membersNote: '. The token user always joins as the group admin.',
});

export const description: INodeProperties[] = [
	fields.name,
	fields.welcomeMessage,
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
	fields.members,
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = groupNameParameter(this, itemIndex);
	const welcomeMessage = optionalTextParameter(this, 'welcomeMessage', 'Welcome Message', itemIndex);
	const groupType = this.getNodeParameter('groupType', itemIndex, 'Group') as string;
	const members = phoneBatchParameter(this, 'members', 'Members', itemIndex, false);

	const body: IDataObject = { name, welcomeMessage, groupType };
	if (members.length > 0) body.members = members;

	const response = await kaizalaApiRequest.call(this, { method: 'POST', path: 'groups', body }, itemIndex);
	return responseToItem(response);
}
