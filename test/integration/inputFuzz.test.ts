/**
 * Wrong types from upstream items, in every field of every operation (issue #8, item 5).
 *
 * Operations and their fields are enumerated from the node's description, so a new operation or
 * field is fuzzed (or the coverage test fails) without editing this file's loops. For each field
 * of each operation the field is set to `={{ $json.v }}` and the node runs in n8n-core over two
 * items: one with a valid value, one with a wrong-typed value of each kind below. The sandbox's
 * own request log proves what reached it:
 * - rejected: the bad item's error names the field (its display name) and the item index, and no
 *   request was sent for it; with Continue On Fail the valid item went through exactly once, without
 *   it the run fails with that error;
 * - accepted (coerced): the bad item went through and what was sent carries no "[object Object]",
 *   "NaN" or an error status;
 * - anything else (a crash, an unclear message, a request sent then refused) fails the test.
 * One sandbox is shared; runs are sequential so every run's requests are a slice of the log.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, EXCHANGE, expectNoSecrets, startFixture } from '../helpers/fixtures';
import type { RunResult } from '../helpers/n8n';
import { loggedLines, NODE_TYPE, PackageNodeTypes, runKaizalaNode } from '../helpers/n8n';
import { processedDataTable } from '../helpers/processedData';
import { report } from '../helpers/report';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;
const PUBLIC = DEMO_GROUPS.announcements.groupId;
const TECHNICIAN = DEMO_USERS.technician;
/** Group admin of Field Team: stays a member whatever the cases remove. */
const LEAD = DEMO_USERS.fieldLead;
const CUSTOMER = DEMO_USERS.customer;
const NEW_USER = '+15550100777';

/** The wrong-typed values an upstream item may carry. */
const KINDS: Record<string, unknown> = {
	number: 42,
	object: { a: 1 },
	array: ['a', 'b'],
	null: null,
	empty: '',
	huge: 'x'.repeat(20_000),
	control: 'a\u0000b\u0007\u001b[31m\r\n',
	NaN: Number.NaN,
	boolean: true,
	nested: { values: [{ a: { b: [1, { c: null }] } }] },
};
const KIND_NAMES = Object.keys(KINDS);

/** A message that says the node itself broke rather than the input was refused. */
const CRASH = /TypeError|ReferenceError|RangeError|Cannot read|is not a function|is not iterable|undefined is not|\[object Object\]|Maximum call stack/i;
/** What a wrong value turns into when it is sent unchecked. */
const GARBAGE = /\[object Object\]|\bNaN\b/;

const description = new PackageNodeTypes().getByNameAndVersion(NODE_TYPE).description;
const properties = description.properties;

interface Seeds {
	mediaResource: string;
	jobActionId: string;
	surveyActionId: string;
	customActionId: string;
	messageReferenceId: string;
	northMessageReferenceId: string;
	fileUrl: string;
	future: string;
}

interface FuzzCase {
	/** Shown in the table, e.g. 'action.send (Poll)'. */
	name: string;
	/** Valid parameters, resource and operation included. */
	parameters: (seeds: Seeds) => IDataObject;
	/** Runs before each run, e.g. to put back what the valid item removed; returns parameters to override. */
	prepare?: (fixture: Fixture) => Promise<IDataObject | void> | IDataObject | void;
	/** Binary data each item carries (Media → Upload). */
	binary?: boolean;
	/** Send and Wait operations act on the first item only; the others pass through. */
	firstItemOnly?: boolean;
	/**
	 * Fields whose value only Kaizala can judge, passed on as given: an opaque media resource,
	 * answers that must fit the action's questions, a package ID, a Custom API Call body. A value
	 * of the right type that Kaizala refuses there, by name, is the platform's answer ("k").
	 */
	judgedByKaizala?: string[];
}

const image = () => ({ data: Buffer.from('\x89PNG\r\n\x1a\nfuzz').toString('base64'), mimeType: 'image/png', fileName: 'fuzz.png' });

const action = (actionType: string, extra: (s: Seeds) => IDataObject, operation = 'send') => (s: Seeds) => ({
	resource: 'action',
	operation,
	groupId: byId(FIELD_TEAM),
	actionType,
	...extra(s),
});
const SURVEY_QUESTIONS = { question: [{ title: 'Is the site safe?', type: 'SingleOption', options: 'Yes, No', isInvisible: false }] };
const LIMIT_WAIT = { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'hours' } } };

/**
 * Sent In Sub-Group is optional: empty (or null) means the group itself, so Kaizala looks for
 * the message there and says it is not there — the right answer for that input.
 */
const EMPTY_SOURCE_IS_THE_GROUP = ['sourceGroupId.value'];

/** Message → Send and Wait's approval question to Field Team, which both of its approval cases ask. */
const ASK_FIELD_TEAM = { resource: 'message', operation: 'sendAndWait', groupId: byId(FIELD_TEAM), message: 'Start at 6?', responseType: 'approval' };

/** Which sends: every (resource, operation) needs at least one case; variants cover fields shown only for some choices. */
/** The Idempotency Key and its options (each run starts with an empty store: runCase). */
const SEND_ONCE = { idempotencyKey: 'fuzz-key', idempotencyOptions: { keysToRemember: 100, whenUncertain: 'fail' } };

