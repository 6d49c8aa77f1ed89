/** Action → Post Response → Custom Action Package: answer an instance of a package, named by its id. */
import type { INodeProperties } from 'n8n-workflow';

import { requiredTextParameter } from '../../../helpers/items';
import { answeredBody } from './answers';
import type { ResponseTypeModule } from './common';
import { forResponseTypes } from './common';

const VALUE = 'custom';

const packageId: INodeProperties = {
	displayName: 'Action Package ID',
	name: 'responsePackageId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. com.contoso.inspection',
};

export const custom: ResponseTypeModule = {
	option: { name: 'Custom Action Package', value: VALUE, description: 'Answer an instance of an action package' },
	answered: true,
	fields: forResponseTypes([VALUE], [packageId]),
	request(ctx, itemIndex) {
		const id = requiredTextParameter(ctx, packageId.name, packageId.displayName, itemIndex);
		return { id, ...answeredBody(ctx, itemIndex) };
	},
};
