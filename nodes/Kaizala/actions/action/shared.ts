import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { actionLocator } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/input';

/** The Action picker (recent actions of the group, or a GUID) for the given operations. */
export function actionIdField(operations: string[]): INodeProperties {
	return actionLocator(
		{ show: { resource: ['action'], operation: operations } },
		{ description: 'The action: pick one of the group\'s recent actions, or give the actionId that Send or Get Many output' },
	);
}

export function actionIdParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	return guidParameter(ctx, 'actionId', 'Action', itemIndex);
}

/** Survey question types (actions_post.md; DateTime appears in its sample). */
export const QUESTION_TYPES: Array<{ name: string; value: string; description: string; answer: string }> = [
	{ name: 'Attachments', value: 'AttachmentList', description: 'Files the responder attaches', answer: 'a list of media resources' },
	{ name: 'Date', value: 'Date', description: 'A calendar date', answer: 'a date' },
	{ name: 'Date and Time', value: 'DateTime', description: 'A date with a time of day', answer: 'a date and time' },
	{ name: 'Image', value: 'Image', description: 'A photo the responder takes or picks', answer: 'a media resource' },
	{ name: 'Location', value: 'Location', description: 'A place on the map', answer: 'a location' },
	{ name: 'Multiple Choice', value: 'MultiOption', description: 'Pick any of the options', answer: 'a list of option titles' },
	{ name: 'Number', value: 'Numeric', description: 'A number', answer: 'a number' },
	{ name: 'Single Choice', value: 'SingleOption', description: 'Pick one of the options', answer: 'one option title' },
	{ name: 'Text', value: 'Text', description: 'Free text', answer: 'text' },
];

export const CHOICE_QUESTION_TYPES = ['SingleOption', 'MultiOption'];
