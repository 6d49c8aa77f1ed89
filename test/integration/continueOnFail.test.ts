/**
 * Continue On Fail through n8n-core's real execution context against the sandbox: a failed
 * item's output carries the message (`error`, as before), n8n's description, and the platform's
 * HTTP code when the platform refused it; the other items go on.
 */
import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, nodeRunner, startFixture, UNKNOWN_GROUP } from '../helpers/fixtures';

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});

afterEach(async () => {
	await fixture.close();
});

const run = nodeRunner(() => fixture, { resource: 'group' });

it('an input error and a platform refusal each keep their message, description and HTTP code', async () => {
	const known = Object.values(DEMO_GROUPS)[0].groupId;
	const { output, error } = await run(
		{ operation: 'get', groupId: byId('={{ $json.group }}') },
		{ continueOnFail: true, items: [{ group: known }, { group: 'not-a-group' }, { group: UNKNOWN_GROUP }] },
	);
	expect(error).toBeUndefined();
	expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(output[0].json.groupId).toBe(known);
	// Refused before sending: no HTTP code, the description says what to fix.
	expect(output[1].json).toEqual({
		error: expect.stringMatching(/^Group "not-a-group" is not a GUID .*\[item 1\]$/),
		description: 'Fix the "Group" field of item 1; nothing was sent to Kaizala for this item.',
	});
	// Refused by the platform: its message, n8n's description of it, and the status.
	expect(output[2].json).toEqual({
		error: `Kaizala: No group with id '${UNKNOWN_GROUP}'`,
		description: 'Error code: GroupNotFound',
		httpCode: '404',
	});
	expect(fixture.requestsFor('GET /groups/:groupId').map((r) => r.status)).toEqual([200, 404]);
	expectNoSecrets(output, fixture.secrets());
});
