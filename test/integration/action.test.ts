/**
 * Action → Send (every type), Get Many, Get, Get Responses, Post Response against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;
const group = { __rl: true, mode: 'id', value: DEMO_GROUPS.fieldTeam.groupId };

beforeEach(async () => {
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

function run(parameters: IDataObject, extra: Partial<Parameters<typeof runKaizalaNode>[0]> = {}) {
	return runKaizalaNode({ parameters: { resource: 'action', groupId: group, ...parameters }, store: fixture.store, credential: fixture.credential, ...extra });
}

function sentBodies() {
	return fixture.requestsFor('POST /groups/:groupId/actions').map((r) => r.body);
}

const survey = {
	operation: 'send',
	actionType: 'Survey',
	title: 'Site check',
	dueInHours: 48,
	questions: {
		question: [
			{ title: 'Is the site safe?', type: 'SingleOption', options: 'Yes, No' },
			{ title: 'Notes', type: 'Text', options: '' },
			{ title: 'Workers on site', type: 'Numeric', options: '' },
		],
	},
};

describe('Action → Send', () => {
	it.each([
		['an announcement', { actionType: 'Announcement', title: 'Safety week', message: 'Helmets on, everyone.' }, { actionType: 'Announcement', actionBody: { title: 'Safety week', message: 'Helmets on, everyone.', mediaResources: [] } }],
		['a job', { actionType: 'Job', title: 'Inspect pump 4', assignedTo: `${DEMO_USERS.admin.mobileNumber}, ${DEMO_USERS.technician.mobileNumber}`, dueInHours: 8 }, { actionType: 'Job', actionBody: { title: 'Inspect pump 4', assignedTo: [DEMO_USERS.admin.mobileNumber, DEMO_USERS.technician.mobileNumber], dueDate: 8 } }],
		['a poll', { actionType: 'Poll', question: 'Team lunch on Friday?', choices: 'Yes, No, Maybe' }, { actionType: 'Poll', actionBody: { question: 'Team lunch on Friday?', choices: [{ title: 'Yes' }, { title: 'No' }, { title: 'Maybe' }] } }],
		['a survey', survey, { actionType: 'Survey', actionBody: { title: 'Site check', dueDate: 48, questions: [{ title: 'Is the site safe?', type: 'SingleOption', options: [{ title: 'Yes' }, { title: 'No' }] }, { title: 'Notes', type: 'Text' }, { title: 'Workers on site', type: 'Numeric' }] } }],
		["a let's meet", { actionType: 'LetsMeet', title: 'Weekly sync', startingTime: '2030-01-07T09:00:00.000Z', durationInMins: 45, agenda: 'Rota' }, { actionType: 'LetsMeet', actionBody: { title: 'Weekly sync', startingTime: '2030-01-07T09:00:00.000Z', durationInMins: 45, agenda: 'Rota' } }],
		['a custom action package', { actionType: 'custom', packageId: 'com.contoso.inspection', actionBody: '{"title":"Inspection","properties":[{"name":"site","type":"Text","value":"North"}]}' }, { id: 'com.contoso.inspection', actionBody: { title: 'Inspection', properties: [{ name: 'site', type: 'Text', value: 'North' }] } }],
	])('sends %s', async (_name, parameters, expectedBody) => {
		const { output, error } = await run({ operation: 'send', ...parameters });
		expect(error).toBeUndefined();
		expect(sentBodies()).toEqual([expectedBody]);
		expect(output[0].json).toEqual({ referenceId: expect.any(String), actionId: expect.any(String) });
		expect(fixture.sandbox.state.actions.get(output[0].json.actionId as string)?.groupId).toBe(DEMO_GROUPS.fieldTeam.groupId);
		expectNoSecrets(output, fixture.secrets());
	});

	it.each([
		['invalid JSON for custom action properties', { actionType: 'custom', packageId: 'com.contoso.x', actionBody: '{"properties": [' }, /Action Body \(JSON\) is not valid JSON/],
		['a malformed assignee phone number', { actionType: 'Job', title: 'x', assignedTo: '+1555 abc' }, /Assignees "\+1555 abc" is not a phone number/],
		['a poll with one choice', { actionType: 'Poll', question: 'Q', choices: 'Only' }, /Choices needs at least two choices/],
		['a survey choice question without options', { actionType: 'Survey', title: 'S', questions: { question: [{ title: 'Pick', type: 'MultiOption', options: '' }] } }, /"Pick" needs at least two options/],
	])('refuses %s before any request', async (_name, parameters, message) => {
		const { error } = await run({ operation: 'send', ...parameters });
		expect(error?.message).toMatch(message);
		expect(fixture.sandbox.requests.filter((r) => r.route !== 'GET /accessToken')).toEqual([]);
	});

	it('with Continue On Fail, sends the valid items exactly once', async () => {
		const { output } = await run(
			{ operation: 'send', actionType: 'Poll', question: '={{ $json.q }}', choices: '={{ $json.c }}' },
			{ items: [{ q: 'A?', c: 'Yes, No' }, { q: 'B?', c: 'Yes' }, { q: 'C?', c: 'Up, Down' }], continueOnFail: true },
		);
		expect(output.map((item) => (item.json.error ? 'error' : 'sent'))).toEqual(['sent', 'error', 'sent']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sentBodies().map((body) => (body as { actionBody: { question: string } }).actionBody.question)).toEqual(['A?', 'C?']);
	});
});

describe('Action → Get Many, Get, Get Responses, Post Response', () => {
	it('lists jobs, reads one, responds to it and reads the responses', async () => {
		const sent = await run({ operation: 'send', actionType: 'Job', title: 'Refuel generator', assignedTo: DEMO_USERS.admin.mobileNumber, dueInHours: 4 });
		const actionId = sent.output[0].json.actionId as string;

		const listed = await run({ operation: 'getAll', listActionType: 'Job', returnAll: true });
		expect(listed.output.map((item) => item.json.actionId ?? item.json.id)).toContain(actionId);
		expect(fixture.requestsFor('GET /groups/:groupId/actions')[0].query).toMatchObject({ actionType: 'Job' });

		const got = await run({ operation: 'get', actionId });
		expect(JSON.stringify(got.output[0].json)).toContain('Refuel generator');
		expect(fixture.requestsFor('GET /groups/:groupId/actions/:actionId')[0].query).toEqual({ getDetails: 'true' });

		const responded = await run({ operation: 'postResponse', actionId, responseType: 'Job', isCompleted: true });
		expect(responded.error).toBeUndefined();
		expect(fixture.requestsFor('POST /groups/:groupId/actions/:actionId/responses')[0].body).toEqual({ actionType: 'Job', actionBody: { isCompleted: true } });

		const responses = await run({ operation: 'getResponses', actionId });
		expect(responses.output).toHaveLength(1);
		expect(responses.output[0].json.actionId).toBe(actionId);
	});

	it('answers a survey and reads the answer back', async () => {
		const sent = await run(survey);
		const actionId = sent.output[0].json.actionId as string;
		const answered = await run({ operation: 'postResponse', actionId, responseType: 'Survey', answers: '["Yes", "All clear", 12]' });
		expect(answered.error).toBeUndefined();
		const responses = await run({ operation: 'getResponses', actionId });
		expect(JSON.stringify(responses.output)).toContain('All clear');
	});

	it('refuses a non-GUID action id before any request, and surfaces a 404 for an unknown one', async () => {
		const invalid = await run({ operation: 'get', actionId: 'job-1' });
		expect(invalid.error?.message).toMatch(/Action ID "job-1" is not a GUID/);
		expect(fixture.sandbox.requests).toEqual([]);
		const unknown = await run({ operation: 'get', actionId: '00000000-0000-4000-8000-000000000000' });
		expect(unknown.error?.message).toMatch(/^Kaizala: /);
		expect(unknown.error?.httpCode).toBe('404');
	});
});
