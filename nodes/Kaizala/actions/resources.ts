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

/**
 * Every resource of the node, in the order the editor lists them: messaging first, then the
 * groups it goes to, the platform's plumbing, and the access token last. n8n's node panel heads
 * each resource's actions "<name> Actions", so Kaizala's actions are "Card" ("Action Actions"
 * read like a typo). Only names and order may change here: the values are stored in saved
 * workflows, and the default (`accessToken`, below in Kaizala.node.ts) too.
 */
export const resources: Array<{ name: string; value: KaizalaResource; description: INodeProperties[] }> = (
	[
		['Message', 'message'],
		['Card', 'action'],
		['Reaction', 'reaction'],
		['Media', 'media'],
		['Group', 'group'],
		['Sub-Group', 'subGroup'],
		['Member', 'member'],
		['Subscriber', 'subscriber'],
		['Webhook', 'webhook'],
		['Connector', 'connector'],
		['Custom API Call', 'customApiCall'],
		['Access Token', 'accessToken'],
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
