/** Action → Send → Custom Action Package: an instance of a package deployed to the organisation. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { throwInvalid, jsonParameter, requiredTextParameter, textValue } from '../../../helpers/items';
import type { ActionTypeModule } from './common';
import { forActionType, wholeHours } from './common';
import { MAX_TITLE_LENGTH } from '../../../helpers/validation';

const VALUE = 'custom';

/** Property types of a custom action package instance (actions_post.md, Property object). */
export const PROPERTY_TYPES = ['Text', 'Numeric', 'Location', 'DateTime', 'StringList', 'Attachment', 'StringSet', 'AttachmentList'];

const properties: INodeProperties = {
	displayName: 'Properties (JSON)',
	name: 'properties',
	type: 'json',
	default: '[\n  { "name": "site", "type": "Text", "value": "North yard" }\n]',
	description: `The package's properties to set: an array of <code>{"name", "type", "value"}</code>; type is one of ${PROPERTY_TYPES.join(', ')}. Values are sent as text (others as JSON text).`,
};

const customOptions: INodeProperties = {
	displayName: 'Options',
	name: 'customOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			description: 'Overrides the title the package gives its instances',
		},
		{
			displayName: 'Valid For (Hours)',
			name: 'validity',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 24,
			description: 'Hours the instance accepts responses',
		},
	],
};

function customProperties(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const field = properties.displayName;
	let parsed = jsonParameter(ctx, properties.name, field, itemIndex);
	// The whole actionBody pasted from the reference is fine too.
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Array.isArray((parsed as IDataObject).properties)) {
		parsed = (parsed as IDataObject).properties;
	}
	if (!Array.isArray(parsed)) throwInvalid(ctx, 'must be a JSON array of {"name", "type", "value"} objects', field, itemIndex);
	return (parsed as unknown[]).map((raw, index) => {
		const where = `→ property ${index + 1}`;
		if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throwInvalid(ctx, `${where} is not an object`, field, itemIndex);
		const property = raw as IDataObject;
		const name = typeof property.name === 'string' ? property.name.trim() : '';
		if (!name) throwInvalid(ctx, `${where} has no name`, field, itemIndex);
		const type = PROPERTY_TYPES.find((candidate) => candidate.toLowerCase() === String(property.type ?? '').trim().toLowerCase());
		if (!type) {
			throwInvalid(ctx, `${where} ("${name}") has type "${String(property.type ?? '')}"; use one of ${PROPERTY_TYPES.join(', ')}`, field, itemIndex);
		}
		if (property.value === undefined || property.value === null) throwInvalid(ctx, `${where} ("${name}") has no value`, field, itemIndex);
		const value = typeof property.value === 'string' ? property.value : JSON.stringify(property.value);
		return { name, type, value };
	});
}

export const custom: ActionTypeModule = {
	option: {
		name: 'Custom Action Package',
		value: VALUE,
		description: 'An instance of an action package deployed to your organisation',
	},
	uses: [],
	fields: forActionType(VALUE, [
		{
			displayName: 'Action Package ID',
			name: 'packageId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. com.contoso.inspection',
			description: 'The ID of an action package deployed to your organisation (shown in the Kaizala Management Portal)',
		},
		properties,
	]),
	options: forActionType(VALUE, [customOptions])[0],
	request(ctx, itemIndex) {
		const id = requiredTextParameter(ctx, 'packageId', 'Action Package ID', itemIndex);
		const packageProperties = customProperties(ctx, itemIndex);
		const options = ctx.getNodeParameter(customOptions.name, itemIndex, {}) as IDataObject;
		const actionBody: IDataObject = { properties: packageProperties };
		const title = textValue(ctx, options.title, 'Title', itemIndex, MAX_TITLE_LENGTH).trim();
		if (title) actionBody.title = title;
		if (options.validity !== undefined) actionBody.validity = wholeHours(ctx, options.validity, 'Valid For (Hours)', itemIndex);
		return { id, actionBody };
	},
};
