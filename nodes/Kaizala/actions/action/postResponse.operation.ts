import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { guidParameter, jsonParameter, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { kaizalaApiRequest } from '../../transport';
import { actionIdParameter } from './shared';

const show = { resource: ['action'], operation: ['postResponse'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Respond To',
		name: 'responseType',
		type: 'options',
		default: 'Job',
		options: [
			{ name: 'Job', value: 'Job', description: 'Mark the job done or not done' },
			{ name: 'Survey', value: 'Survey', description: 'Answer every question, in order' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Completed',
		name: 'isCompleted',
		type: 'boolean',
		default: true,
		displayOptions: { show: { ...show, responseType: ['Job'] } },
	},
	{
		displayName: 'Answers (JSON)',
		name: 'answers',
		type: 'json',
		default: '[]',
		description: 'One answer per question, in order: the option title (or a list of titles) for choice questions, text, numbers, dates as epoch ms',
		displayOptions: { show: { ...show, responseType: ['Survey'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const actionId = actionIdParameter(this, itemIndex);
	const actionType = this.getNodeParameter('responseType', itemIndex) as string;
	let actionBody: IDataObject;
	if (actionType === 'Job') {
		actionBody = { isCompleted: this.getNodeParameter('isCompleted', itemIndex, true) as boolean };
	} else {
		const answers = jsonParameter(this, 'answers', 'Answers (JSON)', itemIndex);
		if (!Array.isArray(answers)) valid(this, { ok: false, problem: 'must be a JSON array' }, 'Answers (JSON)', itemIndex);
		actionBody = { answers: answers as IDataObject[] };
	}
	const response = await kaizalaApiRequest.call(
		this,
		{ method: 'POST', path: `groups/${groupId}/actions/${actionId}/responses`, body: { actionType, actionBody } },
		itemIndex,
	);
	return responseToItem(response);
}
