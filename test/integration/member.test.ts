/**
 * Member → Add / Get Many / Remove: real workflows executed by n8n-core against the sandbox.
 */

import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, nodeRunner, startFixture, UNKNOWN_GROUP } from '../helpers/fixtures';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});

afterEach(async () => {
	await fixture.close();
});

const run = nodeRunner(() => fixture, { resource: 'member' });

function memberPhones(groupId: string): string[] {
	return fixture.sandbox.state.members
		.filter((member) => member.groupId === groupId)
		.map((member) => fixture.sandbox.state.users.get(member.userId)?.mobileNumber ?? '?')
		.sort();
}

describe('Member → Add', () => {
	it('adds the numbers of a comma-separated list (normalised, duplicates dropped) in one PUT', async () => {
		const { output, error } = await run({
			operation: 'add',
			groupId: byId(FIELD_TEAM),
			members: '+1 555 010-0004, +15550100009; +15550100004',
		});
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor('PUT /groups/:groupId/members');
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${FIELD_TEAM}/members$`));
		expect(requests[0].body).toEqual({ members: ['+15550100004', '+15550100009'] });
		expect(output).toEqual([
			{ json: { result: true, groupId: FIELD_TEAM, members: ['+15550100004', '+15550100009'] }, pairedItem: { item: 0 } },
		]);
		expect(memberPhones(FIELD_TEAM)).toEqual(['+15550100001', '+15550100002', '+15550100003', '+15550100004', '+15550100009']);
		expectNoSecrets(output, fixture.secrets());
	});

	it('accepts the numbers as an array from an expression', async () => {
		const { error } = await run(
			{ operation: 'add', groupId: byId(FIELD_TEAM), members: '={{ $json.phones }}' },
			{ items: [{ phones: ['+15550100005', '+15550100006'] }] },
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('PUT /groups/:groupId/members')[0].body).toEqual({ members: ['+15550100005', '+15550100006'] });
	});

	it('refuses a malformed phone number before any request', async () => {
		const { output, error } = await run({ operation: 'add', groupId: byId(FIELD_TEAM), members: '+15550100004, 0044 20 7946' });
		expect(output).toHaveLength(0);
		expect(error?.message).toMatch(/^Members "0044 20 7946" is not a phone number in international format .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('refuses an empty list before any request', async () => {
		const { error } = await run({ operation: 'add', groupId: byId(FIELD_TEAM), members: ' , ' });
		expect(error?.message).toBe('Members needs at least one phone number [item 0]');
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('refuses a group id that is not a GUID before any request', async () => {
		const { error } = await run(
			{ operation: 'add', groupId: byId('={{ $json.group }}'), members: '+15550100004' },
			{ items: [{ group: '12345' }] },
		);
		expect(error?.message).toMatch(/^Group "12345" is not a GUID .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('surfaces the 403 when the token user is not a group admin', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'add', groupId: byId(FIELD_TEAM), members: '+15550100009' });
		expect(error?.message).toBe("Kaizala: Only an admin of group 'Field Team' may add members");
		expect(error?.httpCode).toBe('403');
		expect(fixture.requestsFor('PUT /groups/:groupId/members').map((r) => r.status)).toEqual([403]);
		expect(memberPhones(FIELD_TEAM)).not.toContain('+15550100009');
		expectNoSecrets(error, fixture.secrets());
	});

	it('with Continue On Fail, adds the valid items exactly once and reports the invalid ones', async () => {
		const { output, error } = await run(
			{ operation: 'add', groupId: byId('={{ $json.group }}'), members: '={{ $json.phones }}' },
			{
				continueOnFail: true,
				items: [
					{ group: FIELD_TEAM, phones: '+15550100011' },
					{ group: FIELD_TEAM, phones: 'not-a-phone' },
					{ group: 'nope', phones: '+15550100012' },
					{ group: DEMO_GROUPS.fieldTeamNorth.groupId, phones: '+15550100013' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('PUT /groups/:groupId/members').map((r) => r.body)).toEqual([
			{ members: ['+15550100011'] },
			{ members: ['+15550100013'] },
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output[0].json.result).toBe(true);
		expect(output[1].json.error).toMatch(/^Members "not-a-phone" is not a phone number .*\[item 1\]$/);
		expect(output[2].json.error).toMatch(/^Group "nope" is not a GUID .*\[item 2\]$/);
		expect(output[3].json.result).toBe(true);
		expect(memberPhones(FIELD_TEAM).filter((p) => p === '+15550100011')).toHaveLength(1);
		expect(memberPhones(DEMO_GROUPS.fieldTeamNorth.groupId)).toContain('+15550100013');
		expect(memberPhones(FIELD_TEAM)).not.toContain('+15550100012');
	});
});

describe('Member → Get Many', () => {
	it('returns one item per member', async () => {
		const { output, error } = await run({ operation: 'getAll', groupId: byId(FIELD_TEAM), returnAll: true });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => r.route)).toEqual(['GET /groups/:groupId/members']);
		expect(output.map((item) => item.json)).toEqual(
			expect.arrayContaining([
				{ id: DEMO_USERS.fieldLead.userId, role: 'Admin', mobileNumber: DEMO_USERS.fieldLead.mobileNumber, isProvisioned: true },
				{ id: DEMO_USERS.technician.userId, role: 'Member', mobileNumber: DEMO_USERS.technician.mobileNumber, isProvisioned: true },
			]),
		);
		expect(output).toHaveLength(3);
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('honours the limit and pairs every record with its input item', async () => {
		const { output } = await run(
			{ operation: 'getAll', groupId: byId('={{ $json.group }}'), returnAll: false, limit: 2 },
			{ items: [{ group: FIELD_TEAM }, { group: DEMO_GROUPS.announcements.groupId }] },
		);
		expect(output).toHaveLength(4);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	it("surfaces the platform's 404 for an unknown group", async () => {
		const { error } = await run({ operation: 'getAll', groupId: byId(UNKNOWN_GROUP), returnAll: true });
		expect(error?.message).toBe(`Kaizala: No group with id '${UNKNOWN_GROUP}'`);
		expect(error?.httpCode).toBe('404');
	});
});

describe('Member → Remove', () => {
	it('removes a member by id with DELETE /groups/{groupId}/members/{memberId}', async () => {
		const { output, error } = await run({
			operation: 'remove',
			groupId: byId(FIELD_TEAM),
			memberId: DEMO_USERS.technician.userId,
		});
		expect(error).toBeUndefined();
		const requests = fixture.platformRequests();
		expect(requests.map((r) => r.route)).toEqual(['DELETE /groups/:groupId/members/:memberId']);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${FIELD_TEAM}/members/${DEMO_USERS.technician.userId}$`));
		expect(output).toEqual([
			{ json: { result: true, groupId: FIELD_TEAM, memberId: DEMO_USERS.technician.userId }, pairedItem: { item: 0 } },
		]);
		expect(memberPhones(FIELD_TEAM)).not.toContain(DEMO_USERS.technician.mobileNumber);
	});

	it('refuses a member id that is not a GUID before any request', async () => {
		const { error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), memberId: '+15550100003' });
		expect(error?.message).toMatch(/^Member ID "\+15550100003" is not a GUID .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it("surfaces the platform's 404 for an unknown member", async () => {
		const unknown = 'b5e70000-0000-4000-8000-0000000000ff';
		const { error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), memberId: unknown });
		expect(error?.message).toBe(`Kaizala: No member with id '${unknown}' in 'Field Team'`);
		expect(error?.httpCode).toBe('404');
	});

	it('surfaces the 403 when the token user is not a group admin', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), memberId: DEMO_USERS.technician.userId });
		expect(error?.message).toBe("Kaizala: Only an admin of group 'Field Team' may remove members");
		expect(memberPhones(FIELD_TEAM)).toContain(DEMO_USERS.technician.mobileNumber);
	});
});
