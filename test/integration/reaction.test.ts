/**
 * Reaction → Like and Comment on an action.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;
const group = { __rl: true, mode: 'id', value: DEMO_GROUPS.fieldTeam.groupId };

beforeEach(async () => {
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

function run(parameters: IDataObject) {
	return runKaizalaNode({ parameters: { groupId: group, ...parameters }, store: fixture.store, credential: fixture.credential });
}

async function sendPoll(): Promise<string> {
	const { output } = await run({ resource: 'action', operation: 'send', actionType: 'Poll', question: 'Pizza?', choices: 'Yes, No' });
	return output[0].json.referenceId as string;
}

describe('Reaction', () => {
	it('likes an action', async () => {
		const referenceId = await sendPoll();
		const { output, error } = await run({ resource: 'reaction', operation: 'like', referenceId });
		expect(error).toBeUndefined();
		expect(output[0].json.reactionId).toEqual(expect.any(String));
		expect(fixture.requestsFor('POST /groups/:groupId/reaction')[0].body).toEqual({
			referenceId,
			sourceGroupId: DEMO_GROUPS.fieldTeam.groupId,
			reactionType: 'Like',
		});
	});

	it('comments on an action', async () => {
		const referenceId = await sendPoll();
		const { error } = await run({ resource: 'reaction', operation: 'comment', referenceId, comment: 'Extra cheese' });
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('POST /groups/:groupId/reaction')[0].body).toMatchObject({ reactionType: 'Comment', comment: 'Extra cheese' });
	});

	it('refuses a non-GUID reference id and an empty comment before any request', async () => {
		const badReference = await run({ resource: 'reaction', operation: 'like', referenceId: 'msg-1' });
		expect(badReference.error?.message).toMatch(/Reference ID "msg-1" is not a GUID/);
		const emptyComment = await run({ resource: 'reaction', operation: 'comment', referenceId: '00000000-0000-4000-8000-000000000001', comment: '={{ "" }}' });
		expect(emptyComment.error?.message).toMatch(/Comment is empty/);
		expect(fixture.sandbox.requests).toEqual([]);
	});
});
