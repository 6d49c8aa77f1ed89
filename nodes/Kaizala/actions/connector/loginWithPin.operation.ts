import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { phoneParameter, validOrThrow } from '../../helpers/items';
import { connectorIdOf, kaizalaTokenServiceRequest } from '../../transport';

/** Output next to the refresh token, so whoever reads the item knows it is a secret. */
export const REFRESH_TOKEN_NOTICE =
	'refreshToken is a secret (365 days of access for this user through this connector): paste it into a Kaizala API credential, and do not store, share or log this item';

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
			'The output holds a refresh token (field refreshToken, listed in secretFields): a secret worth 365 days of access. Paste it into a Kaizala API credential and do not keep it in workflow data; turn off saving of execution data for this workflow.',
		name: 'refreshTokenNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['connector'], operation: ['loginWithPin'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mobileNumber = phoneParameter(this, 'mobileNumber', 'Mobile Number', itemIndex);
	const pinText = String(this.getNodeParameter('pin', itemIndex, '')).trim();
	const pin = validOrThrow(
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
				secretFields: ['refreshToken'],
				notice: REFRESH_TOKEN_NOTICE,
			},
		},
	];
}
