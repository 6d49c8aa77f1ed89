/** Action → Send → Job: a task for group members, due within some hours. */
import { phoneListParameter } from '../../../helpers/items';
import type { ActionTypeModule } from './common';
import { dueHoursParameter, forActionType, titleParameter } from './common';

const VALUE = 'Job';

export const job: ActionTypeModule = {
	option: { name: 'Job', value: VALUE, description: 'A task for group members, due within some hours' },
	uses: ['title', 'due'],
	fields: forActionType(VALUE, [
		{
			displayName: 'Assignees',
			name: 'assignedTo',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. +15550100002, +15550100003',
			description: 'Mobile numbers (with country code) of group members, as a list or separated by commas',
		},
	]),
	request(ctx, itemIndex) {
		const title = titleParameter(ctx, itemIndex);
		const assignedTo = phoneListParameter(ctx, 'assignedTo', 'Assignees', itemIndex, { required: true });
		return { actionType: VALUE, actionBody: { title, assignedTo, dueDate: dueHoursParameter(ctx, itemIndex) } };
	},
};
