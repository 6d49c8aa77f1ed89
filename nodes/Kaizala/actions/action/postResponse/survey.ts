/** Action → Post Response → Survey: one answer per question, in order. */
import type { ResponseTypeModule } from './common';
import { answeredBody } from './answers';

const VALUE = 'Survey';

export const survey: ResponseTypeModule = {
	option: { name: 'Survey', value: VALUE, description: 'Answer every question, in order' },
	answered: true,
	fields: [],
	request(ctx, itemIndex) {
		return { actionType: VALUE, ...answeredBody(ctx, itemIndex) };
	},
};
