import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import * as accessToken from './accessToken';
import * as action from './action';
import * as connector from './connector';
import * as customApiCall from './customApiCall';
import * as group from './group';
import * as media from './media';
import * as member from './member';
import * as message from './message';
import * as reaction from './reaction';
import * as subGroup from './subGroup';
import * as subscriber from './subscriber';
import * as webhook from './webhook';

type OperationRun = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

interface ResourceModule {
	description: INodeProperties[];
	[operation: string]: { execute: OperationRun } | INodeProperties[];
}

/** Every resource of the node, in the order the editor lists them. */
export const resources: Array<{ name: string; value: string; module: ResourceModule }> = [
	{ name: 'Access Token', value: 'accessToken', module: accessToken },
	{ name: 'Group', value: 'group', module: group },
	{ name: 'Member', value: 'member', module: member },
	{ name: 'Message', value: 'message', module: message },
	{ name: 'Media', value: 'media', module: media },
	{ name: 'Action', value: 'action', module: action },
	{ name: 'Reaction', value: 'reaction', module: reaction },
	{ name: 'Sub-Group', value: 'subGroup', module: subGroup },
	{ name: 'Subscriber', value: 'subscriber', module: subscriber },
	{ name: 'Webhook', value: 'webhook', module: webhook },
	{ name: 'Connector', value: 'connector', module: connector },
	{ name: 'Custom API Call', value: 'customApiCall', module: customApiCall },
];

export const operationsByResource: Record<string, Record<string, OperationRun>> = Object.fromEntries(
	resources.map(({ value, module }) => [
		value,
		Object.fromEntries(
			Object.entries(module)
				.filter(([name, op]) => name !== 'description' && typeof (op as { execute?: unknown }).execute === 'function')
				.map(([name, op]) => [name, (op as { execute: OperationRun }).execute]),
		),
	]),
);
