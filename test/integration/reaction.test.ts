/**
 * Reaction → Like, Comment, Get Summary, Get Group Summary, Get Many against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;

let fixture: Fixture;
/** The sandbox clock: every reaction gets its own time, so cursors are exact. */
let clock: number;

beforeEach(async () => {
	clock = Date.now();
	fixture = await startFixture({ now: () => clock });
});
afterEach(async () => fixture.close());

function run(parameters: IDataObject, extra: Partial<Parameters<typeof runKaizalaNode>[0]> = {}) {
	clock += 1000;
	return runKaizalaNode({
		parameters: { resource: 'reaction', groupId: byId(FIELD_TEAM), ...parameters },
		store: fixture.store,
		credential: fixture.credential,
		...extra,
	});
}

/** Sends a poll in `groupId` and returns its referenceId, with the request log cleared. */
async function sendPoll(question = 'Pizza?', groupId: string = FIELD_TEAM): Promise<string> {
	const { output, error } = await run({
		resource: 'action',
		operation: 'send',
		groupId: byId(groupId),
		actionType: 'Poll',
		question,
		choices: { choice: [{ title: 'Yes' }, { title: 'No' }] },
	});
	if (error) throw error;
	fixture.sandbox.clearLog();
	return output[0].json.referenceId as string;
}

describe('Reaction → Like and Comment', () => {
	it('likes an action; liking again returns the same reaction', async () => {
		const referenceId = await sendPoll();
		const { output, error } = await run({ operation: 'like', referenceId: byId(referenceId) });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.method, r.route, r.path.endsWith(`/v1/groups/${FIELD_TEAM}/reaction`), r.body, r.status])).toEqual([
			['POST', 'POST /groups/:groupId/reaction', true, { referenceId, sourceGroupId: FIELD_TEAM, reactionType: 'Like' }, 200],
		]);
		expect(output).toEqual([{ json: { reactionId: expect.any(String), referenceId, reactionType: 'Like' }, pairedItem: { item: 0 } }]);
		expect(fixture.sandbox.state.reactions.map((r) => [r.referenceId, r.reactionType])).toEqual([[referenceId, 'Like']]);

		const again = await run({ operation: 'like', referenceId: byId(referenceId) });
		expect(again.output[0].json.reactionId).toBe(output[0].json.reactionId);
		expectNoSecrets([output, again.output], fixture.secrets());
	});

	it('comments on an action', async () => {
		const referenceId = await sendPoll();
		const { output, error } = await run({ operation: 'comment', referenceId: byId(referenceId), comment: 'Extra cheese' });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.route, r.body])).toEqual([
			['POST /groups/:groupId/reaction', { referenceId, sourceGroupId: FIELD_TEAM, reactionType: 'Comment', comment: 'Extra cheese' }],
		]);
		expect(output[0].json).toEqual({ reactionId: expect.any(String), referenceId, reactionType: 'Comment' });
		expect(fixture.sandbox.state.reactions[0].comment).toBe('Extra cheese');
	});

	it('likes a message, and an action sent in a sub-group through the parent group', async () => {
		const message = await run({ resource: 'message', operation: 'send', message: 'Gate is open' });
		const messageReference = message.output[0].json.referenceId as string;
		const liked = await run({ operation: 'like', referenceId: byId(messageReference) });
		expect(liked.error).toBeUndefined();

		const northPoll = await sendPoll('North lunch?', NORTH);
		const { error } = await run({ operation: 'like', sourceGroupId: byId(NORTH), referenceId: byId(northPoll) });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().at(-1)?.body).toEqual({ referenceId: northPoll, sourceGroupId: NORTH, reactionType: 'Like' });
		expect(fixture.platformRequests().at(-1)?.path).toMatch(new RegExp(`/groups/${FIELD_TEAM}/reaction$`));
	});

	it.each([
		['a non-GUID reference id', { operation: 'like', referenceId: byId('={{ "msg-1" }}') }, /^Action or Message "msg-1" is not a GUID .* \[item 0\]$/],
		['an empty comment', { operation: 'comment', referenceId: byId('00000000-0000-4000-8000-000000000001'), comment: '={{ "" }}' }, /^Comment is empty \[item 0\]$/],
		[
			'a non-GUID sub-group',
			{ operation: 'like', sourceGroupId: byId('={{ "north" }}'), referenceId: byId('00000000-0000-4000-8000-000000000001') },
			/^Sent In Sub-Group "north" is not a GUID/,
		],
		[
			'a cursor that is not one',
			{ operation: 'getGroupSummary', returnAll: true, cursorOptions: { cursor: 'yesterday' } },
			/^Since Cursor "yesterday" is not a cursor/,
		],
	])('refuses %s, naming the field, before any request', async (_name, parameters, message) => {
		const { output, error } = await run(parameters);
		expect(output).toEqual([]);
		expect(error?.message).toMatch(message);
		expect(fixture.sandbox.requests).toEqual([]);
	});

	it('surfaces a platform 404 for an item that is not in the group', async () => {
		const { error } = await run({ operation: 'like', referenceId: byId('00000000-0000-4000-8000-000000000001') });
		expect(error?.message).toBe("Kaizala: No message or action with referenceId '00000000-0000-4000-8000-000000000001' in the source group");
		expect(error?.httpCode).toBe('404');
	});

	it('with Continue On Fail, reacts for the valid items and reports the invalid one', async () => {
		const first = await sendPoll('A?');
		const second = await sendPoll('B?');
		const { output } = await run(
			{ operation: 'comment', referenceId: byId('={{ $json.ref }}'), comment: '={{ $json.text }}' },
			{ items: [{ ref: first, text: 'One' }, { ref: 'nope', text: 'Two' }, { ref: second, text: 'Three' }], continueOnFail: true },
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.reactionId).toEqual(expect.any(String));
		expect(output[1].json.error).toMatch(/^Action or Message "nope" is not a GUID .* \[item 1\]$/);
		expect(output[2].json.reactionId).toEqual(expect.any(String));
		expect(fixture.platformRequests().map((r) => (r.body as IDataObject).comment)).toEqual(['One', 'Three']);
	});
});

