/**
 * Action → Send (every type and audience), Get Many, Get, Get Responses, Post Response, and the
 * Action picker's list search: real workflows against the sandbox.
 */
import type { IDataObject, INodeExecutionData, INodeListSearchResult } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, nodeRunner, startFixture } from '../helpers/fixtures';
import { runKaizalaNode, runListSearch } from '../helpers/n8n';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const ANNOUNCEMENTS = DEMO_GROUPS.announcements.groupId;
const DANA = DEMO_USERS.admin.mobileNumber;
const MARCO = DEMO_USERS.technician.mobileNumber;
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

const run = nodeRunner(() => fixture, { resource: 'action', groupId: byId(FIELD_TEAM) });

function sends() {
	return fixture.requestsFor('POST /groups/:groupId/actions');
}

/** Uploads a file through Media → Upload and returns its media resource. */
async function upload(fileName: string, mimeType: string, data: Buffer = PNG): Promise<string> {
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
async function sendAction(parameters: IDataObject): Promise<{ actionId: string; referenceId: string }> {
	const { output, error } = await run({ operation: 'send', ...parameters });
	if (error) throw error;
	fixture.sandbox.clearLog();
	return output[0].json as { actionId: string; referenceId: string };
}

function listSearch(method: string, parameters: IDataObject, filter?: string): Promise<INodeListSearchResult> {
	return runListSearch({ store: fixture.store, credential: fixture.credential, parameters: parameters, method, filter });
}

const ALL_QUESTION_TYPES = {
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

const ALL_QUESTIONS_SENT = [
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

describe('Action → Send', () => {
	/** Sends with `parameters`, checks the one request and the output, returns the stored action. */
	async function expectSent(parameters: IDataObject, expectedBody: IDataObject, groupId: string = FIELD_TEAM) {
		const { output, error } = await run({ operation: 'send', groupId: byId(groupId), ...parameters });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.method, r.route, r.path.endsWith(`/v1/groups/${groupId}/actions`), r.status])).toEqual([
			['POST', 'POST /groups/:groupId/actions', true, 200],
		]);
		expect(sends()[0].body).toEqual(expectedBody);
		expect(output).toEqual([{ json: { referenceId: expect.any(String), actionId: expect.any(String) }, pairedItem: { item: 0 } }]);
		const stored = fixture.sandbox.state.actions.get(output[0].json.actionId as string);
		expect(stored?.groupId).toBe(groupId);
		expect(stored?.referenceId).toBe(output[0].json.referenceId);
		return stored!;
	}

	it('sends an announcement', async () => {
		const stored = await expectSent(
			{ actionType: 'Announcement', title: 'Safety week', message: 'Helmets on, everyone.' },
			{ actionType: 'Announcement', actionBody: { title: 'Safety week', message: 'Helmets on, everyone.' } },
		);
		expect(stored.kind).toBe('Announcement');
	});

	it('sends an announcement with uploaded images', async () => {
		const first = await upload('a.png', 'image/png');
		const second = await upload('b.jpg', 'image/jpeg');
		fixture.sandbox.clearLog();
		const stored = await expectSent(
			{ actionType: 'Announcement', title: 'New pumps', message: 'Installed today.', mediaResources: `${first}, ${second}` },
			{ actionType: 'Announcement', actionBody: { title: 'New pumps', message: 'Installed today.', mediaResources: [first, second] } },
		);
		expect(stored.body.mediaResources).toEqual([first, second]);
	});

	it('sends a job with assignees and a due time in hours', async () => {
		const stored = await expectSent(
			{ actionType: 'Job', title: 'Inspect pump 4', assignedTo: `${DANA}, +1 (555) 010-0003`, dueInHours: 8 },
			{ actionType: 'Job', actionBody: { title: 'Inspect pump 4', assignedTo: [DANA, MARCO], dueDate: 8 } },
		);
		expect(stored.body).toMatchObject({ assignedTo: [DANA, MARCO], dueInHours: 8 });
	});

	it('sends a job due at a date and time, rounded up to whole hours', async () => {
		const dueAt = new Date(Date.now() + 3.5 * 3_600_000).toISOString();
		await expectSent(
			{ actionType: 'Job', title: 'Refuel generator', assignedTo: DANA, dueType: 'dateTime', dueAt },
			{ actionType: 'Job', actionBody: { title: 'Refuel generator', assignedTo: [DANA], dueDate: 4 } },
		);
	});

	it('sends a poll built with fields, a choice image and an expiry', async () => {
		const image = await upload('pizza.png', 'image/png');
		fixture.sandbox.clearLog();
		const stored = await expectSent(
			{
				actionType: 'Poll',
				question: 'Team lunch on Friday?',
				choices: { choice: [{ title: 'Pizza', image }, { title: 'Salad' }, { title: 'Skip it' }] },
				pollOptions: { expiryInHours: 48 },
			},
			{
				actionType: 'Poll',
				actionBody: { question: 'Team lunch on Friday?', choices: [{ title: 'Pizza', image }, { title: 'Salad' }, { title: 'Skip it' }], expiryInHours: 48 },
			},
		);
		expect((stored.body.choices as IDataObject[])[0].image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media-files\//);
	});

	it('sends a poll whose choices are given as JSON', async () => {
		await expectSent(
			{ actionType: 'Poll', question: 'Shift swap?', choicesInput: 'json', choicesJson: '["Yes", {"title": "No"}]' },
			{ actionType: 'Poll', actionBody: { question: 'Shift swap?', choices: [{ title: 'Yes' }, { title: 'No' }] } },
		);
	});

	it('sends a survey with every question type and its settings', async () => {
		const stored = await expectSent(
			{
				actionType: 'Survey',
				title: 'Site check',
				dueInHours: 48,
				questions: ALL_QUESTION_TYPES,
				surveyOptions: { isAnonymous: true, acceptMultipleResponses: true },
			},
			{
				actionType: 'Survey',
				actionBody: {
					title: 'Site check',
					dueDate: 48,
					isAnonymous: true,
					isSenderOnly: false,
					acceptMultipleResponses: true,
					questions: ALL_QUESTIONS_SENT,
				},
			},
		);
		expect((stored.body.questions as IDataObject[]).map((q) => q.type)).toEqual(ALL_QUESTIONS_SENT.map((q) => q.type));
	});

	it('sends a survey whose questions are given as JSON', async () => {
		await expectSent(
			{
				actionType: 'Survey',
				title: 'Quick check',
				questionsInput: 'json',
				questionsJson: JSON.stringify([
					{ title: 'Colour', type: 'singleoption', options: ['Red', { title: 'Blue' }] },
					{ title: 'Why', type: 'Text', options: ['ignored'] },
				]),
			},
			{
				actionType: 'Survey',
				actionBody: {
					title: 'Quick check',
					dueDate: 24,
					isAnonymous: false,
					isSenderOnly: false,
					acceptMultipleResponses: false,
					questions: [
						{ title: 'Colour', type: 'SingleOption', options: [{ title: 'Red' }, { title: 'Blue' }] },
						{ title: 'Why', type: 'Text' },
					],
				},
			},
		);
	});

	it("sends a let's meet with place, agenda and sender-only summary", async () => {
		const stored = await expectSent(
			{
				actionType: 'LetsMeet',
				title: 'Weekly sync',
				startingTime: '2030-01-07T09:00:00.000Z',
				durationInMins: 45,
				agenda: 'Rota',
				meetingOptions: { placeLatitude: 15, placeLongitude: 96, placeName: 'Building 3', isSenderOnly: true },
			},
			{
				actionType: 'LetsMeet',
				actionBody: {
					title: 'Weekly sync',
					startingTime: '2030-01-07T09:00:00Z',
					durationInMins: 45,
					agenda: 'Rota',
					place: { latitude: 15, longitude: 96, name: 'Building 3' },
					isSenderOnly: true,
				},
			},
		);
		expect(stored.body).toMatchObject({ duration: 45, place: { latitude: 15, longitude: 96, name: 'Building 3' } });
	});

	it.each([
		['Image', 'pump.png', 'image/png'],
		['Document', 'rota.pdf', 'application/pdf'],
	])('sends a media attachment (%s) with a caption', async (attachmentType, fileName, mimeType) => {
		const mediaResource = await upload(fileName, mimeType);
		fixture.sandbox.clearLog();
		const stored = await expectSent(
			{ actionType: 'attachment', attachmentType, mediaResource, caption: 'For the record' },
			{ actionType: attachmentType, actionBody: { mediaResource, caption: 'For the record' } },
		);
		expect(stored.kind).toBe(attachmentType);
	});

	it('sends a custom action package instance with properties from JSON', async () => {
		const stored = await expectSent(
			{
				actionType: 'custom',
				packageId: 'com.contoso.inspection',
				properties: '[{"name": "site", "type": "Text", "value": "North"}, {"name": "checks", "type": "stringlist", "value": ["a", "b"]}]',
				customOptions: { title: 'Inspection', validity: 12 },
			},
			{
				id: 'com.contoso.inspection',
				actionBody: {
					properties: [
						{ name: 'site', type: 'Text', value: 'North' },
						{ name: 'checks', type: 'StringList', value: '["a","b"]' },
					],
					title: 'Inspection',
					validity: 12,
				},
			},
		);
		expect(stored).toMatchObject({ kind: 'Custom', packageId: 'com.contoso.inspection' });
	});

	it('sends to all subscribers of a public group', async () => {
		const stored = await expectSent(
			{ actionType: 'Poll', question: 'Newsletter weekly?', choices: { choice: [{ title: 'Yes' }, { title: 'No' }] }, audience: 'allSubscribers' },
			{ actionType: 'Poll', actionBody: { question: 'Newsletter weekly?', choices: [{ title: 'Yes' }, { title: 'No' }] }, sendToAllSubscribers: true },
			ANNOUNCEMENTS,
		);
		expect(stored.audience).toEqual({ kind: 'allSubscribers' });
	});

	it('sends to chosen subscribers of a public group', async () => {
		const stored = await expectSent(
			{ actionType: 'Announcement', title: 'Hello', message: 'Just for you', audience: 'chosenSubscribers', subscribers: MARCO },
			{ actionType: 'Announcement', actionBody: { title: 'Hello', message: 'Just for you' }, subscribers: [MARCO] },
			ANNOUNCEMENTS,
		);
		expect(stored.audience).toEqual({ kind: 'subscribers', mobileNumbers: [MARCO] });
	});

	it.each([
		[
			'invalid JSON for custom action properties',
			{ actionType: 'custom', packageId: 'com.contoso.x', properties: '[{"name": "site",' },
			/^Properties \(JSON\) is not valid JSON \(.+\) \[item 0\]$/,
		],
		[
			'a custom property of an unknown type',
			{ actionType: 'custom', packageId: 'com.contoso.x', properties: '[{"name": "site", "type": "Colour", "value": "red"}]' },
			/^Properties \(JSON\) → property 1 \("site"\) has type "Colour"; use one of Text, Numeric/,
		],
		[
			'a malformed assignee phone number',
			{ actionType: 'Job', title: 'x', assignedTo: `${DANA}, +1555 abc` },
			/^Assignees "\+1555 abc" is not a phone number in international format .* \[item 0\]$/,
		],
		['a job without assignees', { actionType: 'Job', title: 'x', assignedTo: ' , ' }, /^Assignees needs at least one phone number \[item 0\]$/],
		[
			'a job due in the past',
			{ actionType: 'Job', title: 'x', assignedTo: DANA, dueType: 'dateTime', dueAt: '2001-01-01T00:00:00Z' },
			/^Due At 2001-01-01T00:00:00.000Z is not in the future \[item 0\]$/,
		],
		['a non-GUID group id (from an expression)', { groupId: byId('={{ "field-team" }}'), actionType: 'Announcement', title: 't', message: 'm' }, /^Group "field-team" is not a GUID/],
		['a poll with one choice', { actionType: 'Poll', question: 'Q', choices: { choice: [{ title: 'Only' }] } }, /^Choices needs at least two choices \[item 0\]$/],
		['poll choices JSON that is not an array', { actionType: 'Poll', question: 'Q', choicesInput: 'json', choicesJson: '{"a": 1}' }, /^Choices \(JSON\) must be a JSON array of choices/],
		[
			'a survey choice question without options',
			{ actionType: 'Survey', title: 'S', questions: { question: [{ title: 'Pick', type: 'MultiOption', options: '' }] } },
			/^Questions → question 1 \("Pick"\) needs at least two options \[item 0\]$/,
		],
		['a survey without questions', { actionType: 'Survey', title: 'S' }, /^Questions needs at least one question \[item 0\]$/],
		[
			'an image that is a URL, not a media resource',
			{ actionType: 'Announcement', title: 't', message: 'm', mediaResources: 'https://example.com/a.png' },
			/^Images "https:\/\/example.com\/a.png" is not a media resource/,
		],
		['an empty announcement message', { actionType: 'Announcement', title: 't', message: '   ' }, /^Message is empty \[item 0\]$/],
		[
			"a let's meet with a latitude but no longitude",
			{ actionType: 'LetsMeet', title: 'm', startingTime: '2030-01-01T00:00:00Z', meetingOptions: { placeLatitude: 10 } },
			/^Place Longitude is needed for a place/,
		],
		['a malformed subscriber number', { actionType: 'Announcement', title: 't', message: 'm', audience: 'chosenSubscribers', subscribers: '12345' }, /^Subscribers "12345" is not a phone number/],
	])('refuses %s, naming the field, before any request', async (_name, parameters, message) => {
		const { output, error } = await run({ operation: 'send', ...parameters });
		expect(output).toEqual([]);
		expect(error?.message).toMatch(message);
		expect(fixture.platformRequests()).toEqual([]);
	});

	it('surfaces a platform refusal through the transport (job assignee outside the group)', async () => {
		const { error } = await run({ operation: 'send', actionType: 'Job', title: 'x', assignedTo: DEMO_USERS.customer.mobileNumber });
		expect(error?.message).toMatch(/^Kaizala: Jobs can be assigned to group members only/);
		expect(error?.httpCode).toBe('400');
		expect(sends()).toHaveLength(1);
	});

	it('with Continue On Fail, sends the valid items exactly once and reports the invalid ones', async () => {
		const { output } = await run(
			{ operation: 'send', actionType: 'Job', title: '={{ $json.title }}', assignedTo: '={{ $json.who }}', dueInHours: 4 },
			{
				items: [
					{ title: 'Fix gate', who: DANA },
					{ title: 'Fix fence', who: 'not-a-phone' },
					{ title: 'Fix roof', who: MARCO },
				],
				continueOnFail: true,
			},
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toEqual({ referenceId: expect.any(String), actionId: expect.any(String) });
		expect(output[1].json.error).toMatch(/^Assignees "not-a-phone" is not a phone number .* \[item 1\]$/);
		expect(output[2].json).toEqual({ referenceId: expect.any(String), actionId: expect.any(String) });
		expect(sends().map((r) => (r.body as { actionBody: { title: string } }).actionBody.title)).toEqual(['Fix gate', 'Fix roof']);
		expectNoSecrets(output, fixture.secrets());
	});
});

describe('Action → Get Many', () => {
	it('lists the jobs of a group with Return All, with the actionId on top', async () => {
		const first = await sendAction({ actionType: 'Job', title: 'Job A', assignedTo: DANA });
		const second = await sendAction({ actionType: 'Job', title: 'Job B', assignedTo: MARCO });
		await sendAction({ actionType: 'Poll', question: 'Not a job', choices: { choice: [{ title: 'a' }, { title: 'b' }] } });

		const { output, error } = await run({ operation: 'getAll', listActionType: 'Job', returnAll: true });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.method, r.route, r.query])).toEqual([
			['GET', 'GET /groups/:groupId/actions', { actionType: 'Job', count: '100' }],
		]);
		expect(output.map((item) => [item.json.actionId, (item.json.actionBody as IDataObject).title, item.json.actionType])).toEqual([
			[first.actionId, 'Job A', 'Job'],
			[second.actionId, 'Job B', 'Job'],
		]);
		expect(output[0].json).toMatchObject({ referenceId: first.referenceId, sender: DANA, actionBody: { actionId: first.actionId, assigneeCount: 1 } });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('honours Limit', async () => {
		for (const title of ['One', 'Two', 'Three']) await sendAction({ actionType: 'Job', title, assignedTo: DANA });
		const { output } = await run({ operation: 'getAll', listActionType: 'Job', returnAll: false, limit: 2 });
		expect(output.map((item) => (item.json.actionBody as IDataObject).title)).toEqual(['One', 'Two']);
		expect(fixture.platformRequests().map((r) => r.query)).toEqual([{ actionType: 'Job', count: '2' }]);
	});

	it('pages through more than one page with fromDate for Return All', async () => {
		const template = fixture.sandbox.state.actions.get((await sendAction({ actionType: 'Job', title: 'Job 0', assignedTo: DANA })).actionId)!;
		const start = template.sentAt;
		for (let index = 1; index < 130; index++) {
			const actionId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
			fixture.sandbox.state.actions.set(actionId, {
				...template,
				actionId,
				referenceId: `10000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
				body: { ...template.body, title: `Job ${index}` },
				sentAt: start + index * 1000,
			});
		}
		const { output } = await run({ operation: 'getAll', listActionType: 'Job', returnAll: true });
		expect(output).toHaveLength(130);
		expect(new Set(output.map((item) => item.json.referenceId)).size).toBe(130);
		const queries = fixture.platformRequests().map((r) => r.query);
		expect(queries.length).toBeGreaterThanOrEqual(2);
		expect(queries[0]).toEqual({ actionType: 'Job', count: '100' });
		expect(Number(queries[1].fromDate)).toBeGreaterThan(start);
	});

	it('lists instances of a custom action package, sent after a date', async () => {
		await sendAction({ actionType: 'custom', packageId: 'com.contoso.inspection', properties: '[]' });
		const after = new Date(Date.now() - 60_000).toISOString();
		const { output } = await run({ operation: 'getAll', listActionType: 'custom', listPackageId: 'com.contoso.inspection', returnAll: true, listFilters: { sentAfter: after } });
		expect(output.map((item) => item.json.actionType)).toEqual(['com.contoso.inspection']);
		expect(fixture.platformRequests()[0].query).toEqual({ actionType: 'com.contoso.inspection', count: '100', fromDate: String(Date.parse(after)) });
	});
});

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

	it('runs the survey example: answers as a JSON string and the action id as a plain string', async () => {
		// Parameters exactly as examples/survey-and-responses.json gives them.
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
		const answered = await run({ operation: 'postResponse', actionId, responseType: 'Survey', answers: '["Yes", "Scaffold on the east side is loose", 7]' });
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

describe('Action picker (list search)', () => {
	it("lists the group's jobs, surveys, polls and meetings newest first, filtered by title", async () => {
		fixture.sandbox.state.actions.clear();
		const job = await sendAction({ actionType: 'Job', title: 'Inspect pump', assignedTo: DANA });
		const poll = await sendAction({ actionType: 'Poll', question: 'Pizza?', choices: { choice: [{ title: 'a' }, { title: 'b' }] } });
		fixture.sandbox.state.actions.get(poll.actionId)!.sentAt += 5000;

		const { results } = await listSearch('searchActions', { resource: 'action', operation: 'get', groupId: byId(FIELD_TEAM) });
		expect(results.map((r) => r.value)).toEqual([poll.actionId, job.actionId]);
		expect(results[1].name).toMatch(/^Job: Inspect pump \(\d{4}-\d\d-\d\d \d\d:\d\d\)$/);
		expect(new Set(fixture.platformRequests().map((r) => r.query.actionType))).toEqual(new Set(['Job', 'Survey', 'Poll', 'LetsMeet']));

		const filtered = await listSearch('searchActions', { resource: 'action', operation: 'get', groupId: byId(FIELD_TEAM) }, 'PUMP');
		expect(filtered.results.map((r) => r.value)).toEqual([job.actionId]);

		const references = await listSearch('searchActionReferences', { resource: 'reaction', operation: 'like', groupId: byId(FIELD_TEAM) });
		expect(references.results.map((r) => r.value)).toEqual([poll.referenceId, job.referenceId]);
	});

	it('lists nothing, and asks nothing, until the group is an ID', async () => {
		const { results } = await listSearch('searchActions', { resource: 'action', operation: 'get', groupId: { __rl: true, mode: 'list', value: '' } });
		expect(results).toEqual([]);
		expect(fixture.sandbox.requests).toEqual([]);
	});
});
