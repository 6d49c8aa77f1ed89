/**
 * The node's dispatch: which resource and operation modules exist, the checks every item gets
 * before its operation runs, and the item loop with Continue On Fail.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

import { throwInvalid } from '../helpers/items';
import { describeValue } from '../helpers/validation';
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
 * workflows, and the default (`accessToken`, in Kaizala.node.ts) too.
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

/*
 * Typed fields. n8n hands an operation whatever an expression returns: a number in a choice
 * field, an object in a yes/no field. For the fields whose type the description fixes (options,
 * boolean, number) the value an expression produced is checked for every item before the
 * operation runs, so a wrong type becomes an error naming the field and the item instead of a
 * request Kaizala refuses (or, worse, one it accepts). Fields set without an expression were
 * typed by the editor; text fields are checked by the operations' own rules (validation.ts).
 */
interface TypedField {
	/** Parameter path for getNodeParameter, e.g. 'options.placeLatitude' or 'query.parameter[0].name'. */
	path: string;
	property: INodeProperties;
}

const CHECKED_TYPES = new Set(['options', 'boolean', 'number']);

const isExpression = (value: unknown): boolean => typeof value === 'string' && value.startsWith('=');

/** Whether the property belongs to this resource and operation and is shown for the stored values. */
function shownFor(property: INodeProperties, parameters: IDataObject): boolean {
	for (const [name, allowed] of Object.entries(property.displayOptions?.show ?? {})) {
		const value = parameters[name];
		// A deciding field filled by an expression may show this one: check it too.
		if (isExpression(value) && name !== 'resource' && name !== 'operation') continue;
		if (!Array.isArray(allowed) || !allowed.includes(value as never)) return false;
	}
	return true;
}

/** Adds the checked fields at `path` (a field, or the fields of a collection's options and rows). */
function collect(path: string, property: INodeProperties, value: unknown, into: TypedField[]): void {
	if (property.type === 'collection' && value && typeof value === 'object') {
		for (const option of (property.options ?? []) as INodeProperties[]) {
			collect(`${path}.${option.name}`, option, (value as IDataObject)[option.name], into);
		}
	} else if (property.type === 'fixedCollection' && value && typeof value === 'object') {
		for (const group of (property.options ?? []) as INodePropertyCollection[]) {
			const entries = (value as IDataObject)[group.name];
			const rows = Array.isArray(entries) ? entries : entries && typeof entries === 'object' ? [entries] : [];
			rows.forEach((row, index) => {
				const prefix = Array.isArray(entries) ? `${path}.${group.name}[${index}]` : `${path}.${group.name}`;
				for (const field of group.values) collect(`${prefix}.${field.name}`, field, (row as IDataObject)[field.name], into);
			});
		}
	} else if (CHECKED_TYPES.has(property.type) && isExpression(value) && !property.typeOptions?.loadOptionsMethod) {
		into.push({ path, property });
	}
}

/**
 * The typed fields of this node's stored parameters that an expression fills, found once per
 * execution (resource and operation cannot be expressions, so they are the same for every item).
 */
function typedExpressionFields(properties: INodeProperties[], parameters: IDataObject): TypedField[] {
	const fields: TypedField[] = [];
	for (const property of properties) {
		const value = parameters[property.name];
		if (value !== undefined && shownFor(property, parameters)) collect(property.name, property, value, fields);
	}
	return fields;
}

function problemWith(property: INodeProperties, value: unknown): string | undefined {
	if (property.type === 'boolean') {
		return typeof value === 'boolean' ? undefined : `is ${describeValue(value)}, not true or false`;
	}
	if (property.type === 'number') {
		return typeof value === 'number' && Number.isFinite(value) ? undefined : `is ${describeValue(value)}, not a number`;
	}
	const choices = (property.options ?? []) as INodePropertyOptions[];
	if (choices.some((choice) => choice.value === value)) return undefined;
	return `is ${describeValue(value)}, not one of ${choices.map((choice) => `"${String(choice.value)}"`).join(', ')}`;
}

/** Throws the input error for the first typed field whose value for this item has the wrong type. */
function checkTypedFields(ctx: IExecuteFunctions, fields: TypedField[], itemIndex: number): void {
	for (const { path, property } of fields) {
		const problem = problemWith(property, ctx.getNodeParameter(path, itemIndex, undefined));
		if (problem) throwInvalid(ctx, problem, property.displayName, itemIndex);
	}
}

/**
 * The output of an item that failed under Continue On Fail: `error` is the message (as it always
 * was), with n8n's description and, for a platform answer, its HTTP code, so a workflow can branch
 * on them as it can on n8n's own nodes' errors. Messages and descriptions never carry secrets
 * (the transport's errors are written so); nothing else of the error is copied.
 */
function errorItemJson(error: unknown): IDataObject {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	if (error instanceof NodeError && typeof error.description === 'string' && error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

const NODE_PROPERTIES = resources.flatMap(({ description }) => description);

/** n8n's errors pass through with the item they belong to; anything else is wrapped. */
function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * Runs the chosen operation once per input item. Every output item is paired with its input
 * item; with Continue On Fail an item's error becomes its output and the other items go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	const typedFields = typedExpressionFields(NODE_PROPERTIES, this.getNode().parameters);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const chosen = {
				resource: String(this.getNodeParameter('resource', itemIndex)),
				operation: String(this.getNodeParameter('operation', itemIndex)),
			};
			if (!isKaizalaOperation(chosen)) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${chosen.operation}" of resource "${chosen.resource}" is not supported`,
					{ itemIndex },
				);
			}
			checkTypedFields(this, typedFields, itemIndex);
			const results = await operationModule(chosen).execute.call(this, itemIndex);
			for (const result of results) {
				returnData.push({ ...result, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: errorItemJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw withItemIndex(this, error, itemIndex);
		}
	}

	return [returnData];
}
