import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, type KaizalaSandbox } from '../../sandbox';
import { actionsOf, FakeClock, SandboxClient, startWithClient, SURVEY } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;

describe('/groups/{groupId}/actions', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	let clock: FakeClock;
	beforeEach(async () => {
		clock = new FakeClock();
		({ sandbox, client } = await startWithClient({ now: clock.now }));
	});
	afterEach(() => sandbox.close());

	it('posts a job and lists it by actionType with the documented summary', async () => {
		const posted = await client.call('POST', actionsOf(FIELD_TEAM), {
			actionType: 'Job',
			actionBody: { title: 'Fix pump', assignedTo: [DEMO_USERS.technician.mobileNumber], dueDate: 10 },
		});
		expect(posted.status).toBe(200);
		expect(posted.body).toEqual({ referenceId: expect.any(String), actionId: expect.any(String) });

		const listed = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=job`);
		expect(listed.status).toBe(200);
		expect(listed.body).toEqual({
			actions: [
				{
					// actionId only inside actionBody, as actions_get.md lists it
					referenceId: posted.body.referenceId,
					actionType: 'Job',
					sender: DEMO_USERS.admin.mobileNumber,
					sentAt: '2024-01-15T09:00:00Z',
					creationTime: clock.time / 1000,
					actionBody: { actionId: posted.body.actionId, title: 'Fix pump', assigneeCount: 1, responseCount: 0, isCompleted: false },
				},
			],
			hasMore: false,
		});
	});

	it("posts an announcement, a poll, a let's meet and a custom action package instance", async () => {
		const bodies = [
			{ actiontype: 'Announcement', actionBody: { message: 'Lets test announcement' } },
			{ actionType: 'Poll', actionBody: { question: 'Lunch?', choices: [{ title: 'Pizza' }, { title: 'Salad' }], expiryInHours: 2 } },
			{ actionType: 'LetsMeet', actionBody: { title: 'Stand-up', startingTime: '2024-01-16T08:00:00Z', duration: 15, place: { latitude: 15, longitude: 96, name: 'Yard' } } },
			{ id: 'com.contoso.inspection.1', actionBody: { title: 'Inspect', properties: [{ name: 'site', type: 'Text', value: 'A' }] } },
		];
		for (const body of bodies) expect((await client.call('POST', actionsOf(FIELD_TEAM), body)).status).toBe(200);
		expect([...sandbox.state.actions.values()].map((action) => action.kind)).toEqual(['Announcement', 'Poll', 'LetsMeet', 'Custom']);

		const polls = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=Poll`);
		expect(polls.body.actions[0].actionBody).toMatchObject({ question: 'Lunch?', expiryDate: '2024-01-15T11:00:00Z', choices: [{ title: 'Pizza' }, { title: 'Salad' }] });
		const meetings = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=LetsMeet`);
		expect(meetings.body.actions[0].actionBody).toMatchObject({ startingTime: '2024-01-16T08:00:00Z', duration: 15, place: { name: 'Yard' } });
		const custom = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=com.contoso.inspection.1`);
		expect(custom.body.actions[0]).toMatchObject({ actionType: 'com.contoso.inspection.1', actionBody: { title: 'Inspect' } });

		const announcements = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=Announcement`);
		expect(announcements.status).toBe(400);
		expect(announcements.body.errorCode).toBe('UnsupportedActionType');
	});

	it('pages listings with count and fromDate', async () => {
		for (const title of ['one', 'two', 'three']) {
			await client.call('POST', actionsOf(FIELD_TEAM), { ...SURVEY, actionBody: { ...SURVEY.actionBody, title } });
			clock.advance(60_000);
		}
		const page = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=Survey&count=2`);
		expect(page.body.actions.map((action: { actionBody: { title: string } }) => action.actionBody.title)).toEqual(['one', 'two']);
		expect(page.body.hasMore).toBe(true);
		const later = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=Survey&fromDate=${clock.time - 60_000}`);
		expect(later.body.actions.map((action: { actionBody: { title: string } }) => action.actionBody.title)).toEqual(['three']);
	});

	it('gets one action with details', async () => {
		const posted = await client.call('POST', actionsOf(FIELD_TEAM), SURVEY);
		const details = await client.call('GET', `${actionsOf(FIELD_TEAM)}/${posted.body.actionId}?getDetails=true`);
		expect(details.status).toBe(200);
		expect(details.body).toMatchObject({
			actionId: posted.body.actionId,
			actionType: 'Survey',
			sender: DEMO_USERS.admin.mobileNumber,
			actionDetails: { title: 'Site check', responseCount: 0, expiryDate: '2024-01-15T19:00:00Z', responses: [] },
		});
		expect(details.body.actionDetails.questions).toHaveLength(4);
	});

	it('validates action bodies', async () => {
		const cases: [unknown, string][] = [
			[{ actionBody: { title: 'x' } }, "'actionType' or 'id'"],
			[{ actionType: 'Hologram', actionBody: {} }, 'Unsupported actionType'],
			[{ actionType: 'Job' }, "'actionBody' is required"],
			[{ actionType: 'Job', actionBody: { title: 'x', assignedTo: ['+15550109999'] } }, 'group members only'],
			[{ actionType: 'Poll', actionBody: { question: 'x', choices: [{ title: 'only one' }] } }, "'choices'"],
			[{ actionType: 'Survey', actionBody: { title: 'x', questions: [{ title: 'q', type: 'SingleOption' }] } }, 'options'],
			[{ actionType: 'LetsMeet', actionBody: { title: 'x', startingTime: 'soon' } }, "'startingTime'"],
			[{ actionType: 'Announcement', actionBody: { message: 'x'.repeat(4001) } }, '4000'],
		];
		for (const [body, message] of cases) {
			const result = await client.call('POST', actionsOf(FIELD_TEAM), body);
			expect([result.status, result.body.message]).toEqual([400, expect.stringContaining(message)]);
		}
		expect(sandbox.state.actions.size).toBe(0);
	});

	it('answers 404 for unknown groups and actions, and 400 without actionType when listing', async () => {
		expect((await client.call('GET', `${actionsOf(FIELD_TEAM)}/00000000-0000-4000-8000-000000000000`)).body.errorCode).toBe('ActionNotFound');
		expect((await client.call('POST', actionsOf('00000000-0000-4000-8000-000000000000'), SURVEY)).status).toBe(404);
		expect((await client.call('GET', actionsOf(FIELD_TEAM))).status).toBe(400);
	});

	it('sends to all subscribers of a public group only for admins', async () => {
		const announcements = actionsOf(DEMO_GROUPS.announcements.groupId);
		const body = { actionType: 'Announcement', actionBody: { title: 'News', message: 'Hi' }, sendToAllSubscribers: true };
		expect((await client.call('POST', announcements, body)).status).toBe(200);
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		expect((await client.call('POST', announcements, body)).status).toBe(403);
	});
});
