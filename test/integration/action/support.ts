/**
 * What the Action tests share: the sandbox per test (`useSandbox`), the node runner preset to
 * the Field Team group, uploads, sends, the Action picker, and a survey of every question type.
 */
import type { IDataObject, INodeExecutionData, INodeListSearchResult } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS } from '../../../sandbox';
import type { Fixture } from '../../helpers/fixtures';
import { byId, nodeRunner, startFixture } from '../../helpers/fixtures';
import { runKaizalaNode, runListSearch } from '../../helpers/n8n';

export const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
export const ANNOUNCEMENTS = DEMO_GROUPS.announcements.groupId;
export const DANA = DEMO_USERS.admin.mobileNumber;
export const MARCO = DEMO_USERS.technician.mobileNumber;
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

/** The current test's sandbox and credential (a live binding: set before each test). */
export let fixture: Fixture;

export function useSandbox(): void {
	beforeEach(async () => {
		fixture = await startFixture();
	});
	afterEach(async () => fixture.close());
}

export const run = nodeRunner(() => fixture, { resource: 'action', groupId: byId(FIELD_TEAM) });

export function sends() {
	return fixture.requestsFor('POST /groups/:groupId/actions');
}
/** Uploads a file through Media → Upload and returns its media resource. */
export async function upload(fileName: string, mimeType: string, data: Buffer = PNG): Promise<string> {
	const items: INodeExecutionData[] = [{ json: {}, binary: { data: { data: data.toString('base64'), mimeType, fileName } } }];
	const { output, error } = await runKaizalaNode({
		parameters: { resource: 'media', operation: 'upload' },
		items,
		store: fixture.store,
		credential: fixture.credential,
	});
	if (error) throw error;
	return output[0].json.mediaResource as string;
}

/** Sends an action and returns its ids, clearing the request log afterwards. */
export async function sendAction(parameters: IDataObject): Promise<{ actionId: string; referenceId: string }> {
	const { output, error } = await run({ operation: 'send', ...parameters });
	if (error) throw error;
	fixture.sandbox.clearLog();
	return output[0].json as { actionId: string; referenceId: string };
}

export function listSearch(method: string, parameters: IDataObject, filter?: string): Promise<INodeListSearchResult> {
	return runListSearch({ store: fixture.store, credential: fixture.credential, parameters: parameters, method, filter });
}

export const ALL_QUESTION_TYPES = {
	question: [
		{ title: 'Is the site safe?', type: 'SingleOption', options: 'Yes, No' },
		{ title: 'Hazards seen', type: 'MultiOption', options: 'Wet floor, mud\nLoose cable\nNoise' },
		{ title: 'Notes', type: 'Text' },
		{ title: 'Workers on site', type: 'Numeric' },
		{ title: 'Inspection date', type: 'Date' },
		{ title: 'Next visit', type: 'DateTime' },
		{ title: 'Where', type: 'Location' },
		{ title: 'Photo', type: 'Image' },
		{ title: 'Reports', type: 'AttachmentList' },
		{ title: 'Internal code', type: 'Text', isInvisible: true },
	],
};

export const ALL_QUESTIONS_SENT = [
	{ title: 'Is the site safe?', type: 'SingleOption', options: [{ title: 'Yes' }, { title: 'No' }] },
	{ title: 'Hazards seen', type: 'MultiOption', options: [{ title: 'Wet floor, mud' }, { title: 'Loose cable' }, { title: 'Noise' }] },
	{ title: 'Notes', type: 'Text' },
	{ title: 'Workers on site', type: 'Numeric' },
	{ title: 'Inspection date', type: 'Date' },
	{ title: 'Next visit', type: 'DateTime' },
	{ title: 'Where', type: 'Location' },
	{ title: 'Photo', type: 'Image' },
	{ title: 'Reports', type: 'AttachmentList' },
	{ title: 'Internal code', type: 'Text', isInvisible: true },
];