const CASES: FuzzCase[] = [
	{ name: 'accessToken.get', parameters: () => ({ resource: 'accessToken', operation: 'get' }) },
	{
		name: 'group.create',
		parameters: () => ({ resource: 'group', operation: 'create', name: 'Fuzz crew', welcomeMessage: 'Hello', groupType: 'Group', members: TECHNICIAN.mobileNumber }),
	},
	{ name: 'group.get', parameters: () => ({ resource: 'group', operation: 'get', groupId: byId(FIELD_TEAM) }) },
	{ name: 'group.getAll', parameters: () => ({ resource: 'group', operation: 'getAll', returnAll: false, limit: 5, options: { fetchAllGroups: true, showDetail: false } }) },
	{ name: 'member.add', parameters: () => ({ resource: 'member', operation: 'add', groupId: byId(NORTH), members: CUSTOMER.mobileNumber }) },
	{ name: 'member.getAll', parameters: () => ({ resource: 'member', operation: 'getAll', groupId: byId(FIELD_TEAM), returnAll: false, limit: 5 }) },
	{
		name: 'member.remove',
		parameters: () => ({ resource: 'member', operation: 'remove', groupId: byId(FIELD_TEAM), memberId: TECHNICIAN.userId }),
		prepare: (fixture) => {
			const members = fixture.sandbox.state.members;
			if (!members.some((m) => m.groupId === FIELD_TEAM && m.userId === TECHNICIAN.userId)) {
				members.push({ groupId: FIELD_TEAM, userId: TECHNICIAN.userId, role: 'Member', addedAt: Date.now() });
			}
		},
	},
	{ name: 'message.send', parameters: () => ({ resource: 'message', operation: 'send', groupId: byId(FIELD_TEAM), message: 'Shift at 8', audience: 'group', ...SEND_ONCE }) },
	{
		name: 'message.send (subscribers)',
		parameters: () => ({ resource: 'message', operation: 'send', groupId: byId(PUBLIC), message: 'Order shipped', audience: 'chosenSubscribers', subscribers: CUSTOMER.mobileNumber }),
	},
	{
		name: 'message.sendAndWait',
		firstItemOnly: true,
		parameters: () => ({
			...ASK_FIELD_TEAM,
			audience: 'group',
			approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' } },
			options: { ...LIMIT_WAIT, messageButtonLabel: 'Answer', responseFormTitle: 'Title', responseFormDescription: 'Say', responseFormButtonLabel: 'Go' },
			...SEND_ONCE,
		}),
	},
	{
		name: 'message.sendAndWait (card)',
		firstItemOnly: true,
		parameters: () => ({
			...ASK_FIELD_TEAM,
			answerIn: 'card',
			approvers: { approver: [{ member: byId(LEAD.mobileNumber) }] },
			cardOptions: { announceDecision: true, unauthorizedReply: 'Only the lead decides' },
			options: LIMIT_WAIT,
		}),
	},
	{
		name: 'message.sendAndWait (subscribers, free text)',
		firstItemOnly: true,
		parameters: () => ({
			resource: 'message',
			operation: 'sendAndWait',
			groupId: byId(PUBLIC),
			message: 'Any feedback?',
			audience: 'chosenSubscribers',
			subscribers: CUSTOMER.mobileNumber,
			responseType: 'freeText',
		}),
	},
	{
		name: 'message.sendAndWait (custom form)',
		firstItemOnly: true,
		parameters: () => ({
			resource: 'message',
			operation: 'sendAndWait',
			groupId: byId(FIELD_TEAM),
			message: 'Plan the crew',
			responseType: 'customForm',
			defineForm: 'fields',
			formFields: {
				values: [
					{
						fieldLabel: 'Tools',
						fieldType: 'checkbox',
						fieldOptions: { values: [{ option: 'Drill' }, { option: 'Saw' }] },
						limitSelection: 'range',
						minSelections: 1,
						maxSelections: 2,
						defaultValue: 'Drill',
						requiredField: true,
					},
				],
			},
		}),
	},
	{
		name: 'message.sendAndWait (custom form, JSON)',
		firstItemOnly: true,
		parameters: () => ({
			resource: 'message',
			operation: 'sendAndWait',
			groupId: byId(FIELD_TEAM),
			message: 'Plan the crew',
			responseType: 'customForm',
			defineForm: 'json',
			jsonOutput: '[{"fieldLabel": "Crew Size", "fieldType": "number", "requiredField": true}]',
		}),
	},
	{
		name: 'media.upload',
		binary: true,
		parameters: () => ({ resource: 'media', operation: 'upload', source: 'binary', binaryPropertyName: 'data', uploadOptions: { fileName: 'site.png', mimeType: 'image/png' } }),
	},
	{ name: 'media.upload (URL)', parameters: (s) => ({ resource: 'media', operation: 'upload', source: 'url', fileUrl: s.fileUrl, uploadOptions: { fileName: 'site.png' } }) },
	{ name: 'action.send (Announcement)', judgedByKaizala: ['mediaResources'], parameters: action('Announcement', (s) => ({ title: 'Safety', message: 'Helmets on', mediaResources: s.mediaResource, audience: 'group', ...SEND_ONCE })) },
	{ name: 'action.send (attachment)', judgedByKaizala: ['mediaResource'], parameters: action('attachment', (s) => ({ attachmentType: 'Image', mediaResource: s.mediaResource, caption: 'Site' })) },
	{ name: 'action.send (Job)', parameters: action('Job', () => ({ title: 'Fix pump', assignedTo: LEAD.mobileNumber, dueType: 'hours', dueInHours: 24 })) },
	{ name: 'action.send (Job, due at)', parameters: action('Job', (s) => ({ title: 'Fix pump', assignedTo: LEAD.mobileNumber, dueType: 'dateTime', dueAt: s.future })) },
	{
		name: 'action.send (LetsMeet)',
		parameters: action('LetsMeet', (s) => ({
			title: 'Stand-up',
			startingTime: s.future,
			durationInMins: 30,
			agenda: 'Plan',
			meetingOptions: { placeLatitude: 47.6, placeLongitude: -122.3, placeName: 'Depot', isSenderOnly: false },
		})),
	},
	{
		name: 'action.send (Poll)',
		judgedByKaizala: ['choices.choice[0].image'],
		parameters: action('Poll', (s) => ({ question: 'Lunch?', choicesInput: 'fields', choices: { choice: [{ title: 'Yes', image: s.mediaResource }, { title: 'No' }] }, pollOptions: { expiryInHours: 12 } })),
	},
	{ name: 'action.send (Poll, JSON)', parameters: action('Poll', () => ({ question: 'Lunch?', choicesInput: 'json', choicesJson: '["Yes", "No"]' })) },
	{
		name: 'action.send (Survey)',
		parameters: action('Survey', () => ({
			title: 'Site check',
			questionsInput: 'fields',
			questions: SURVEY_QUESTIONS,
			dueType: 'hours',
			dueInHours: 24,
			surveyOptions: { acceptMultipleResponses: true, isAnonymous: false, isSenderOnly: false },
		})),
	},
	{ name: 'action.send (Survey, JSON)', parameters: action('Survey', () => ({ title: 'Site check', questionsInput: 'json', questionsJson: '[{"title": "Safe?", "type": "Text"}]' })) },
	{
		name: 'action.send (custom)',
		parameters: action('custom', () => ({
			packageId: 'com.contoso.inspection',
			properties: '[{"name": "site", "type": "Text", "value": "North"}]',
			customOptions: { title: 'Inspection', validity: 48 },
		})),
	},
	{
		name: 'action.send (subscribers)',
		parameters: (s) => ({ ...action('Announcement', () => ({ title: 'News', message: 'Hi' }))(s), groupId: byId(PUBLIC), audience: 'chosenSubscribers', subscribers: CUSTOMER.mobileNumber }),
	},
	{
		name: 'action.getAll',
		parameters: () => ({ resource: 'action', operation: 'getAll', groupId: byId(FIELD_TEAM), listActionType: 'Job', returnAll: false, limit: 5, listFilters: { sentAfter: '2020-01-01T00:00:00Z' } }),
	},
	{ name: 'action.getAll (custom)', parameters: () => ({ resource: 'action', operation: 'getAll', groupId: byId(FIELD_TEAM), listActionType: 'custom', listPackageId: 'com.contoso.inspection', returnAll: true }) },
	{ name: 'action.get', parameters: (s) => ({ resource: 'action', operation: 'get', groupId: byId(FIELD_TEAM), actionId: byId(s.jobActionId), getDetails: true }) },
	{ name: 'action.getResponses', parameters: (s) => ({ resource: 'action', operation: 'getResponses', groupId: byId(FIELD_TEAM), actionId: byId(s.jobActionId) }) },
	{
		name: 'action.postResponse (Job)',
		parameters: (s) => ({ resource: 'action', operation: 'postResponse', groupId: byId(FIELD_TEAM), actionId: byId(s.jobActionId), responseType: 'Job', isCompleted: true }),
	},
	{
		name: 'action.postResponse (Survey)',
		judgedByKaizala: ['answers'],
		parameters: (s) => ({
			resource: 'action',
			operation: 'postResponse',
			groupId: byId(FIELD_TEAM),
			actionId: byId(s.surveyActionId),
			responseType: 'Survey',
			answersInput: 'json',
			answers: '["Yes"]',
			responseOptions: { latitude: 47.6, longitude: -122.3, locationName: 'Depot', responseName: 'Me' },
		}),
	},
	{
		name: 'action.postResponse (Survey, fields)',
		judgedByKaizala: ['answerFields.answer[0].text'],
		parameters: (s) => ({
			resource: 'action',
			operation: 'postResponse',
			groupId: byId(FIELD_TEAM),
			actionId: byId(s.surveyActionId),
			responseType: 'Survey',
			answersInput: 'fields',
			answerFields: { answer: [{ type: 'text', text: 'Yes' }] },
		}),
	},
	{
		name: 'action.postResponse (custom)',
		judgedByKaizala: ['responsePackageId'],
		parameters: (s) => ({
			resource: 'action',
			operation: 'postResponse',
			groupId: byId(FIELD_TEAM),
			actionId: byId(s.customActionId),
			responseType: 'custom',
			responsePackageId: 'com.contoso.inspection',
			answersInput: 'json',
			answers: '["ok"]',
		}),
	},
	{
		name: 'action.sendAndWaitForResponses (Job)',
		firstItemOnly: true,
		parameters: action('Job', () => ({ title: 'Fix pump', assignedTo: LEAD.mobileNumber, dueType: 'hours', dueInHours: 24, waitFor: 'responses', responseCount: 2, waitOptions: LIMIT_WAIT }), 'sendAndWaitForResponses'),
	},
	{ name: 'reaction.like', judgedByKaizala: EMPTY_SOURCE_IS_THE_GROUP, parameters: (s) => ({ resource: 'reaction', operation: 'like', groupId: byId(FIELD_TEAM), sourceGroupId: byId(NORTH), referenceId: byId(s.northMessageReferenceId) }) },
	{ name: 'reaction.comment', judgedByKaizala: EMPTY_SOURCE_IS_THE_GROUP, parameters: (s) => ({ resource: 'reaction', operation: 'comment', groupId: byId(FIELD_TEAM), sourceGroupId: byId(NORTH), referenceId: byId(s.northMessageReferenceId), comment: 'Nice' }) },
	{ name: 'reaction.getSummary', judgedByKaizala: EMPTY_SOURCE_IS_THE_GROUP, parameters: (s) => ({ resource: 'reaction', operation: 'getSummary', groupId: byId(FIELD_TEAM), sourceGroupId: byId(NORTH), referenceId: byId(s.northMessageReferenceId) }) },
	{
		name: 'reaction.getAll',
		judgedByKaizala: EMPTY_SOURCE_IS_THE_GROUP,
		parameters: (s) => ({
			resource: 'reaction',
			operation: 'getAll',
			groupId: byId(FIELD_TEAM),
			sourceGroupId: byId(NORTH),
			referenceId: byId(s.northMessageReferenceId),
			reactionType: 'Like',
			returnAll: false,
			limit: 5,
			cursorOptions: { cursor: '' },
		}),
	},
	{
		name: 'reaction.getGroupSummary',
		judgedByKaizala: EMPTY_SOURCE_IS_THE_GROUP,
		parameters: () => ({ resource: 'reaction', operation: 'getGroupSummary', groupId: byId(FIELD_TEAM), sourceGroupId: byId(NORTH), returnAll: false, limit: 5, cursorOptions: { cursor: '' } }),
	},
	{
		name: 'subGroup.addExisting',
		parameters: () => ({ resource: 'subGroup', operation: 'addExisting', groupId: byId(FIELD_TEAM), subGroupId: byId(PUBLIC) }),
		prepare: (fixture) => {
			const parent = fixture.sandbox.state.groups.get(FIELD_TEAM)!;
			parent.subGroupIds = parent.subGroupIds.filter((id) => id !== PUBLIC);
		},
	},
	{
		name: 'subGroup.create',
		parameters: () => ({ resource: 'subGroup', operation: 'create', groupId: byId(FIELD_TEAM), name: 'Fuzz sub', welcomeMessage: 'Hi', members: TECHNICIAN.mobileNumber, options: { addUserToGroup: true, groupImageUrl: 'https://example.com/a.png' } }),
	},
	{ name: 'subGroup.getAll', parameters: () => ({ resource: 'subGroup', operation: 'getAll', groupId: byId(FIELD_TEAM), returnAll: false, limit: 5, options: { fetchAllGroups: false } }) },
	{
		name: 'subGroup.remove',
		parameters: () => ({ resource: 'subGroup', operation: 'remove', groupId: byId(FIELD_TEAM), subGroupId: byId(NORTH) }),
		prepare: (fixture) => {
			const parent = fixture.sandbox.state.groups.get(FIELD_TEAM)!;
			if (!parent.subGroupIds.includes(NORTH)) parent.subGroupIds.push(NORTH);
		},
	},
	{ name: 'subscriber.add', parameters: () => ({ resource: 'subscriber', operation: 'add', groupId: byId(PUBLIC), subscribers: NEW_USER }) },
	{ name: 'subscriber.getAll', parameters: () => ({ resource: 'subscriber', operation: 'getAll', groupId: byId(PUBLIC), returnAll: false, limit: 5 }) },
	{ name: 'subscriber.remove', parameters: () => ({ resource: 'subscriber', operation: 'remove', groupId: byId(PUBLIC), subscribers: NEW_USER }) },
	{
		name: 'webhook.create',
		parameters: () => ({
			resource: 'webhook',
			operation: 'create',
			objectType: 'Group',
			objectId: FIELD_TEAM,
			eventTypes: ['JobCreated'],
			callBackUrl: 'https://example.com/hook',
			options: { callBackToken: 'tok-123', validity: '2099-01-01T00:00:00Z', callBackContext: 'ctx' },
		}),
	},
	{ name: 'webhook.getAll', parameters: () => ({ resource: 'webhook', operation: 'getAll', objectType: 'Group', objectId: FIELD_TEAM, returnAll: false, limit: 5 }) },
	{
		name: 'webhook.update',
		parameters: () => ({
			resource: 'webhook',
			operation: 'update',
			reactivate: true,
			eventTypes: ['JobCreated'],
			updateFields: { callBackContext: 'c2', callBackToken: 'tok-2', callBackUrl: 'https://example.com/hook2' },
		}),
		prepare: async (fixture) => ({ webhookId: await createWebhook(fixture) }),
	},
	{ name: 'webhook.delete', parameters: () => ({ resource: 'webhook', operation: 'delete' }), prepare: async (fixture) => ({ webhookId: await createWebhook(fixture) }) },
	{ name: 'connector.generatePin', parameters: () => ({ resource: 'connector', operation: 'generatePin', mobileNumber: NEW_USER }) },
	{
		name: 'connector.loginWithPin',
		parameters: () => ({ resource: 'connector', operation: 'loginWithPin', mobileNumber: NEW_USER }),
		prepare: (fixture) => {
			const now = Date.now();
			const pin = 100000 + fixture.sandbox.state.pins.length;
			fixture.sandbox.state.pins.push({ mobileNumber: NEW_USER, applicationId: DEMO_CONNECTOR.connectorId, pin, issuedAt: now, expiresAt: now + 600_000, consumed: false });
			return { pin: String(pin) };
		},
	},
	{ name: 'customApiCall.call', parameters: () => ({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'v1/groups', query: { parameter: [{ name: 'note', value: 'fuzz' }] }, sendBody: false }) },
	{
		name: 'customApiCall.call (body)',
		judgedByKaizala: ['body'],
		parameters: () => ({ resource: 'customApiCall', operation: 'call', method: 'POST', path: `v1/groups/${FIELD_TEAM}/messages`, sendBody: true, body: '{"message": "hi"}' }),
	},
];