describe('Reaction → summaries and details', () => {
	async function react(referenceId: string, reactionType: 'like' | 'comment', comment?: string) {
		const { error } = await run({ operation: reactionType, referenceId: byId(referenceId), ...(comment ? { comment } : {}) });
		if (error) throw error;
	}

	it('gets the like and comment counts of an action', async () => {
		const referenceId = await sendPoll();
		await react(referenceId, 'like');
		await react(referenceId, 'comment', 'Yes please');
		await react(referenceId, 'comment', 'Thin crust');
		fixture.sandbox.clearLog();

		const { output, error } = await run({ operation: 'getSummary', referenceId: byId(referenceId) });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.method, r.route, r.path.endsWith(`/groups/${FIELD_TEAM}/reaction/${referenceId}/summary`), r.query])).toEqual([
			['GET', 'GET /groups/:groupId/reaction/:referenceId/summary', true, { sourceGroupId: FIELD_TEAM }],
		]);
		expect(output).toEqual([{ json: { referenceId, reactionsCountMap: { like: 1, comment: 2 } }, pairedItem: { item: 0 } }]);
	});

	it('gets the group summary, one item per reacted item, and continues from a cursor', async () => {
		const pizza = await sendPoll('Pizza?');
		const salad = await sendPoll('Salad?');
		await react(pizza, 'like');
		await react(salad, 'comment', 'Maybe');
		fixture.sandbox.clearLog();

		const all = await run({ operation: 'getGroupSummary', returnAll: true });
		expect(all.error).toBeUndefined();
		const requests = fixture.platformRequests();
		expect(requests.map((r) => [r.route, r.query.sourceGroupId, r.query.cursor])).toEqual([
			['GET /groups/:groupId/reaction/summary', FIELD_TEAM, '0'],
			['GET /groups/:groupId/reaction/summary', FIELD_TEAM, String(all.output[0].json.cursor)],
		]);
		expect(all.output.map((item) => [item.json.referenceId, item.json.reactionsCountMap])).toEqual([
			[pizza, { like: 1, comment: 0 }],
			[salad, { like: 0, comment: 1 }],
		]);
		const cursor = all.output[1].json.cursor as number;
		expect(cursor).toBe(fixture.sandbox.state.reactions.at(-1)?.lastModifiedTime);

		await react(pizza, 'comment', 'Later');
		const since = await run({ operation: 'getGroupSummary', returnAll: true, cursorOptions: { cursor: '={{ $json.cursor }}' } }, { items: [{ cursor }] });
		expect(since.output.map((item) => [item.json.referenceId, item.json.reactionsCountMap])).toEqual([[pizza, { like: 1, comment: 1 }]]);

		const limited = await run({ operation: 'getGroupSummary', returnAll: false, limit: 1 });
		expect(limited.output).toHaveLength(1);
	});

	it('gets the comments on an action, one item each, with who and when', async () => {
		const referenceId = await sendPoll();
		await react(referenceId, 'like');
		await react(referenceId, 'comment', 'First');
		await react(referenceId, 'comment', 'Second');
		fixture.sandbox.clearLog();

		const { output, error } = await run({ operation: 'getAll', referenceId: byId(referenceId), reactionType: 'Comment', returnAll: true });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests()[0]).toMatchObject({
			method: 'GET',
			route: 'GET /groups/:groupId/reaction/:referenceId',
			query: { sourceGroupId: FIELD_TEAM, reactionType: 'Comment', cursor: '0' },
		});
		expect(output.map((item) => item.json)).toEqual([
			expect.objectContaining({ referenceId, reactionType: 'Comment', comment: 'First', reactionId: expect.any(String), userId: expect.any(String), lastModifiedTime: expect.any(Number), cursor: expect.any(Number) }),
			expect.objectContaining({ referenceId, reactionType: 'Comment', comment: 'Second' }),
		]);

		fixture.sandbox.clearLog();
		const likes = await run({ operation: 'getAll', referenceId: byId(referenceId), reactionType: 'Like', returnAll: false, limit: 5 });
		expect(likes.output.map((item) => item.json.reactionType)).toEqual(['Like']);
		expect(fixture.platformRequests()[0].query).toMatchObject({ reactionType: 'Like' });
		expectNoSecrets(likes.output, fixture.secrets());
	});
});
