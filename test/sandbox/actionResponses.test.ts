import { DEMO_GROUPS, DEMO_USERS, type KaizalaSandbox } from '../../sandbox';
import { actionsOf, FakeClock, SandboxClient, startWithClient, SURVEY } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;

describe('/groups/{groupId}/actions/{actionId}/responses', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	let clock: FakeClock;
	beforeEach(async () => {
		clock = new FakeClock();
		({ sandbox, client } = await startWithClient({ now: clock.now }));
	});
	afterEach(() => sandbox.close());

	it('records survey answers, updates them on a second post, and shows them in details', async () => {
		const survey = await client.call('POST', actionsOf(FIELD_TEAM), SURVEY);
		const path = `${actionsOf(FIELD_TEAM)}/${survey.body.actionId}/responses`;
		const answers = ['All good', 'Yes', ['Wet'], 4];
		const first = await client.call('POST', path, { actionType: 'Survey', actionBody: { responseName: 'A', Answers: answers } });
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ responseId: expect.any(String) });

		const second = await client.call('POST', path, { actionType: 'Survey', actionBody: { answers: ['Changed', 'No', [], 5] } });
		expect(second.body.responseId).toBe(first.body.responseId);
		expect(sandbox.state.responses).toHaveLength(1);

		const details = await client.call('GET', `${actionsOf(FIELD_TEAM)}/${survey.body.actionId}?getDetails=true`);
		expect(details.body.actionDetails.responseCount).toBe(1);
		expect(details.body.actionDetails.responses[0]).toMatchObject({
			responseId: first.body.responseId,
			responder: DEMO_USERS.admin.mobileNumber,
			answers: ['Changed', 'No', [], 5],
		});
	});

	it('checks answers against the questions and refuses expired surveys', async () => {
		const survey = await client.call('POST', actionsOf(FIELD_TEAM), SURVEY);
		const path = `${actionsOf(FIELD_TEAM)}/${survey.body.actionId}/responses`;
		const wrongCount = await client.call('POST', path, { actionType: 'Survey', actionBody: { answers: ['only one'] } });
		expect(wrongCount.status).toBe(400);
		const wrongOption = await client.call('POST', path, { actionType: 'Survey', actionBody: { answers: ['x', 'Maybe', [], 1] } });
		expect(wrongOption.body.message).toContain("'Yes'");
		clock.advance(11 * 60 * 60 * 1000);
		const expired = await client.call('POST', path, { actionType: 'Survey', actionBody: { answers: ['x', 'Yes', [], 1] } });
		expect(expired.body.errorCode).toBe('ActionExpired');
		expect(sandbox.state.responses).toHaveLength(0);
	});

	it('lets assignees complete a job and refuses everyone else', async () => {
		const own = await client.call('POST', actionsOf(FIELD_TEAM), {
			actionType: 'Job',
			actionBody: { title: 'Mine', assignedTo: [DEMO_USERS.admin.mobileNumber] },
		});
		const done = await client.call('POST', `${actionsOf(FIELD_TEAM)}/${own.body.actionId}/responses`, { actionType: 'Job', actionBody: { isCompleted: true } });
		expect(done.status).toBe(200);
		const listed = await client.call('GET', `${actionsOf(FIELD_TEAM)}?actionType=Job`);
		expect(listed.body.actions[0].actionBody).toMatchObject({ responseCount: 1, isCompleted: true });

		const theirs = await client.call('POST', actionsOf(FIELD_TEAM), {
			actionType: 'Job',
			actionBody: { title: 'Theirs', assignedTo: [DEMO_USERS.technician.mobileNumber] },
		});
		const refused = await client.call('POST', `${actionsOf(FIELD_TEAM)}/${theirs.body.actionId}/responses`, { actionType: 'Job', actionBody: { isCompleted: true } });
		expect(refused.status).toBe(403);
		expect(refused.body.errorCode).toBe('NotAnAssignee');
	});

	it('answers 404 for an unknown action or responseId and 400 for a mismatched actionType', async () => {
		const survey = await client.call('POST', actionsOf(FIELD_TEAM), SURVEY);
		const path = `${actionsOf(FIELD_TEAM)}/${survey.body.actionId}/responses`;
		expect((await client.call('POST', `${actionsOf(FIELD_TEAM)}/nope/responses`, { actionType: 'Survey', actionBody: { answers: [] } })).status).toBe(404);
		const unknownResponse = await client.call('POST', path, { actionType: 'Survey', responseId: 'nope', actionBody: { answers: ['x', 'Yes', [], 1] } });
		expect(unknownResponse.body.errorCode).toBe('ResponseNotFound');
		expect((await client.call('POST', path, { actionType: 'Job', actionBody: { isCompleted: true } })).status).toBe(400);
	});
});
