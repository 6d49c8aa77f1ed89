/**
 * n8n hands an operation whatever an expression returns: a number in a choice field, an object
 * in a yes/no field. For the fields whose type the description fixes (options, boolean, number)
 * the value an expression produced is checked here, for every item, before the operation runs,
 * so a wrong type becomes an error naming the field and the item instead of a request Kaizala
 * refuses (or, worse, one it accepts). Fields set without an expression were typed by the editor
 * and are not read twice; text fields are checked by the operations' own rules (validation.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { throwInvalid } from './input';
import { describeValue } from './validation';

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
export function typedExpressionFields(properties: INodeProperties[], parameters: IDataObject): TypedField[] {
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
export function checkTypedFields(ctx: IExecuteFunctions, fields: TypedField[], itemIndex: number): void {
	for (const { path, property } of fields) {
		const problem = problemWith(property, ctx.getNodeParameter(path, itemIndex, undefined));
		if (problem) throwInvalid(ctx, problem, property.displayName, itemIndex);
	}
}