/**
 * Send and Wait for Responses sends through Action → Send's own code (send.execute) with the
 * same fields: those fuzzed there count for it too; its own fields are fuzzed in its case.
 */
const SENDS_LIKE: Record<string, string> = { 'action.sendAndWaitForResponses': 'action.send' };

let fixture: Fixture;
let seeds: Seeds;

async function createWebhook(f: Fixture): Promise<string> {
	const { output, error } = await runKaizalaNode({
		parameters: { resource: 'webhook', operation: 'create', objectType: 'Group', objectId: FIELD_TEAM, eventTypes: ['JobCreated'], callBackUrl: 'https://example.com/hook' },
		store: f.store,
		credential: f.credential,
	});
	if (error) throw error;
	return output[0].json.webhookId as string;
}

async function seed(parameters: IDataObject, items?: INodeExecutionData[]): Promise<IDataObject> {
	const { output, error } = await runKaizalaNode({ parameters, items, store: fixture.store, credential: fixture.credential });
	if (error) throw error;
	return output[0].json;
}

// Fuzz targets ------------------------------------------------------------------------------

interface Target {
	/** Parameter path: 'message', 'options.placeLatitude', 'choices.choice[0].title', 'groupId.value'. */
	path: string;
	/** What the error must name: the field's display name. */
	displayName: string;
	/** The top-level parameter, for the coverage check. */
	parameter: string;
}

