import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { phoneParameter } from '../../helpers/items';
import { connectorIdOf, kaizalaTokenServiceRequest } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Mobile Number',
		name: 'mobileNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+919999999999',
		description: 'The Kaizala user\'s mobile number with country code; Kaizala texts the PIN to it',
		displayOptions: { show: { resource: ['connector'], operation: ['generatePin', 'loginWithPin'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mobileNumber = phoneParameter(this, 'mobileNumber', 'Mobile Number', itemIndex);
	const applicationId = await connectorIdOf(this, itemIndex);
	await kaizalaTokenServiceRequest.call(
		this,
		{ method: 'POST', path: 'generatePin', body: { mobileNumber, applicationId } },
		itemIndex,
	);
	return [{ json: { mobileNumber, pinSent: true } }];
}
