/** Action → Get, Get Responses and Post Response: the operations on one action of a group. */
import type { IDataObject } from 'n8n-workflow';

import { byId, expectNoSecrets } from '../../helpers/fixtures';
import { FIELD_TEAM, DANA, fixture, run, upload, sendAction, ALL_QUESTION_TYPES, useSandbox } from './support';

useSandbox();

describe('Action → Get, Get Responses, Post Response', () => {
	it('gets a job with its details, or without them', async () => {
		const { actionId } = await sendAction({ actionType: 'Job', title: 'Refuel generator', assignedTo: DANA, dueInHours: 4 });

		const got = await run({ operation: 'get', actionId: byId(actionId) });
		expect(got.error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.route, r.path.endsWith(`/groups/${FIELD_TEAM}/actions/${actionId}`), r.query])).toEqual([
			['GET /groups/:groupId/actions/:actionId', true, { getDetails: 'true' }],
		]);
		expect(got.output[0].json).toMatchObject({
			actionId,
			actionType: 'Job',
			actionDetails: { title: 'Refuel generator', assignedTo: [DANA], responses: [] },
		});

		fixture.sandbox.clearLog();
		const plain = await run({ operation: 'get', actionId: byId(actionId), getDetails: false });
		expect(fixture.platformRequests()[0].query).toEqual({ getDetails: 'false' });
		expect(plain.output[0].json.actionDetails).not.toHaveProperty('responses');
	});

	it('marks a job done and reads the response back', async () => {
		const { actionId } = await sendAction({ actionType: 'Job', title: 'Refuel generator', assignedTo: DANA });

		const responded = await run({ operation: 'postResponse', actionId: byId(actionId), responseType: 'Job', isCompleted: true });
		expect(responded.error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.method, r.route, r.body])).toEqual([
			['POST', 'POST /groups/:groupId/actions/:actionId/responses', { actionType: 'Job', actionBody: { isCompleted: true } }],
		]);
		expect(responded.output[0].json).toEqual({ actionId, responseId: expect.any(String) });

		fixture.sandbox.clearLog();
		const responses = await run({ operation: 'getResponses', actionId: byId(actionId) });
		expect(fixture.platformRequests().map((r) => [r.route, r.query])).toEqual([['GET /groups/:groupId/actions/:actionId', { getDetails: 'true' }]]);
		expect(responses.output).toEqual([
			{
				json: expect.objectContaining({ actionId, actionType: 'Job', responseId: responded.output[0].json.responseId, assignee: DANA, isCompleted: true }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('answers a survey of every question type with fields, and updates the response by its id', async () => {
		const { actionId } = await sendAction({ actionType: 'Survey', title: 'Site check', questions: ALL_QUESTION_TYPES, surveyOptions: { acceptMultipleResponses: true } });
		const photo = await upload('site.png', 'image/png');
		const report = await upload('report.pdf', 'application/pdf');
		fixture.sandbox.clearLog();
		const answerFields = {
			answer: [
				{ type: 'text', text: 'Yes' },
				{ type: 'choices', choices: 'Wet floor, mud\nNoise' },
				{ type: 'text', text: 'All clear' },
				{ type: 'number', number: 12 },
				{ type: 'dateTime', dateTime: '2030-01-07T00:00:00.000Z' },
				{ type: 'dateTime', dateTime: '2030-01-14T09:30:00.000Z' },
				{ type: 'location', latitude: 17.43, longitude: 78.34, locationName: 'Gate 2' },
				{ type: 'media', mediaResource: photo },
				{ type: 'attachments', mediaResources: report },
				{ type: 'text', text: 'X-1' },
			],
		};
		const answered = await run({
			operation: 'postResponse',
			actionId: byId(actionId),
			responseType: 'Survey',
			answersInput: 'fields',
			answerFields,
			responseOptions: { responseName: 'Morning round', latitude: 17.4, longitude: 78.3, locationName: 'Site' },
		});
		expect(answered.error).toBeUndefined();
		const expectedAnswers = [
			'Yes',
			['Wet floor, mud', 'Noise'],
			'All clear',
			12,
			Date.parse('2030-01-07T00:00:00.000Z'),
			Date.parse('2030-01-14T09:30:00.000Z'),
			{ lt: 17.43, lg: 78.34, n: 'Gate 2' },
			photo,
			[report],
			'X-1',
		];
		expect(fixture.platformRequests().map((r) => r.body)).toEqual([
			{
				actionType: 'Survey',
				actionBody: {
					answers: expectedAnswers,
					responseName: 'Morning round',
					responseLocation: { latitude: 17.4, longitude: 78.3, name: 'Site' },
				},
			},
		]);
		const responseId = answered.output[0].json.responseId as string;

		const updated = await run({
			operation: 'postResponse',
			actionId: byId(actionId),
			responseType: 'Survey',
			answers: JSON.stringify(['No', [], '', 0, 0, 0, { lt: 1, lg: 1, n: '' }, photo, [], '']),
			responseOptions: { responseId },
		});
		expect(updated.output[0].json.responseId).toBe(responseId);
		expect((fixture.requestsFor('POST /groups/:groupId/actions/:actionId/responses')[1].body as IDataObject).responseId).toBe(responseId);

		const responses = await run({ operation: 'getResponses', actionId: byId(actionId) });
		expect(responses.output).toHaveLength(1);
		expect(responses.output[0].json).toMatchObject({ actionId, actionType: 'Survey', responseId, answers: expect.arrayContaining(['No']) });
	});

	it('runs the survey example: answers as a JSON string, the action id as a resource locator (as the example stores it) or a plain string (as saved before)', async () => {
		// Parameters as examples/survey-and-responses.json gives them.
		const { actionId } = await sendAction({
			actionType: 'Survey',
			title: 'Monday site check',
			dueInHours: 48,
			questions: {
				question: [
					{ title: 'Is the site safe to work?', type: 'SingleOption', options: 'Yes, No' },
					{ title: 'Anything to report?', type: 'Text', options: '' },
					{ title: 'People on site', type: 'Numeric', options: '' },
				],
			},
			audience: 'group',
		});
		const answered = await run({ operation: 'postResponse', actionId: byId(actionId), responseType: 'Survey', answers: '["Yes", "Scaffold on the east side is loose", 7]' });
		expect(answered.error).toBeUndefined();
		expect(fixture.requestsFor('POST /groups/:groupId/actions/:actionId/responses')[0].body).toEqual({
			actionType: 'Survey',
			actionBody: { answers: ['Yes', 'Scaffold on the east side is loose', 7] },
		});
		const responses = await run({ operation: 'getResponses', actionId });
		expect(responses.output.map((item) => item.json.answers)).toEqual([['Yes', 'Scaffold on the east side is loose', 7]]);
	});

	it('answers a custom action package instance by package id', async () => {
		const { actionId } = await sendAction({ actionType: 'custom', packageId: 'com.contoso.inspection', properties: '[]' });
		const answered = await run({ operation: 'postResponse', actionId: byId(actionId), responseType: 'custom', responsePackageId: 'com.contoso.inspection', answers: '["ok"]' });
		expect(answered.error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => r.body)).toEqual([{ id: 'com.contoso.inspection', actionBody: { answers: ['ok'] } }]);
		const responses = await run({ operation: 'getResponses', actionId: byId(actionId) });
		expect(responses.output.map((item) => item.json.answers)).toEqual([['ok']]);
	});

	it.each([
		['a non-GUID action id (Get)', { operation: 'get', actionId: byId('={{ "job-1" }}') }, /^Action "job-1" is not a GUID .* \[item 0\]$/],
		['a non-GUID action id (Get Responses)', { operation: 'getResponses', actionId: 'job-1' }, /^Action "job-1" is not a GUID/],
		['a non-GUID action id (Post Response)', { operation: 'postResponse', actionId: byId('={{ "job-1" }}'), responseType: 'Job' }, /^Action "job-1" is not a GUID/],
		[
			'survey answers that are not a JSON array',
			{ operation: 'postResponse', actionId: byId('00000000-0000-4000-8000-000000000001'), responseType: 'Survey', answers: '{"a": 1}' },
			/^Answers \(JSON\) must be a JSON array with one answer per question \[item 0\]$/,
		],
		[
			'invalid JSON answers',
			{ operation: 'postResponse', actionId: byId('00000000-0000-4000-8000-000000000001'), responseType: 'Survey', answers: '["a",' },
			/^Answers \(JSON\) is not valid JSON/,
		],
		[
			'an image answer that is not a media resource',
			{
				operation: 'postResponse',
				actionId: byId('00000000-0000-4000-8000-000000000001'),
				responseType: 'Survey',
				answersInput: 'fields',
				answerFields: { answer: [{ type: 'text', text: 'ok' }, { type: 'media', mediaResource: 'photo.png' }] },
			},
			/^Answers → answer 2 "photo.png" is not a media resource/,
		],
		[
			'a non-GUID response id to update',
			{ operation: 'postResponse', actionId: byId('00000000-0000-4000-8000-000000000001'), responseType: 'Survey', answers: '[]', responseOptions: { responseId: 'first' } },
			/^Update Response ID "first" is not a GUID/,
		],
	])('refuses %s, naming the field, before any request', async (_name, parameters, message) => {
		const { error } = await run(parameters);
		expect(error?.message).toMatch(message);
		expect(fixture.sandbox.requests).toEqual([]);
	});

	it('refuses a non-GUID action id typed in the By ID field already as a workflow issue', async () => {
		await expect(run({ operation: 'get', actionId: byId('job-1') })).rejects.toThrow(/Not a valid ID \(a GUID\)/);
		expect(fixture.sandbox.requests).toEqual([]);
	});

	it('surfaces a 404 for an unknown action through the transport', async () => {
		const unknown = await run({ operation: 'get', actionId: byId('00000000-0000-4000-8000-000000000000') });
		expect(unknown.error?.message).toBe("Kaizala: No action with id '00000000-0000-4000-8000-000000000000' in this group");
		expect(unknown.error?.httpCode).toBe('404');
		expectNoSecrets(unknown.error, fixture.secrets());
	});
});
