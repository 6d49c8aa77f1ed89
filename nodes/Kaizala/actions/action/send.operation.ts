import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../helpers/descriptions';
import { guidParameter, jsonParameter, messageTextParameter, phoneListParameter, valid } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { toList } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['action'], operation: ['send'] };
const forType = (...types: string[]) => ({ show: { ...show, actionType: types } });

const QUESTION_TYPES = ['SingleOption', 'MultiOption', 'Text', 'Numeric', 'Date', 'DateTime', 'Location', 'Image', 'AttachmentList'];

export const description: INodeProperties[] = [
	groupLocator({ show }),
	{
		displayName: 'Action Type',
		name: 'actionType',
		type: 'options',
		default: 'Announcement',
		options: [
			{ name: 'Announcement', value: 'Announcement', description: 'A message with a title and optional images' },
			{ name: 'Custom Action Package', value: 'custom', description: 'An instance of your own action package' },
			{ name: 'Job', value: 'Job', description: 'A task assigned to members, with a due time' },
			{ name: "Let's Meet", value: 'LetsMeet', description: 'A meeting invitation' },
			{ name: 'Poll', value: 'Poll', description: 'A question with choices' },
			{ name: 'Survey', value: 'Survey', description: 'Questions of several types; collect the responses later' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		displayOptions: forType('Announcement', 'Job', 'Survey', 'LetsMeet'),
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'Up to 4,000 characters',
		displayOptions: forType('Announcement'),
	},
	{
		displayName: 'Image Media Resources',
		name: 'mediaResources',
		type: 'string',
		default: '',
		placeholder: '{{ $json.mediaResource }}',
		description: 'Media resources from Media → Upload, as a list or comma-separated',
		displayOptions: forType('Announcement'),
	},
	{
		displayName: 'Assignees',
		name: 'assignedTo',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+15550100002, +15550100003',
		description: 'Mobile numbers of group members, as a list or comma-separated',
		displayOptions: forType('Job'),
	},
	{
		displayName: 'Due In (Hours)',
		name: 'dueInHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		displayOptions: forType('Job', 'Survey'),
	},
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		default: '',
		required: true,
		displayOptions: forType('Poll'),
	},
	{
		displayName: 'Choices',
		name: 'choices',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Yes, No, Maybe',
		description: 'At least two, as a list or comma-separated',
		displayOptions: forType('Poll'),
	},
	{
		displayName: 'Questions',
		name: 'questions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Question',
		default: {},
		displayOptions: forType('Survey'),
		options: [
			{
				name: 'question',
				displayName: 'Question',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', default: '' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'SingleOption',
						options: QUESTION_TYPES.map((type) => ({ name: type.replace(/([a-z])([A-Z])/g, '$1 $2'), value: type })),
					},
					{
						displayName: 'Options',
						name: 'options',
						type: 'string',
						default: '',
						placeholder: 'Red, Green, Blue',
						description: 'For single and multiple choice questions, comma-separated',
					},
				],
			},
		],
	},
	{
		displayName: 'Starts At',
		name: 'startingTime',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: forType('LetsMeet'),
	},
	{
		displayName: 'Duration (Minutes)',
		name: 'durationInMins',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		displayOptions: forType('LetsMeet'),
	},
	{
		displayName: 'Agenda',
		name: 'agenda',
		type: 'string',
		default: '',
		displayOptions: forType('LetsMeet'),
	},
	{
		displayName: 'Action Package ID',
		name: 'packageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'com.contoso.inspection',
		displayOptions: forType('custom'),
	},
	{
		displayName: 'Action Body (JSON)',
		name: 'actionBody',
		type: 'json',
		default: '{\n  "title": "",\n  "properties": []\n}',
		description: 'The package\'s action body: title, validity and properties (name, type, value)',
		displayOptions: forType('custom'),
	},
	{
		displayName: 'Send To',
		name: 'audience',
		type: 'options',
		default: 'group',
		options: [
			{ name: 'Group', value: 'group' },
			{ name: 'All Subscribers (Public Group)', value: 'allSubscribers' },
			{ name: 'Chosen Subscribers (Public Group)', value: 'chosenSubscribers' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Subscribers',
		name: 'subscribers',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+919999999999, +919999999998',
		displayOptions: { show: { ...show, audience: ['chosenSubscribers'] } },
	},
];

function text(ctx: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	const value = String(ctx.getNodeParameter(name, itemIndex, '')).trim();
	return valid(ctx, value ? { ok: true, value } : { ok: false, problem: 'is empty' }, field, itemIndex);
}

function surveyQuestions(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const rows = ctx.getNodeParameter('questions.question', itemIndex, []) as IDataObject[];
	if (rows.length === 0) valid(ctx, { ok: false, problem: 'needs at least one question' }, 'Questions', itemIndex);
	return rows.map((row, index) => {
		const title = String(row.title ?? '').trim();
		if (!title) valid(ctx, { ok: false, problem: `${index + 1} has no title` }, 'Question', itemIndex);
		const options = toList(row.options).map((option) => ({ title: option }));
		if ((row.type === 'SingleOption' || row.type === 'MultiOption') && options.length < 2) {
			valid(ctx, { ok: false, problem: `"${title}" needs at least two options` }, 'Question', itemIndex);
		}
		return { title, type: row.type, ...(options.length ? { options } : {}) };
	});
}

function actionRequest(ctx: IExecuteFunctions, type: string, itemIndex: number): IDataObject {
	switch (type) {
		case 'Announcement':
			return {
				actionType: 'Announcement',
				actionBody: {
					title: text(ctx, 'title', 'Title', itemIndex),
					message: messageTextParameter(ctx, 'message', 'Message', itemIndex),
					mediaResources: toList(ctx.getNodeParameter('mediaResources', itemIndex, '')),
				},
			};
		case 'Job':
			return {
				actionType: 'Job',
				actionBody: {
					title: text(ctx, 'title', 'Title', itemIndex),
					assignedTo: phoneListParameter(ctx, 'assignedTo', 'Assignees', itemIndex, { required: true }),
					dueDate: ctx.getNodeParameter('dueInHours', itemIndex, 24) as number,
				},
			};
		case 'Poll': {
			const choices = toList(ctx.getNodeParameter('choices', itemIndex, ''));
			if (choices.length < 2) valid(ctx, { ok: false, problem: 'needs at least two choices' }, 'Choices', itemIndex);
			return {
				actionType: 'Poll',
				actionBody: { question: text(ctx, 'question', 'Question', itemIndex), choices: choices.map((title) => ({ title })) },
			};
		}
		case 'Survey':
			return {
				actionType: 'Survey',
				actionBody: {
					title: text(ctx, 'title', 'Title', itemIndex),
					questions: surveyQuestions(ctx, itemIndex),
					dueDate: ctx.getNodeParameter('dueInHours', itemIndex, 24) as number,
				},
			};
		case 'LetsMeet': {
			const start = Date.parse(String(ctx.getNodeParameter('startingTime', itemIndex, '')));
			if (Number.isNaN(start)) valid(ctx, { ok: false, problem: 'is not a date and time' }, 'Starts At', itemIndex);
			return {
				actionType: 'LetsMeet',
				actionBody: {
					title: text(ctx, 'title', 'Title', itemIndex),
					startingTime: new Date(start).toISOString(),
					durationInMins: ctx.getNodeParameter('durationInMins', itemIndex, 30) as number,
					agenda: ctx.getNodeParameter('agenda', itemIndex, '') as string,
				},
			};
		}
		default: {
			const actionBody = jsonParameter(ctx, 'actionBody', 'Action Body (JSON)', itemIndex);
			if (!actionBody || typeof actionBody !== 'object' || Array.isArray(actionBody)) {
				valid(ctx, { ok: false, problem: 'must be a JSON object' }, 'Action Body (JSON)', itemIndex);
			}
			return { id: text(ctx, 'packageId', 'Action Package ID', itemIndex), actionBody: actionBody as IDataObject };
		}
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const body = actionRequest(this, this.getNodeParameter('actionType', itemIndex) as string, itemIndex);
	const audience = this.getNodeParameter('audience', itemIndex, 'group') as string;
	if (audience === 'allSubscribers') body.sendToAllSubscribers = true;
	if (audience === 'chosenSubscribers') {
		body.subscribers = phoneListParameter(this, 'subscribers', 'Subscribers', itemIndex, { required: true });
	}
	const response = await kaizalaApiRequest.call(
		this,
		{ method: 'POST', path: `groups/${groupId}/actions`, body },
		itemIndex,
	);
	return responseToItem(response);
}
