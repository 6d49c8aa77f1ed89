/**
 * Message → Send: real workflows against the sandbox, asserting what reached it and what the
 * node output.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, nodeRunner, startFixture } from '../helpers/fixtures';
import { loggedLines } from '../helpers/n8n';

const SEND = 'POST /groups/:groupId/messages';
const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const PUBLIC = DEMO_GROUPS.announcements.groupId;

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});

afterEach(async () => {
	await fixture.close();
});

const run = nodeRunner(() => fixture, { resource: 'message', operation: 'send' });

function messagesIn(groupId: string) {
	return fixture.sandbox.state.messages.filter((message) => message.groupId === groupId);
}

describe('Message → Send', () => {
	it('posts to a group conversation and outputs the referenceId', async () => {
		const { output, error } = await run({ groupId: byId(FIELD_TEAM), message: 'Shift starts at 8' });
		expect(error).toBeUndefined();
		const [sent] = fixture.requestsFor(SEND);
		expect(fixture.requestsFor(SEND)).toHaveLength(1);
		expect(sent.path).toMatch(new RegExp(`/v1/groups/${FIELD_TEAM}/messages$`));
		expect(sent.body).toEqual({ message: 'Shift starts at 8' });
		expect(sent.accessTokenState).toBe('valid');
		const stored = messagesIn(FIELD_TEAM);
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ text: 'Shift starts at 8', audience: { kind: 'group' }, senderUserId: DEMO_USERS.admin.userId });
		expect(output).toEqual([{ json: { referenceId: stored[0].referenceId }, pairedItem: { item: 0 } }]);
		expectNoSecrets([output, loggedLines], fixture.secrets());
	});

	it('a refusal that echoes the access token and the secrets shows none of them, on the item or in the error', async () => {
		await run({ groupId: byId(FIELD_TEAM), message: 'first, for a token' });
		const [accessToken, connectorSecret, refreshToken] = ['accesstoken', 'applicationsecret', 'refreshtoken'].map(
			(name) => fixture.sandbox.requests.flatMap((r) => Object.entries(r.headers).filter(([k]) => k.toLowerCase() === name).map(([, v]) => v))[0],
		);
		expect([accessToken, connectorSecret, refreshToken].every((value) => typeof value === 'string' && value.length > 20)).toBe(true);
		const echo = `Invalid request headers accessToken=${accessToken} applicationSecret=${connectorSecret} refreshToken=${refreshToken}`;
		for (const body of [{ errorCode: 'BadRequest', message: echo }, echo]) {
			fixture.sandbox.faults.add({ path: SEND, status: 400, body, times: 2 });
			const failed = await run({ groupId: byId(FIELD_TEAM), message: 'echoed' });
			expect(failed.error?.message).toBe('Kaizala: Invalid request headers [hidden] [hidden] [hidden]');
			const kept = await run({ groupId: byId(FIELD_TEAM), message: 'echoed' }, { continueOnFail: true });
			expect(kept.output[0].json.error).toMatch(/\[hidden\]/);
			expectNoSecrets([failed.error, kept.output, loggedLines], fixture.secrets());
		}
	});

	it('sends to all subscribers of the public group', async () => {
		const { output, error } = await run({ groupId: byId(PUBLIC), message: 'Office closed Friday', audience: 'allSubscribers' });
		expect(error).toBeUndefined();
		expect(fixture.requestsFor(SEND).map((r) => r.body)).toEqual([{ message: 'Office closed Friday', sendToAllSubscribers: true }]);
		const [stored] = messagesIn(PUBLIC);
		expect(stored.audience).toEqual({ kind: 'allSubscribers' });
		expect(output[0].json.referenceId).toBe(stored.referenceId);
	});

	it('sends to chosen subscribers, normalising and de-duplicating the numbers', async () => {
		const { output, error } = await run({
			groupId: byId(PUBLIC),
			message: 'Your order shipped',
			audience: 'chosenSubscribers',
			subscribers: `${DEMO_USERS.customer.mobileNumber}; +1 555-010-0003, ${DEMO_USERS.customer.mobileNumber}`,
		});
		expect(error).toBeUndefined();
		expect(fixture.requestsFor(SEND).map((r) => r.body)).toEqual([
			{ message: 'Your order shipped', subscribers: [DEMO_USERS.customer.mobileNumber, DEMO_USERS.technician.mobileNumber] },
		]);
		const [stored] = messagesIn(PUBLIC);
		expect(stored.audience).toEqual({
			kind: 'subscribers',
			mobileNumbers: [DEMO_USERS.customer.mobileNumber, DEMO_USERS.technician.mobileNumber],
		});
		expect(output[0].json.referenceId).toBe(stored.referenceId);
	});

	it.each([
		['empty text', { groupId: byId(FIELD_TEAM), message: '   ' }, /^Message is empty \[item 0\]$/],
		['text of 4,001 characters', { groupId: byId(FIELD_TEAM), message: 'x'.repeat(4001) }, /^Message has 4001 characters; Kaizala accepts at most 4000 \[item 0\]$/],
		[
			'a malformed subscriber phone number',
			{ groupId: byId(PUBLIC), message: 'hi', audience: 'chosenSubscribers', subscribers: `${DEMO_USERS.customer.mobileNumber}, 555-0100` },
			/^Subscribers "555-0100" is not a phone number .*\[item 0\]$/,
		],
		['no chosen subscribers', { groupId: byId(PUBLIC), message: 'hi', audience: 'chosenSubscribers', subscribers: ' , ' }, /^Subscribers needs at least one phone number \[item 0\]$/],
		['a non-GUID group id (from an expression)', { groupId: byId('={{ "field-team" }}'), message: 'hi' }, /^Group "field-team" is not a GUID .*\[item 0\]$/],
	])('refuses %s before any platform request', async (_name, parameters, message) => {
		const { error, output } = await run(parameters as IDataObject);
		expect(output).toEqual([]);
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(/nothing was sent to Kaizala/);
		expect(fixture.platformRequests()).toEqual([]);
		expect(fixture.sandbox.state.messages).toEqual([]);
		expectNoSecrets(error, fixture.secrets());
	});

	it('a typed non-GUID group id is flagged by the editor rule and the workflow does not run', async () => {
		await expect(run({ groupId: byId('field-team'), message: 'hi' })).rejects.toThrow(/Not a valid group ID \(a GUID\)/);
		expect(fixture.sandbox.requests).toEqual([]);
	});

	it('with Continue On Fail, sends each valid item exactly once and reports the others', async () => {
		const { output, error } = await run(
			{ groupId: byId('={{ $json.group }}'), message: '={{ $json.text }}' },
			{
				continueOnFail: true,
				items: [
					{ group: FIELD_TEAM, text: 'first' },
					{ group: FIELD_TEAM, text: '' },
					{ group: 'not-a-group', text: 'lost' },
					{ group: FIELD_TEAM, text: 'y'.repeat(4001) },
					{ group: DEMO_GROUPS.fieldTeamNorth.groupId, text: 'second' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor(SEND).map((r) => r.body)).toEqual([{ message: 'first' }, { message: 'second' }]);
		expect(fixture.requestsFor(SEND).map((r) => r.status)).toEqual([200, 200]);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output[0].json.referenceId).toBe(messagesIn(FIELD_TEAM)[0].referenceId);
		expect(output[1].json.error).toBe('Message is empty [item 1]');
		expect(output[2].json.error).toMatch(/^Group "not-a-group" is not a GUID .*\[item 2\]$/);
		expect(output[3].json.error).toMatch(/^Message has 4001 characters/);
		expect(output[4].json.referenceId).toBe(messagesIn(DEMO_GROUPS.fieldTeamNorth.groupId)[0].referenceId);
		expect(fixture.sandbox.state.messages.map((m) => m.text)).toEqual(['first', 'second']);
		expectNoSecrets(output, fixture.secrets());
	});
});
