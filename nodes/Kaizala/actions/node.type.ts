/**
 * Each resource of the Kaizala node and its operations, as n8n's Airtable v2 node types them:
 * `KaizalaNodeData` is every valid { resource, operation } pair. Each resource's `operations`
 * table `satisfies ResourceOperations<'thatResource'>`, so an operation missing here or there,
 * or one too many, fails the type check; `test/unit/nodes/Kaizala/actions/resources.test.ts`
 * checks the editor's Operation options against the same tables.
 */
import type { AllEntities, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

type NodeMap = {
	accessToken: 'get';
	group: 'create' | 'get' | 'getAll';
	member: 'add' | 'getAll' | 'remove';
	message: 'send' | 'sendAndWait';
	media: 'upload';
	action: 'get' | 'getAll' | 'getResponses' | 'postResponse' | 'send' | 'sendAndWaitForResponses';
	reaction: 'comment' | 'getAll' | 'getGroupSummary' | 'getSummary' | 'like';
	subGroup: 'addExisting' | 'create' | 'getAll' | 'remove';
	subscriber: 'add' | 'getAll' | 'remove';
	webhook: 'create' | 'delete' | 'getAll' | 'update';
	connector: 'generatePin' | 'loginWithPin';
	customApiCall: 'call';
};

export type KaizalaNodeData = AllEntities<NodeMap>;
export type KaizalaResource = keyof NodeMap;

/** One operation: its fields (already scoped to it) and what it does for one item. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

export type ResourceOperations<R extends KaizalaResource> = { [O in NodeMap[R]]: OperationModule };

/** A resource: its Operation selector and every operation's fields, then the operations themselves. */
export interface ResourceModule<R extends KaizalaResource> {
	description: INodeProperties[];
	operations: ResourceOperations<R>;
}