function shown(property: INodeProperties, parameters: IDataObject): boolean {
	return NodeHelpers.displayParameter(parameters as never, property, { typeVersion: 1 } as never, description);
}

/** Every field of the case's parameters that an expression can fill, with its display name. */
function targetsOf(parameters: IDataObject): Target[] {
	const targets: Target[] = [];
	for (const property of properties) {
		if (property.noDataExpression || property.type === 'notice' || property.type === 'hidden' || !shown(property, parameters)) continue;
		const value = parameters[property.name];
		const top = { parameter: property.name };
		if (property.type === 'resourceLocator') {
			if (value !== undefined) targets.push({ ...top, path: `${property.name}.value`, displayName: property.displayName });
		} else if (property.type === 'collection') {
			for (const option of (property.options ?? []) as INodeProperties[]) {
				const optionValue = value && (value as IDataObject)[option.name];
				if (optionValue === undefined) continue;
				if (option.type === 'fixedCollection') targets.push(...rowTargets(`${property.name}.${option.name}`, option, optionValue, property.name));
				else targets.push({ ...top, path: `${property.name}.${option.name}`, displayName: option.displayName });
			}
		} else if (property.type === 'fixedCollection') {
			targets.push(...rowTargets(property.name, property, value, property.name));
		} else if (value !== undefined) {
			targets.push({ ...top, path: property.name, displayName: property.displayName });
		}
	}
	return targets;
}

