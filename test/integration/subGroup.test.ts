/**
 * Sub-Group → Create / Add Existing / Get Many / Remove: real workflows against the sandbox.
 */
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { DEMO_CONNECTOR, DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, nodeRunner, startFixture, UNKNOWN_GROUP } from '../helpers/fixtures';
import { runListSearch } from '../helpers/n8n';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;
const ANNOUNCEMENTS = DEMO_GROUPS.announcements.groupId;

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});

afterEach(async () => {
	await fixture.close();
});

const run = nodeRunner(() => fixture, { resource: 'subGroup' });

function listSearch(method: string, parameters: IDataObject, filter?: string): Promise<INodeListSearchResult> {
	return runListSearch({ store: fixture.store, credential: fixture.credential, parameters: { resource: 'subGroup', ...parameters }, method, filter });
}

function subGroupIds(groupId: string): string[] {
	return fixture.sandbox.state.groups.get(groupId)?.subGroupIds ?? [];
}

describe('Sub-Group → Create', () => {
	it('creates a sub-group under the parent with name, welcome message and members', async () => {
		const { output, error } = await run({
			operation: 'create',
			groupId: byId(FIELD_TEAM),
			name: 'Field Team - South',
			welcomeMessage: 'Southern crew',
			members: '+15550100004',
		});
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor('POST /groups/:groupId/subGroups');
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${FIELD_TEAM}/subGroups$`));
		expect(requests[0].body).toEqual({ groupName: 'Field Team - South', welcomeMessage: 'Southern crew', members: ['+15550100004'] });
		expect(output).toEqual([
			{ json: { groupId: expect.any(String), groupName: 'Field Team - South', parentGroupId: FIELD_TEAM }, pairedItem: { item: 0 } },
		]);
		expect(subGroupIds(FIELD_TEAM)).toEqual([NORTH, output[0].json.groupId]);
		expect(fixture.sandbox.state.groups.get(String(output[0].json.groupId))?.welcomeMessage).toBe('Southern crew');
		expectNoSecrets(output, fixture.secrets());
	});

	it('sends addUserToGroup=false and the image URL when chosen', async () => {
		const { output, error } = await run({
			operation: 'create',
			groupId: byId(FIELD_TEAM),
			name: 'Quiet',
			options: { addUserToGroup: false, groupImageUrl: 'https://example.com/a.png' },
		});
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('POST /groups/:groupId/subGroups')[0].body).toEqual({
			groupName: 'Quiet',
			welcomeMessage: '',
			groupImageUrl: 'https://example.com/a.png',
			addUserToGroup: false,
		});
		expect(fixture.sandbox.state.members.filter((m) => m.groupId === output[0].json.groupId)).toHaveLength(0);
	});

	it('refuses an empty name before any request', async () => {
		// A literal empty name is flagged by the editor; one from an expression reaches the node.
		const { error } = await run({ operation: 'create', groupId: byId(FIELD_TEAM), name: '={{ $json.name }}' }, { items: [{ name: '' }] });
		expect(error?.message).toBe('Name is empty [item 0]');
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('refuses a malformed member phone number before any request', async () => {
		const { error } = await run({ operation: 'create', groupId: byId(FIELD_TEAM), name: 'X', members: '+1' });
		expect(error?.message).toMatch(/^Members "\+1" is not a phone number/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('surfaces the 403 when the token user is not an admin of the parent', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'create', groupId: byId(FIELD_TEAM), name: 'Nope' });
		expect(error?.message).toBe("Kaizala: Only an admin of group 'Field Team' may create sub-groups");
		expect(error?.httpCode).toBe('403');
		expect(subGroupIds(FIELD_TEAM)).toEqual([NORTH]);
		expectNoSecrets(error, fixture.secrets());
	});

	it('with Continue On Fail, creates the valid items exactly once and reports the invalid ones', async () => {
		const { output, error } = await run(
			{ operation: 'create', groupId: byId('={{ $json.parent }}'), name: '={{ $json.name }}' },
			{
				continueOnFail: true,
				items: [
					{ parent: FIELD_TEAM, name: 'East' },
					{ parent: 'field-team', name: 'West' },
					{ parent: FIELD_TEAM, name: '  ' },
					{ parent: NORTH, name: 'North - Night' },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('POST /groups/:groupId/subGroups').map((r) => (r.body as IDataObject).groupName)).toEqual([
			'East',
			'North - Night',
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output[1].json.error).toMatch(/^Parent Group "field-team" is not a GUID .*\[item 1\]$/);
		expect(output[2].json.error).toBe('Name is empty [item 2]');
		expect(subGroupIds(FIELD_TEAM)).toHaveLength(2);
		expect(subGroupIds(NORTH)).toEqual([output[3].json.groupId]);
	});
});

describe('Sub-Group → Add Existing', () => {
	it('attaches an existing group with PUT { subGroups: [id] }', async () => {
		const { output, error } = await run({
			operation: 'addExisting',
			groupId: byId(FIELD_TEAM),
			subGroupId: byId(ANNOUNCEMENTS),
		});
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor('PUT /groups/:groupId/subGroups');
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${FIELD_TEAM}/subGroups$`));
		expect(requests[0].body).toEqual({ subGroups: [ANNOUNCEMENTS] });
		expect(output).toEqual([
			{ json: { result: true, parentGroupId: FIELD_TEAM, subGroupId: ANNOUNCEMENTS }, pairedItem: { item: 0 } },
		]);
		expect(subGroupIds(FIELD_TEAM)).toEqual([NORTH, ANNOUNCEMENTS]);
	});

	it('refuses a group to add that is not a GUID before any request', async () => {
		const { error } = await run(
			{ operation: 'addExisting', groupId: byId(FIELD_TEAM), subGroupId: byId('={{ $json.id }}') },
			{ items: [{ id: 'Company Announcements' }] },
		);
		expect(error?.message).toMatch(/^Group to Add "Company Announcements" is not a GUID .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it("surfaces the platform's message for a cycle", async () => {
		const { error } = await run({ operation: 'addExisting', groupId: byId(NORTH), subGroupId: byId(FIELD_TEAM) });
		expect(error?.message).toBe("Kaizala: Group 'Field Team' contains 'Field Team - North', so it cannot also be beneath it");
		expect(error?.httpCode).toBe('400');
	});

	it("surfaces the platform's 404 for an unknown group", async () => {
		const { error } = await run({ operation: 'addExisting', groupId: byId(FIELD_TEAM), subGroupId: byId(UNKNOWN_GROUP) });
		expect(error?.message).toBe(`Kaizala: No group with id '${UNKNOWN_GROUP}'`);
		expect(error?.httpCode).toBe('404');
		expect(subGroupIds(FIELD_TEAM)).toEqual([NORTH]);
	});
});

describe('Sub-Group → Get Many', () => {
	it('returns one item per sub-group with the parent id', async () => {
		const { output, error } = await run({ operation: 'getAll', groupId: byId(FIELD_TEAM), returnAll: true });
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor('GET /groups/:groupId/subGroups');
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({});
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ groupId: NORTH, groupName: 'Field Team - North', parentGroupId: FIELD_TEAM });
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('includes nested sub-groups with fetchAllGroups and honours the limit', async () => {
		const created = await run({ operation: 'create', groupId: byId(NORTH), name: 'North - Night' });
		expect(created.error).toBeUndefined();
		const all = await run({ operation: 'getAll', groupId: byId(FIELD_TEAM), returnAll: true, options: { fetchAllGroups: true } });
		expect(fixture.requestsFor('GET /groups/:groupId/subGroups')[0].query).toEqual({ fetchAllGroups: 'true' });
		expect(all.output.map((item) => item.json.groupName)).toEqual(['Field Team - North', 'North - Night']);

		const limited = await run({ operation: 'getAll', groupId: byId(FIELD_TEAM), returnAll: false, limit: 1, options: { fetchAllGroups: true } });
		expect(limited.output).toHaveLength(1);
	});

	it("surfaces the platform's 404 for an unknown group", async () => {
		const { error } = await run({ operation: 'getAll', groupId: byId(UNKNOWN_GROUP), returnAll: true });
		expect(error?.message).toBe(`Kaizala: No group with id '${UNKNOWN_GROUP}'`);
	});
});

describe('Sub-Group → Remove', () => {
	it('detaches a sub-group with DELETE /groups/{groupId}/subGroups/{subGroupId}', async () => {
		const { output, error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), subGroupId: byId(NORTH) });
		expect(error).toBeUndefined();
		const requests = fixture.platformRequests();
		expect(requests.map((r) => r.route)).toEqual(['DELETE /groups/:groupId/subGroups/:subGroupId']);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${FIELD_TEAM}/subGroups/${NORTH}$`));
		expect(output).toEqual([{ json: { result: true, parentGroupId: FIELD_TEAM, subGroupId: NORTH }, pairedItem: { item: 0 } }]);
		expect(subGroupIds(FIELD_TEAM)).toEqual([]);
		expect(fixture.sandbox.state.groups.has(NORTH)).toBe(true);
	});

	it('accepts the sub-group as a plain GUID string', async () => {
		const { error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), subGroupId: NORTH });
		expect(error).toBeUndefined();
		expect(subGroupIds(FIELD_TEAM)).toEqual([]);
	});

	it('refuses a sub-group id that is not a GUID before any request', async () => {
		const { error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), subGroupId: 'north' });
		expect(error?.message).toMatch(/^Sub-Group "north" is not a GUID .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it("surfaces the platform's 404 for a group that is not a sub-group", async () => {
		const { error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), subGroupId: byId(ANNOUNCEMENTS) });
		expect(error?.message).toBe(`Kaizala: Group '${ANNOUNCEMENTS}' is not a sub-group of 'Field Team'`);
		expect(error?.httpCode).toBe('404');
	});

	it('surfaces the 403 when the token user is not an admin of the parent', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'remove', groupId: byId(FIELD_TEAM), subGroupId: byId(NORTH) });
		expect(error?.message).toBe("Kaizala: Only an admin of group 'Field Team' may remove sub-groups");
		expect(subGroupIds(FIELD_TEAM)).toEqual([NORTH]);
	});
});

describe('Sub-Group pickers (list search in the editor)', () => {
	it("lists the parent's sub-groups by name for the Sub-Group picker, filtered by the search text", async () => {
		const created = await run({ operation: 'create', groupId: byId(FIELD_TEAM), name: 'Field Team - South' });
		expect(created.error).toBeUndefined();
		fixture.sandbox.clearLog();

		const parameters = { operation: 'remove', groupId: { __rl: true, mode: 'list', value: FIELD_TEAM } };
		const all = await listSearch('searchSubGroups', parameters);
		expect(fixture.platformRequests().map((r) => [r.route, r.path.replace(/^\/endpoints\/[^/]+/, '')])).toEqual([
			['GET /groups/:groupId/subGroups', `/v1/groups/${FIELD_TEAM}/subGroups`],
		]);
		expect(all.results).toEqual([
			{ name: 'Field Team - North', value: NORTH },
			{ name: 'Field Team - South', value: created.output[0].json.groupId },
		]);

		const filtered = await listSearch('searchSubGroups', parameters, 'south');
		expect(filtered.results).toEqual([{ name: 'Field Team - South', value: created.output[0].json.groupId }]);
		expectNoSecrets(all, fixture.secrets());
	});

	it('shows an empty Sub-Group list, without asking Kaizala, until the parent is a group ID', async () => {
		for (const groupId of [{ __rl: true, mode: 'list', value: '' }, byId('={{ $json.parent }}'), byId('field-team')]) {
			const { results } = await listSearch('searchSubGroups', { operation: 'remove', groupId });
			expect(results).toEqual([]);
		}
		expect(fixture.sandbox.requests).toHaveLength(0);
	});

	it('lists groups by name for the Parent Group and Group to Add pickers', async () => {
		const parameters = { operation: 'addExisting', groupId: byId(FIELD_TEAM) };
		const all = await listSearch('searchGroups', parameters);
		// Sub-groups are listed too, so they can be picked like any group.
		expect(fixture.requestsFor('GET /groups').map((r) => r.query)).toEqual([{ fetchAllGroups: 'true' }]);
		expect(all.results).toEqual([
			{ name: 'Company Announcements', value: ANNOUNCEMENTS },
			{ name: 'Field Team', value: FIELD_TEAM },
			{ name: 'Field Team - North', value: NORTH },
		]);
		const filtered = await listSearch('searchGroups', parameters, 'ANNOUNCE');
		expect(filtered.results).toEqual([{ name: 'Company Announcements', value: ANNOUNCEMENTS }]);
	});

	it("surfaces the platform's 404 in the Sub-Group picker for an unknown parent", async () => {
		await expect(listSearch('searchSubGroups', { operation: 'remove', groupId: byId(UNKNOWN_GROUP) })).rejects.toThrow(
			`No group with id '${UNKNOWN_GROUP}'`,
		);
	});
});
