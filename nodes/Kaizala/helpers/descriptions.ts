/** Parameter definitions shared by several operations. */
import type { INodeProperties } from 'n8n-workflow';

import { GUID_PATTERN } from './validation';

type DisplayOptions = INodeProperties['displayOptions'];

/** The `show` part of a field's display options. */
export type Show = NonNullable<NonNullable<DisplayOptions>['show']>;

/**
 * The two ways to name a Kaizala object: picked from a searchable list, or given by ID (a GUID).
 * Returned as the `modes` member to spread into a resource locator: n8n's lint recognises mode
 * entries only inside an array keyed `modes`, and would otherwise ask each of them for a default.
 */
function guidLocatorModes(
	listPlaceholder: string,
	searchListMethod: string,
	idError: string,
): Pick<INodeProperties, 'modes'> {
	return {
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: listPlaceholder,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6c1d2f7e-8b1a-4c39-9d56-0f3e4a5b6c7d',
				validation: [
					{
						type: 'regex',
						properties: { regex: `^\\s*${GUID_PATTERN.slice(1, -1)}\\s*$`, errorMessage: idError },
					},
				],
			},
		],
	};
}

/** A group picked by name from a searchable list, or given by ID (a GUID). */
export function groupLocator(
	displayOptions: DisplayOptions,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Group',
		name: 'groupId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Kaizala group',
		...guidLocatorModes('Select a group...', 'searchGroups', 'Not a valid group ID (a GUID)'),
		displayOptions,
		...overrides,
	};
}

/**
 * Who receives a message or an action: the group conversation, or (in a public group) all or
 * some of its subscribers. Read back by `audienceBody`.
 */
export function audienceFields(show: NonNullable<DisplayOptions>['show'], sent: 'a message' | 'an action'): INodeProperties[] {
	return [
		{
			displayName: 'Send To',
			name: 'audience',
			type: 'options',
			default: 'group',
			description: `In a public group, ${sent} can go to its subscribers instead of the group conversation`,
			options: [
				{ name: 'Group', value: 'group', description: 'Post in the group conversation' },
				{
					name: 'All Subscribers (Public Group)',
					value: 'allSubscribers',
					description: 'Send to every subscriber of the public group; the token user must be its admin',
				},
				{
					name: 'Chosen Subscribers (Public Group)',
					value: 'chosenSubscribers',
					description: 'Send only to the subscribers listed below',
				},
			],
			displayOptions: { show },
		},
		{
			displayName: 'Subscribers',
			name: 'subscribers',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. +15550100003, +15550100005',
			description: 'Mobile numbers (with country code) of subscribers, as a list or separated by commas',
			displayOptions: { show: { ...show, audience: ['chosenSubscribers'] } },
		},
	];
}

/** Return All + Limit for list operations. */
export function returnAllOrLimit(displayOptions: DisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: {
				...displayOptions,
				show: { ...(displayOptions?.show ?? {}), returnAll: [false] },
			},
		},
	];
}

/**
 * A sub-group of the group chosen in `groupId`, picked from its sub-groups or given by ID.
 * Also used for any second group (e.g. the group to attach), with `searchListMethod` overridden.
 */
export function subGroupLocator(
	displayOptions: DisplayOptions,
	overrides: Partial<INodeProperties> = {},
	searchListMethod = 'searchSubGroups',
): INodeProperties {
	return groupLocator(displayOptions, {
		displayName: 'Sub-Group',
		name: 'subGroupId',
		description: 'A sub-group of the group above',
		...guidLocatorModes('Select a sub-group...', searchListMethod, 'Not a valid group ID (a GUID)'),
		...overrides,
	});
}

/**
 * An action (job, survey, poll, let's meet…) of the group chosen in `groupId`, picked from the
 * group's recent actions or given by ID (a GUID). `searchListMethod` 'searchActionReferences'
 * lists the same actions by referenceId (what reactions name).
 */
export function actionLocator(
	displayOptions: DisplayOptions,
	overrides: Partial<INodeProperties> = {},
	searchListMethod = 'searchActions',
): INodeProperties {
	return groupLocator(displayOptions, {
		displayName: 'Action',
		name: 'actionId',
		description: 'An action sent in the group above',
		...guidLocatorModes('Select an action...', searchListMethod, 'Not a valid ID (a GUID)'),
		...overrides,
	});
}

/** The text of a message or announcement (Kaizala takes up to 4,000 characters); each use says what it is. */
export function messageField(displayOptions: DisplayOptions, overrides: Pick<INodeProperties, 'description'> & Partial<INodeProperties>): INodeProperties {
	return {
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		...(displayOptions ? { displayOptions } : {}),
		...overrides,
	};
}

/** The fields of a group being created (Group → Create, Sub-Group → Create), each placed by its operation. */
export function newGroupFields(
	displayOptions: DisplayOptions,
	kind: 'group' | 'sub-group',
	texts: { namePlaceholder: string; welcomePlaceholder: string; membersNote?: string },
): { name: INodeProperties; welcomeMessage: INodeProperties; members: INodeProperties } {
	return {
		name: {
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: texts.namePlaceholder,
			description: `Name of the new ${kind}, up to 256 characters`,
			displayOptions,
		},
		welcomeMessage: {
			displayName: 'Welcome Message',
			name: 'welcomeMessage',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: texts.welcomePlaceholder,
			description: `Message shown to people when they join the ${kind}`,
			displayOptions,
		},
		members: {
			displayName: 'Members',
			name: 'members',
			type: 'string',
			default: '',
			placeholder: '+919999999999, +919999999998',
			description: `Mobile numbers with country code of people to add, as a list or separated by commas (at most 100)${texts.membersNote ?? ''}`,
			displayOptions,
		},
	};
}
