/** Action → Post Response → Job: mark the job done, or reopen it. */
import type { INodeProperties } from 'n8n-workflow';

import type { ResponseTypeModule } from './common';
import { forResponseTypes } from './common';

const VALUE = 'Job';

const isCompleted: INodeProperties = {
	displayName: 'Completed',
	name: 'isCompleted',
	type: 'boolean',
	default: true,
	description: 'Whether the job is done (turn off to reopen it)',
};

export const job: ResponseTypeModule = {
	option: { name: 'Job', value: VALUE, description: 'Mark the job done (the token user must be an assignee)' },
	answered: false,
	fields: forResponseTypes([VALUE], [isCompleted]),
	request(ctx, itemIndex) {
		return { actionType: VALUE, actionBody: { isCompleted: ctx.getNodeParameter(isCompleted.name, itemIndex, true) as boolean } };
	},
};
