import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { audienceFields, groupLocator } from '../../helpers/descriptions';
import { audienceBody, guidParameter } from '../../helpers/input';
import { responseToItem } from '../../helpers/output';
import { kaizalaApiRequest } from '../../transport';
import { actionRequest, PROPERTY_TYPES } from './bodies';
import { actionReadBack } from './readBack';
import { QUESTION_TYPES } from './shared';

const show = { resource: ['action'], operation: ['send'] };
const forType = (...types: string[]) => ({ show: { ...show, actionType: types } });

export const description: INodeProperties[] = [
	groupLocator({ show }),
	{
		displayName: 'Action Type',
		name: 'actionType',
		type: 'options',
		default: 'Announcement',
		options: [
			{ name: 'Announcement', value: 'Announcement', description: 'A titled message, optionally with images' },
			{ name: 'Custom Action Package', value: 'custom', description: 'An instance of an action package deployed to your organisation' },
			{ name: 'Job', value: 'Job', description: 'A task for group members, due within some hours' },
			{ name: "Let's Meet", value: 'LetsMeet', description: 'A meeting invitation with time, duration, place and agenda' },
			{ name: 'Media Attachment', value: 'attachment', description: 'An uploaded image, album, audio file, document or video with a caption' },
			{ name: 'Poll', value: 'Poll', description: 'A quick question with choices' },
			{ name: 'Survey', value: 'Survey', description: 'Questions of several kinds; read the responses later' },
		],
		displayOptions: { show },
	},

	// Announcement, Job, Survey, Let's Meet
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Safety week',
		displayOptions: forType('Announcement', 'Job', 'Survey', 'LetsMeet'),
	},

	// Announcement
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Helmets on, everyone.',
		description: 'The announcement text, up to 4,000 characters',
		displayOptions: forType('Announcement'),
	},
	{
		displayName: 'Images',
		name: 'mediaResources',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.mediaResource }}',
		description: 'Media resources of uploaded images (the <code>mediaResource</code> output of Media → Upload), as a list or separated by commas',
		displayOptions: forType('Announcement'),
	},

	// Media attachment
	{
		displayName: 'Attachment Type',
		name: 'attachmentType',
		type: 'options',
		default: 'Image',
		description: 'Must match the uploaded file; Media → Upload outputs it as <code>attachmentType</code>',
		options: [
			{ name: 'Album (Several Images)', value: 'Album' },
			{ name: 'Audio', value: 'Audio' },
			{ name: 'Document', value: 'Document' },
			{ name: 'Image', value: 'Image' },
			{ name: 'Video', value: 'Video' },
		],
		displayOptions: forType('attachment'),
	},
	{
		displayName: 'Media Resource',
		name: 'mediaResource',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.mediaResource }}',
		description: 'The <code>mediaResource</code> output of Media → Upload',
		displayOptions: forType('attachment'),
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		placeholder: 'e.g. Pump 4 after the repair',
		description: 'Text shown with the file, up to 4,000 characters',
		displayOptions: forType('attachment'),
	},

	// Job
	{
		displayName: 'Assignees',
		name: 'assignedTo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +15550100002, +15550100003',
		description: 'Mobile numbers (with country code) of group members, as a list or separated by commas',
		displayOptions: forType('Job'),
	},

	// Poll
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Team lunch on Friday?',
		displayOptions: forType('Poll'),
	},
	{
		displayName: 'Define Choices',
		name: 'choicesInput',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		displayOptions: forType('Poll'),
	},
	{
		displayName: 'Choices',
		name: 'choices',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Choice',
		default: {},
		description: 'At least two',
		displayOptions: { show: { ...show, actionType: ['Poll'], choicesInput: ['fields'] } },
		options: [
			{
				name: 'choice',
				displayName: 'Choice',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', default: '', placeholder: 'e.g. Yes' },
					{
						displayName: 'Image',
						name: 'image',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.mediaResource }}',
						description: 'Optional: the media resource of an uploaded image shown with the choice',
					},
				],
			},
		],
	},
	{
		displayName: 'Choices (JSON)',
		name: 'choicesJson',
		type: 'json',
		default: '["Yes", "No"]',
		description: 'An array of choice titles, or of objects <code>{"title": "Yes", "image": "&lt;mediaResource&gt;"}</code>',
		displayOptions: { show: { ...show, actionType: ['Poll'], choicesInput: ['json'] } },
	},

	// Survey
	{
		displayName: 'Define Questions',
		name: 'questionsInput',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		displayOptions: forType('Survey'),
	},
	{
		displayName: 'Questions',
		name: 'questions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Question',
		default: {},
		displayOptions: { show: { ...show, actionType: ['Survey'], questionsInput: ['fields'] } },
		options: [
			{
				name: 'question',
				displayName: 'Question',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', default: '', placeholder: 'e.g. Is the site safe to work?' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'SingleOption',
						options: QUESTION_TYPES.map(({ name, value, description: text }) => ({ name, value, description: text })),
					},
					{
						displayName: 'Options',
						name: 'options',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						placeholder: 'e.g. Yes, No',
						description: 'At least two: separated by commas, or one per line (then an option may contain commas)',
						displayOptions: { show: { type: ['SingleOption', 'MultiOption'] } },
					},
					{
						displayName: 'Hidden',
						name: 'isInvisible',
						type: 'boolean',
						default: false,
						description: 'Whether to hide the question from responders (for values filled in by code)',
					},
				],
			},
		],
	},
	{
		displayName: 'Questions (JSON)',
		name: 'questionsJson',
		type: 'json',
		default:
			'[\n  { "title": "Is the site safe?", "type": "SingleOption", "options": ["Yes", "No"] },\n  { "title": "Notes", "type": "Text" }\n]',
		description: `An array of questions: <code>title</code>, <code>type</code> (${QUESTION_TYPES.map((t) => t.value).join(', ')}), <code>options</code> for choice questions, optional <code>isInvisible</code>`,
		displayOptions: { show: { ...show, actionType: ['Survey'], questionsInput: ['json'] } },
	},

	// Job, Survey
	{
		displayName: 'Due',
		name: 'dueType',
		type: 'options',
		default: 'hours',
		options: [
			{ name: 'Within a Number of Hours', value: 'hours' },
			{ name: 'By a Date and Time', value: 'dateTime', description: 'Rounded up to whole hours from now' },
		],
		displayOptions: forType('Job', 'Survey'),
	},
	{
		displayName: 'Due In (Hours)',
		name: 'dueInHours',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 24,
		description: 'Whole hours from now; Kaizala\'s default is 24',
		displayOptions: { show: { ...show, actionType: ['Job', 'Survey'], dueType: ['hours'] } },
	},
	{
		displayName: 'Due At',
		name: 'dueAt',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Kaizala counts due times in whole hours, so this is rounded up to the next full hour from now',
		displayOptions: { show: { ...show, actionType: ['Job', 'Survey'], dueType: ['dateTime'] } },
	},

	// Let's Meet
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
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 30,
		displayOptions: forType('LetsMeet'),
	},
	{
		displayName: 'Agenda',
		name: 'agenda',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Rota for next month',
		displayOptions: forType('LetsMeet'),
	},

	// Custom action package
	{
		displayName: 'Action Package ID',
		name: 'packageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. com.contoso.inspection',
		description: 'The ID of an action package deployed to your organisation (shown in the Kaizala Management Portal)',
		displayOptions: forType('custom'),
	},
	{
		displayName: 'Properties (JSON)',
		name: 'properties',
		type: 'json',
		default: '[\n  { "name": "site", "type": "Text", "value": "North yard" }\n]',
		description: `The package's properties to set: an array of <code>{"name", "type", "value"}</code>; type is one of ${PROPERTY_TYPES.join(', ')}. Values are sent as text (others as JSON text).`,
		displayOptions: forType('custom'),
	},

	// Recipients
	...audienceFields(show, 'an action'),

	// Options of each type
	{
		displayName: 'Options',
		name: 'pollOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forType('Poll'),
		options: [
			{
				displayName: 'Expires In (Hours)',
				name: 'expiryInHours',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 720,
				description: 'Hours until the poll closes; Kaizala\'s default is 720 (30 days)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'surveyOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forType('Survey'),
		options: [
			{
				displayName: 'Accept Multiple Responses',
				name: 'acceptMultipleResponses',
				type: 'boolean',
				default: false,
				description: 'Whether one person may respond more than once',
			},
			{
				displayName: 'Anonymous',
				name: 'isAnonymous',
				type: 'boolean',
				default: false,
				description: 'Whether responses are collected without the responders\' names',
			},
			{
				displayName: 'Results Visible to Sender Only',
				name: 'isSenderOnly',
				type: 'boolean',
				default: false,
				description: 'Whether only the sender sees the summary of responses',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'meetingOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forType('LetsMeet'),
		options: [
			{
				displayName: 'Place Latitude',
				name: 'placeLatitude',
				type: 'number',
				typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 },
				default: 0,
				description: 'Where the meeting is: latitude (needs the longitude too)',
			},
			{
				displayName: 'Place Longitude',
				name: 'placeLongitude',
				type: 'number',
				typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 },
				default: 0,
				description: 'Where the meeting is: longitude (needs the latitude too)',
			},
			{
				displayName: 'Place Name',
				name: 'placeName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Building 3, room 12',
			},
			{
				displayName: 'Summary Visible to Sender Only',
				name: 'isSenderOnly',
				type: 'boolean',
				default: false,
				description: 'Whether only the sender sees who accepted',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'customOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forType('custom'),
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
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const body: IDataObject = actionRequest(this, this.getNodeParameter('actionType', itemIndex) as string, itemIndex);
	Object.assign(body, audienceBody(this, itemIndex));
	const response = await kaizalaApiRequest.call(
		this,
		{ method: 'POST', path: `groups/${groupId}/actions`, body, resolveAmbiguous: actionReadBack(this, groupId, body, itemIndex) },
		itemIndex,
	);
	return responseToItem(response);
}
