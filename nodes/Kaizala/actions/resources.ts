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
import type { INodeProperties } from 'n8n-workflow';

import type { KaizalaNodeData, KaizalaResource, OperationModule, ResourceModule } from './node.type';

const RESOURCE_MODULES: { [R in KaizalaResource]: ResourceModule<R> } = {
	accessToken,
	group,
	member,
	message,
	media,
	action,
	reaction,
	subGroup,
	subscriber,
	webhook,
	connector,
	customApiCall,
};

/** Every resource of the node, in the order the editor lists them. */
export const resources: Array<{ name: string; value: KaizalaResource; description: INodeProperties[] }> = (
	[
		['Access Token', 'accessToken'],
		['Group', 'group'],
		['Member', 'member'],
		['Message', 'message'],
		['Media', 'media'],
		['Action', 'action'],
		['Reaction', 'reaction'],
		['Sub-Group', 'subGroup'],
		['Subscriber', 'subscriber'],
		['Webhook', 'webhook'],
		['Connector', 'connector'],
		['Custom API Call', 'customApiCall'],
	] as const
).map(([name, value]) => ({ name, value, description: RESOURCE_MODULES[value].description }));

function operationsOf(resource: string): Readonly<Record<string, OperationModule>> | undefined {
	return Object.entries(RESOURCE_MODULES).find(([name]) => name === resource)?.[1].operations;
}

/** Whether the pair names an operation of the node (parameters read from a workflow may not). */
export function isKaizalaOperation(chosen: { resource: string; operation: string }): chosen is KaizalaNodeData {
	const operations = operationsOf(chosen.resource);
	return operations !== undefined && Object.hasOwn(operations, chosen.operation);
}

/** Each resource's operation values, for checking them against the editor's Operation options. */
export function operationNames(resource: KaizalaResource): string[] {
	return Object.keys(RESOURCE_MODULES[resource].operations);
}

export function operationModule(chosen: KaizalaNodeData): OperationModule {
	const operations: Readonly<Record<string, OperationModule>> = RESOURCE_MODULES[chosen.resource].operations;
	return operations[chosen.operation];
}
