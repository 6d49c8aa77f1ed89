/** Action → Send, every type and audience: what reached the sandbox and what the node output. */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_USERS } from '../../../sandbox';
import { byId, expectNoSecrets } from '../../helpers/fixtures';
import { FIELD_TEAM, ANNOUNCEMENTS, DANA, MARCO, fixture, run, sends, upload, ALL_QUESTION_TYPES, ALL_QUESTIONS_SENT, useSandbox } from './support';

useSandbox();

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