/**
 * With an expression in a field that decides what is shown (Send To, Action Type, File Source),
 * n8n's workflow check counts every field it may show as shown, so the required ones must be
 * set, as a user writing that expression would: filled here with values the valid item never reads.
 */
function withHiddenRequiredFilled(parameters: IDataObject): IDataObject {
	const filled = { ...parameters };
	for (const property of properties) {
		// Every resource's: n8n 2.41's check also counts fields of other resources as shown then.
		if (!property.required || filled[property.name] !== undefined) continue;
		const filler: Record<string, unknown> = { resourceLocator: byId(FIELD_TEAM), dateTime: seeds.future, number: 1, json: '[]', boolean: false };
		filled[property.name] = (filler[property.type] ?? 'unused') as IDataObject[string];
	}
	return filled;
}

/** The fields of the first row of each group of a fixed collection at `path`. */
function rowTargets(path: string, property: INodeProperties, value: unknown, parameter: string): Target[] {
	const targets: Target[] = [];
	for (const group of (property.options ?? []) as INodePropertyCollection[]) {
		const entries = value && (value as IDataObject)[group.name];
		if (!entries) continue;
		const first = Array.isArray(entries) ? `${path}.${group.name}[0]` : `${path}.${group.name}`;
		const entry = (Array.isArray(entries) ? entries[0] : entries) as IDataObject;
		for (const field of group.values) {
			if (entry[field.name] !== undefined) targets.push({ parameter, path: `${first}.${field.name}`, displayName: field.displayName });
		}
	}
	return targets;
}

