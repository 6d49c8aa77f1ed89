/**
 * Group → Create / Get / Get Many: real workflows executed by n8n-core against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
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

/** Requests other than the token exchange. */
describe('Group → Create', () => {
	it('creates a group with a welcome message and members from comma-separated text', async () => {
		const { output, error } = await run({
			operation: 'create',
			name: '  Night Shift ',
			welcomeMessage: 'Welcome, night owls',
			members: '+1 555 010-0003, +15550100004',
		});
		expect(error).toBeUndefined();
		const [request] = fixture.requestsFor('POST /groups');
		expect(request.body).toEqual({
			name: 'Night Shift',
			welcomeMessage: 'Welcome, night owls',
			groupType: 'Group',
			members: [DEMO_USERS.technician.mobileNumber, DEMO_USERS.northTechnician.mobileNumber],
		});
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toEqual({ groupName: 'Night Shift', groupId: expect.any(String), membersAdded: true });
		const stored = fixture.sandbox.state.groups.get(String(output[0].json.groupId));
		expect(stored).toMatchObject({ groupName: 'Night Shift', groupType: 'Group', welcomeMessage: 'Welcome, night owls' });
		expect(fixture.sandbox.state.members.filter((m) => m.groupId === stored?.groupId)).toHaveLength(3);
		expectNoSecrets(output, fixture.secrets());
	});

	it('creates a managed public group (ConnectGroup) from a members array, one group per item', async () => {
		const { output, error } = await run(
			{
				operation: 'create',
				name: '={{ $json.name }}',
				groupType: 'ConnectGroup',
				members: '={{ $json.phones }}',
			},
			{ items: [{ name: 'News A', phones: ['+15550100005'] }, { name: 'News B', phones: [] }] },
		);
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor('POST /groups');
		expect(requests.map((r) => r.body)).toEqual([
			{ name: 'News A', welcomeMessage: '', groupType: 'ConnectGroup', members: ['+15550100005'] },
			{ name: 'News B', welcomeMessage: '', groupType: 'ConnectGroup' },
		]);
		expect(output.map((item) => [item.json.groupName, item.pairedItem])).toEqual([
			['News A', { item: 0 }],
			['News B', { item: 1 }],
		]);
		for (const item of output) {
			expect(fixture.sandbox.state.groups.get(String(item.json.groupId))?.groupType).toBe('ConnectGroup');
		}
	});

	it('refuses an empty name before any request', async () => {
		const { output, error } = await run({ operation: 'create', name: '   ', welcomeMessage: 'hi' });
		expect(output).toHaveLength(0);
		expect(error?.message).toBe('Name is empty [item 0]');
		expect(fixture.sandbox.requests).toHaveLength(0);
	});

	it('refuses a malformed member phone number before any request', async () => {
		const { error } = await run({ operation: 'create', name: 'Crew', members: '+15550100003, 555-0100' });
		expect(error?.message).toMatch(/^Members "555-0100" is not a phone number in international format .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('refuses more than 100 members before any request', async () => {
		const phones = Array.from({ length: 101 }, (_, i) => `+1555020${String(i).padStart(4, '0')}`);
		const { error } = await run({ operation: 'create', name: 'Crowd', members: phones.join(',') });
		expect(error?.message).toMatch(/^Members has 101 entries; Kaizala accepts at most 100/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('surfaces the 403 when the token user is not a tenant admin', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'create', name: 'Not allowed' });
		expect(error?.message).toMatch(/^Kaizala: Only a tenant admin may create groups/);
		expect(error?.httpCode).toBe('403');
		expect(fixture.requestsFor('POST /groups').map((r) => r.status)).toEqual([403]);
		expect([...fixture.sandbox.state.groups.values()].some((g) => g.groupName === 'Not allowed')).toBe(false);
		expectNoSecrets(error, fixture.secrets());
	});

	it('with Continue On Fail, creates the valid items exactly once and reports the invalid ones', async () => {
		const { output, error } = await run(
			{ operation: 'create', name: '={{ $json.name }}', members: '={{ $json.members }}' },
			{
				continueOnFail: true,
				items: [
					{ name: 'Valid One', members: '+15550100003' },
					{ name: '', members: '' },
					{ name: 'Bad Phone', members: '12345' },
					{ name: 'Valid Two', members: '' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('POST /groups').map((r) => (r.body as IDataObject).name)).toEqual(['Valid One', 'Valid Two']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output[0].json.groupName).toBe('Valid One');
		expect(output[1].json.error).toBe('Name is empty [item 1]');
		expect(output[2].json.error).toMatch(/^Members "12345" is not a phone number/);
		expect(output[3].json.groupName).toBe('Valid Two');
		const names = [...fixture.sandbox.state.groups.values()].map((g) => g.groupName);
		expect(names.filter((n) => n === 'Valid One')).toHaveLength(1);
		expect(names.filter((n) => n === 'Valid Two')).toHaveLength(1);
	});
});

describe('Group → Get', () => {
	it('returns the group details, unwrapped from the groups array', async () => {
		const { output, error } = await run({ operation: 'get', groupId: byId(DEMO_GROUPS.fieldTeam.groupId) });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => `${r.method} ${r.path.replace(/^\/endpoints\/[^/]+/, '')}`)).toEqual([
			`GET /v1/groups/${DEMO_GROUPS.fieldTeam.groupId}`,
		]);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({
			groupId: DEMO_GROUPS.fieldTeam.groupId,
			groupName: 'Field Team',
			hasSubGroups: true,
			welcomeMessage: 'Welcome to the field team!',
		});
	});

	it('accepts a group picked from the list (upper-case id, spaces) and normalises it', async () => {
		const { output, error } = await run({
			operation: 'get',
			groupId: { __rl: true, mode: 'list', value: ` ${DEMO_GROUPS.announcements.groupId.toUpperCase()} ` },
		});
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('GET /groups/:groupId')[0].path).toMatch(new RegExp(`/groups/${DEMO_GROUPS.announcements.groupId}$`));
		expect(output[0].json.groupType).toBe('ConnectGroup');
	});

	it('refuses a group id that is not a GUID before any request', async () => {
		// A literal non-GUID is caught by the editor; one from an expression reaches the node.
		const { error } = await run({ operation: 'get', groupId: byId('={{ $json.id }}') }, { items: [{ id: 'field-team' }] });
		expect(error?.message).toMatch(/^Group "field-team" is not a GUID .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it("surfaces the platform's 404 for an unknown group", async () => {
		const { output, error } = await run({ operation: 'get', groupId: byId(UNKNOWN_GROUP) });
		expect(output).toHaveLength(0);
		expect(error?.message).toBe(`Kaizala: No group with id '${UNKNOWN_GROUP}'`);
		expect(error?.httpCode).toBe('404');
		expect(fixture.requestsFor('GET /groups/:groupId').map((r) => r.status)).toEqual([404]);
	});
});

describe('Group → Get Many', () => {
	it('lists the top-level groups, one item per group', async () => {
		const { output, error } = await run({ operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		const [request] = fixture.requestsFor('GET /groups');
		expect(request.query).toEqual({});
		expect(output.map((item) => item.json.groupName).sort()).toEqual(['Company Announcements', 'Field Team']);
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(output[0].json).not.toHaveProperty('callerRole');
	});

	it('sends showDetail and fetchAllGroups and honours the limit', async () => {
		const all = await run({ operation: 'getAll', returnAll: true, options: { showDetail: true, fetchAllGroups: true } });
		expect(fixture.requestsFor('GET /groups')[0].query).toEqual({ showDetail: 'true', fetchAllGroups: 'true' });
		expect(all.output.map((item) => item.json.groupName).sort()).toEqual([
			'Company Announcements',
			'Field Team',
			'Field Team - North',
		]);
		expect(all.output[0].json.callerRole).toBe('Admin');

		const limited = await run({ operation: 'getAll', returnAll: false, limit: 2, options: { fetchAllGroups: true } });
		expect(limited.error).toBeUndefined();
		expect(limited.output).toHaveLength(2);
	});
});
