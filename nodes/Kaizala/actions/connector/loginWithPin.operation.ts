import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { phoneParameter, valid } from '../../helpers/input';
import { connectorIdOf, kaizalaTokenServiceRequest } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'PIN',
		name: 'pin',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The PIN Kaizala sent by SMS after Generate PIN',
		displayOptions: { show: { resource: ['connector'], operation: ['loginWithPin'] } },
	},
	{
		displayName:
			'The output holds a refresh token: a secret worth 365 days of access. Paste it into a Kaizala API credential and do not keep it in workflow data.',
		name: 'refreshTokenNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['connector'], operation: ['loginWithPin'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mobileNumber = phoneParameter(this, 'mobileNumber', 'Mobile Number', itemIndex);
	const pinText = String(this.getNodeParameter('pin', itemIndex, '')).trim();
	const pin = valid(
		this,
		// The reference types the PIN as an integer.
		/^\d{4,8}$/.test(pinText) ? { ok: true, value: Number(pinText) } : { ok: false, problem: 'must be the 4 to 8 digits sent by SMS' },
		'PIN',
		itemIndex,
	);
	const applicationId = await connectorIdOf(this, itemIndex);
	const response = (await kaizalaTokenServiceRequest.call(
		this,
		{ method: 'POST', path: 'loginWithPinAndApplicationId', body: { mobileNumber, applicationId, pin } },
		itemIndex,
	)) as IDataObject;
	const expiry = Number(response?.refreshTokenExpiry);
	return [
		{
			json: {
				mobileNumber,
				...response,
				...(Number.isFinite(expiry) && expiry > 0 ? { refreshTokenExpiresAt: new Date(expiry).toISOString() } : {}),
			},
		},
	];
}