function pathParts(path: string): string[] {
	return path.replace(/\[(\d+)\]/g, '.$1').split('.');
}

function getAt(object: IDataObject, path: string): unknown {
	return pathParts(path).reduce<unknown>((node, key) => (node as IDataObject | undefined)?.[key], object);
}

function withAt(object: IDataObject, path: string, value: unknown): IDataObject {
	const copy = structuredClone(object);
	const parts = pathParts(path);
	let node = copy as IDataObject;
	for (const key of parts.slice(0, -1)) node = node[key] as IDataObject;
	node[parts[parts.length - 1]] = value as IDataObject[string];
	return copy;
}

// Runs ----------------------------------------------------------------------------------------

/** Stands for the value `prepare` made for the fuzzed parameter. */
const FRESH = Symbol('fresh');

type Outcome = 'rejected' | 'accepted' | 'platform' | 'FAILED';

interface Cell {
	outcome: Outcome;
	detail?: string;
}

/** Per case, per field, per kind. */
const results = new Map<string, Map<string, Record<string, Cell>>>();
const messages: unknown[] = [];
const fuzzedParameters = new Map<string, Set<string>>();

function platformRequestsSince(start: number): Fixture['sandbox']['requests'] {
	return fixture.sandbox.requests.slice(start).filter((entry) => entry.route !== EXCHANGE);
}

function itemsFor(fuzz: FuzzCase, values: unknown[]): INodeExecutionData[] {
	return values.map((v) => ({ json: { v } as IDataObject, ...(fuzz.binary ? { binary: { data: image() } } : {}) }));
}

/**
 * One run over `values`; a value `FRESH` is replaced by what `prepare` made for the fuzzed
 * parameter (e.g. a webhook to delete), the other prepared parameters are set in place.
 */
