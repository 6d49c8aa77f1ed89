import { DEMO_GROUPS, type KaizalaSandbox } from '../../sandbox';
import { FakeClock, SandboxClient, startWithClient } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;

describe('/groups/{groupId}/reaction', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	let clock: FakeClock;
	let referenceId: string;
	beforeEach(async () => {
		clock = new FakeClock();
		({ sandbox, client } = await startWithClient({ now: clock.now }));
		referenceId = (await client.call('POST', `groups/${NORTH}/messages`, { message: 'Pump fixed' })).body.referenceId;
	});
	afterEach(() => sandbox.close());

	it('likes once per user, comments, and summarises per reference and per group', async () => {
		const react = (body: Record<string, unknown>) =>
			client.call('POST', `groups/${FIELD_TEAM}/reaction`, { referenceId, sourceGroupId: NORTH, ...body });
		const like = await react({ reactionType: 'Like' });
		expect(like.status).toBe(200);
		expect(like.body).toEqual({ reactionId: expect.any(String) });
		expect((await react({ reactionType: 'like' })).body.reactionId).toBe(like.body.reactionId);
		clock.advance(1000);
		expect((await react({ reactionType: 'Comment', comment: 'Great work' })).status).toBe(200);

		const summary = await client.call('GET', `groups/${FIELD_TEAM}/reaction/${referenceId}/summary?sourceGroupId=${NORTH}`);
		expect(summary.body).toEqual({ summary: [{ referenceId, reactionsCountMap: { like: 1, comment: 1 } }] });

		const groupSummary = await client.call('GET', `groups/${FIELD_TEAM}/reaction/summary?sourceGroupId=${NORTH}&cursor=0`);
		expect(groupSummary.body).toEqual({ cursor: clock.time, summary: [{ referenceId, reactionsCountMap: { like: 1, comment: 1 } }] });
		const nothingNew = await client.call('GET', `groups/${FIELD_TEAM}/reaction/summary?sourceGroupId=${NORTH}&cursor=${clock.time}`);
		expect(nothingNew.body.summary).toEqual([]);

		const comments = await client.call('GET', `groups/${FIELD_TEAM}/reaction/${referenceId}?sourceGroupId=${NORTH}&reactionType=Comment`);
		expect(comments.body.reactionDetails).toEqual([
			{ reactionId: expect.any(String), userId: sandbox.state.reactions[1].userId, lastModifiedTime: clock.time, comment: 'Great work' },
		]);
	});

	it('refuses unknown references, comments without text, and source groups outside the group', async () => {
		const unknown = await client.call('POST', `groups/${FIELD_TEAM}/reaction`, { referenceId: 'nope', sourceGroupId: NORTH, reactionType: 'Like' });
		expect(unknown.status).toBe(404);
		expect(unknown.body.errorCode).toBe('ReferenceNotFound');
		const noText = await client.call('POST', `groups/${FIELD_TEAM}/reaction`, { referenceId, sourceGroupId: NORTH, reactionType: 'Comment' });
		expect(noText.status).toBe(400);
		expect(noText.body.message).toContain("'comment'");
		const outside = await client.call('POST', `groups/${NORTH}/reaction`, { referenceId, sourceGroupId: FIELD_TEAM, reactionType: 'Like' });
		expect(outside.status).toBe(400);
		expect(sandbox.state.reactions).toHaveLength(0);
	});
});