async function runCase(
	fuzz: FuzzCase,
	parameters: IDataObject,
	values: unknown[],
	continueOnFail: boolean,
	target?: Target,
): Promise<{ result: RunResult; sent: Fixture['sandbox']['requests'] }> {
	const overrides = { ...((await fuzz.prepare?.(fixture)) ?? {}) };
	const fresh = target && target.path in overrides ? overrides[target.path] : undefined;
	if (target) delete overrides[target.path];
	values = values.map((value) => (value === FRESH ? fresh : value));
	// Every run on its own: keys sent by an earlier run would skip the item.
	processedDataTable.clear();
	const start = fixture.sandbox.requests.length;
	const result = await runKaizalaNode({
		parameters: { ...parameters, ...overrides },
		items: itemsFor(fuzz, values),
		store: fixture.store,
		credential: fixture.credential,
		continueOnFail,
		additionalData: { webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting' },
	});
	return { result, sent: platformRequestsSince(start) };
}

function describeError(error: { message?: string; description?: string } | undefined): string {
	return `${error?.message ?? ''} ${error?.description ?? ''}`;
}

function namesFieldAndItem(message: string, target: Target, itemIndex: number): boolean {
	return message.toLowerCase().includes(target.displayName.toLowerCase()) && new RegExp(`\\bitem ${itemIndex}\\b`).test(message);
}

const pairedTo = (item: INodeExecutionData): number => (item.pairedItem as { item: number }).item;

/** What the sandbox received that an unchecked wrong value would produce, or an error status. */
function problemsIn(sent: Fixture['sandbox']['requests']): string | undefined {
	const refused = sent.filter((entry) => entry.status >= 400);
	if (refused.length) return `sent, and the sandbox answered ${refused.map((entry) => `${entry.status} ${entry.route}`).join(', ')}`;
	const text = JSON.stringify(sent.map((entry) => [entry.path, entry.query, entry.body]));
	return GARBAGE.test(text) ? `sent garbage: ${text.match(GARBAGE)?.[0]}` : undefined;
}

/** Checks the error of a bad item; undefined when it is the clear input error wanted. */
function errorProblem(message: string, target: Target, itemIndex: number): string | undefined {
	if (CRASH.test(message)) return `crash: ${message.slice(0, 200)}`;
	if (!namesFieldAndItem(message, target, itemIndex)) return `the error does not name "${target.displayName}" and item ${itemIndex}: ${message.slice(0, 200)}`;
	return undefined;
}

interface FieldRun {
	fuzz: FuzzCase;
	target: Target;
	parameters: IDataObject;
	validValue: unknown;
	validSends: number;
}

/** The two-item run of the brief: one valid item, one bad item of `kind`, with Continue On Fail. */
async function twoItemRun(field: FieldRun, kind: string): Promise<Cell> {
	const badIndex = field.fuzz.firstItemOnly ? 0 : 1;
	const validIndex = 1 - badIndex;
	const values: unknown[] = [];
	values[validIndex] = field.validValue;
	values[badIndex] = KINDS[kind];
	const on = await runCase(field.fuzz, field.parameters, values, true, field.target);
	if (on.result.error) return { outcome: 'FAILED', detail: `the run failed with Continue On Fail: ${describeError(on.result.error)}` };
	const forValid = on.result.output.filter((item) => pairedTo(item) === validIndex);
	const forBad = on.result.output.filter((item) => pairedTo(item) === badIndex);
	messages.push(forBad.map((item) => item.json));
	if (forValid.length === 0 || forValid.some((item) => item.json.error)) {
		return { outcome: 'FAILED', detail: `the valid item did not go through: ${JSON.stringify(forValid.map((item) => item.json.error))}` };
	}
	const badError = forBad.find((item) => item.json.error)?.json.error as string | undefined;
	if (badError === undefined) {
		const problem = problemsIn(on.sent);
		return problem ? { outcome: 'FAILED', detail: problem } : { outcome: 'accepted' };
	}
	const problem = errorProblem(badError, field.target, badIndex);
	const refusedByKaizala = /^Kaizala: /.test(badError) && on.sent.some((entry) => entry.status >= 400 && entry.status < 500);
	if (field.fuzz.judgedByKaizala?.includes(field.target.path) && refusedByKaizala && !CRASH.test(badError)) return { outcome: 'platform', detail: badError };
	if (problem) return { outcome: 'FAILED', detail: problem };
	// Fewer is fine: a lookup the valid item made once may be remembered (e.g. a message's kind).
	if (on.sent.length > field.validSends) return { outcome: 'FAILED', detail: `${on.sent.length - field.validSends} request(s) sent for the bad item before it failed: ${badError.slice(0, 200)}` };
	return { outcome: 'rejected', detail: badError };
}

/** Without Continue On Fail: the run fails with the bad item's error and nothing for it was sent. */
async function withoutContinueOnFail(field: FieldRun, kind: string, expected: string): Promise<string | undefined> {
	const badIndex = field.fuzz.firstItemOnly ? 0 : 1;
	const values: unknown[] = [];
	values[1 - badIndex] = field.validValue;
	values[badIndex] = KINDS[kind];
	const off = await runCase(field.fuzz, field.parameters, values, false, field.target);
	messages.push(describeError(off.result.error));
	if (!off.result.error) return 'without Continue On Fail the run did not fail';
	if (off.result.error.message !== expected) return `without Continue On Fail another error: ${off.result.error.message}`;
	const context = (off.result.error.context ?? {}) as IDataObject;
	if (context.itemIndex !== undefined && context.itemIndex !== badIndex) return `without Continue On Fail the error is for item ${String(context.itemIndex)}`;
	if (off.sent.length > (badIndex === 1 ? field.validSends : 0)) return `without Continue On Fail ${off.sent.length} request(s) reached the sandbox`;
	return undefined;
}

/**
 * All kinds in one run: the valid item first, then one bad item per kind (Continue On Fail).
 * Items run in order, so the log holds the valid item's requests, then those of each accepted
 * item; any doubt (a count that does not add up, garbage, an error status) is settled by the
 * two-item runs, kind by kind.
 */
async function batchRun(field: FieldRun): Promise<Record<string, Cell> | undefined> {
	const on = await runCase(field.fuzz, field.parameters, [field.validValue, ...KIND_NAMES.map((kind) => KINDS[kind])], true, field.target);
	if (on.result.error) return undefined;
	const valid = on.result.output.filter((item) => pairedTo(item) === 0);
	if (valid.length === 0 || valid.some((item) => item.json.error)) return undefined;
	const cells: Record<string, Cell> = {};
	let accepted = 0;
	for (const [position, kind] of KIND_NAMES.entries()) {
		const itemIndex = position + 1;
		const forBad = on.result.output.filter((item) => pairedTo(item) === itemIndex);
		messages.push(forBad.map((item) => item.json));
		const badError = forBad.find((item) => item.json.error)?.json.error as string | undefined;
		if (badError === undefined) {
			accepted++;
			cells[kind] = { outcome: 'accepted' };
		} else if (errorProblem(badError, field.target, itemIndex)) {
			return undefined;
		} else {
			cells[kind] = { outcome: 'rejected', detail: badError };
		}
	}
	if (on.sent.length !== field.validSends * (1 + accepted) || problemsIn(on.sent)) return undefined;
	return cells;
}

async function fuzzCase(fuzz: FuzzCase): Promise<string[]> {
	const prepared = (await fuzz.prepare?.(fixture)) ?? {};
	const base = withHiddenRequiredFilled({ ...fuzz.parameters(seeds), ...prepared });
	const failures: string[] = [];

	// The case itself must be valid; what one valid item sends.
	const check = await runCase(fuzz, base, [1], true);
	const checkErrors = check.result.output.filter((item) => item.json.error).map((item) => item.json.error);
	if (check.result.error || checkErrors.length) return [`${fuzz.name}: the valid case fails: ${check.result.error?.message ?? checkErrors.join('; ')}`];
	const validSends = fuzz.firstItemOnly ? 0 : check.sent.length;

	const byField = new Map<string, Record<string, Cell>>();
	results.set(fuzz.name, byField);
	const used = fuzzedParameters.get(`${base.resource}.${base.operation}`) ?? new Set<string>();
	fuzzedParameters.set(`${base.resource}.${base.operation}`, used);

	for (const target of targetsOf(base)) {
		used.add(target.parameter);
		const field: FieldRun = {
			fuzz,
			target,
			parameters: withAt(base, target.path, '={{ $json.v }}'),
			validValue: target.path in prepared ? FRESH : getAt(base, target.path),
			validSends,
		};
		let cells = fuzz.firstItemOnly || fuzz.prepare ? undefined : await batchRun(field);
		if (!cells) {
			cells = {};
			for (const kind of KIND_NAMES) cells[kind] = await twoItemRun(field, kind);
		}
		byField.set(target.path, cells);
		for (const [kind, cell] of Object.entries(cells)) {
			if (cell.outcome === 'FAILED') failures.push(`${fuzz.name} ${target.path}=${kind}: ${cell.detail}`);
		}
		// The path without Continue On Fail is the same for every kind: proven with the first rejected one.
		const rejected = KIND_NAMES.find((kind) => cells[kind].outcome === 'rejected');
		if (rejected) {
			const expected = (await twoItemRun(field, rejected)).detail ?? '';
			const problem = await withoutContinueOnFail(field, rejected, expected);
			if (problem) failures.push(`${fuzz.name} ${target.path}=${rejected}: ${problem}`);
		}
	}
	return failures;
}

// The tests -----------------------------------------------------------------------------------

/** Serves the image for Media → Upload from a URL. */
const fileServer = createServer((_request, response) => {
	response.writeHead(200, { 'content-type': 'image/png' });
	response.end(Buffer.from(image().data, 'base64'));
});

beforeAll(async () => {
	await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
	fixture = await startFixture({ throttle: false }, { customCallLimits: true, connectorCallsPerMinute: 100_000_000, tenantCallsPerMinute: 100_000_000 });
	const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
	const media = await seed({ resource: 'media', operation: 'upload', source: 'binary', binaryPropertyName: 'data' }, [{ json: {}, binary: { data: image() } }]);
	const job = await seed({ resource: 'action', operation: 'send', groupId: byId(FIELD_TEAM), actionType: 'Job', title: 'Seed job', assignedTo: DEMO_USERS.admin.mobileNumber });
	const survey = await seed({ resource: 'action', operation: 'send', groupId: byId(FIELD_TEAM), actionType: 'Survey', title: 'Seed survey', questionsInput: 'fields', questions: SURVEY_QUESTIONS });
	const custom = await seed({ resource: 'action', operation: 'send', groupId: byId(FIELD_TEAM), actionType: 'custom', packageId: 'com.contoso.inspection', properties: '[]' });
	// Get Responses outputs one item per response: the job has one.
	await seed({ resource: 'action', operation: 'postResponse', groupId: byId(FIELD_TEAM), actionId: byId(job.actionId as string), responseType: 'Job', isCompleted: true });
	const northMessage = await seed({ resource: 'message', operation: 'send', groupId: byId(NORTH), message: 'Seed in the sub-group' });
	const message = await seed({ resource: 'message', operation: 'send', groupId: byId(FIELD_TEAM), message: 'Seed message' });
	seeds = {
		mediaResource: media.mediaResource as string,
		jobActionId: job.actionId as string,
		surveyActionId: survey.actionId as string,
		customActionId: custom.actionId as string,
		messageReferenceId: message.referenceId as string,
		northMessageReferenceId: northMessage.referenceId as string,
		fileUrl: `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}/site.png`,
		future,
	};
});

afterAll(async () => {
	await fixture?.close();
	await new Promise((resolve) => fileServer.close(resolve));
});

describe('wrong types from upstream items, every field of every operation', () => {
	it.each(CASES.map((fuzz) => [fuzz.name, fuzz] as const))('%s', async (_name, fuzz) => {
		expect(await fuzzCase(fuzz)).toEqual([]);
	});

	it('covers every operation and every field of the description', () => {
		const missing: string[] = [];
		const resources = properties.find((p) => p.name === 'resource')!.options as Array<{ value: string }>;
		for (const { value: resource } of resources) {
			const operations = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
			for (const { value: operation } of (operations?.options ?? []) as Array<{ value: string }>) {
				const used = fuzzedParameters.get(`${resource}.${operation}`);
				const delegate = SENDS_LIKE[`${resource}.${operation}`];
				const alsoUsed = delegate ? fuzzedParameters.get(delegate) : undefined;
				if (!used) {
					missing.push(`${resource}.${operation}: no case`);
					continue;
				}
				for (const property of properties) {
					const show = property.displayOptions?.show;
					if (property.noDataExpression || property.type === 'notice' || !show?.resource?.includes(resource) || !show.operation?.includes(operation)) continue;
					if (!used.has(property.name) && !alsoUsed?.has(property.name)) missing.push(`${resource}.${operation}: field ${property.name}`);
				}
			}
		}
		expect(missing).toEqual([]);
	});

	it('never puts a secret in an error message', () => {
		expectNoSecrets([messages, loggedLines], fixture.secrets());
	});

	afterAll(() => {
		const rows = [...results.entries()].map(([name, fields]) => {
			const cells = KIND_NAMES.map((kind) => {
				const counts = { rejected: 0, accepted: 0, platform: 0, FAILED: 0 };
				for (const cell of fields.values()) if (cell[kind]) counts[cell[kind].outcome]++;
				return `${counts.rejected}r ${counts.accepted}a${counts.platform ? ` ${counts.platform}k` : ''}${counts.FAILED ? ` ${counts.FAILED}E` : ''}`;
			});
			return `| ${name} (${fields.size} fields) | ${cells.join(' | ')} |`;
		});
		report(
			[
				'Wrong types from upstream items: fields rejected (r: error naming field and item, nothing sent) / accepted and coerced (a) / refused by Kaizala where only it can judge (k) / failed (E)',
				`| operation | ${KIND_NAMES.join(' | ')} |`,
				`|---|${KIND_NAMES.map(() => '---').join('|')}|`,
				...rows,
			].join('\n'),
		);
	});
});
