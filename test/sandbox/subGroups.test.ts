import { DEMO_CONNECTOR, DEMO_GROUPS, type KaizalaSandbox } from '../../sandbox';
import { SandboxClient, startWithClient } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;
const UNKNOWN_GROUP = '00000000-0000-4000-8000-000000000000';

let sandbox: KaizalaSandbox;
let client: SandboxClient;
beforeEach(async () => {
	({ sandbox, client } = await startWithClient());
});
afterEach(() => sandbox.close());

describe('/groups/{groupId}/subGroups', () => {
	it('lists the seeded sub-group in the swagger shape', async () => {
		const result = await client.call('GET', `groups/${FIELD_TEAM}/subGroups`);
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ groupId: FIELD_TEAM, groupName: 'Field Team', hasSubGroups: true });
		expect(result.body.subGroups).toEqual([expect.objectContaining({ groupId: NORTH, groupName: DEMO_GROUPS.fieldTeamNorth.groupName, hasParentGroups: true })]);
	});

	it('creates a sub-group (also via the lower-case /subgroups path), attaches and detaches groups', async () => {
		const created = await client.call('POST', `groups/${NORTH}/subgroups`, { groupName: 'North - Night', welcomeMessage: 'Hi', addUserToGroup: false });
		expect(created.status).toBe(200);
		expect(created.body).toEqual({ groupId: expect.any(String), groupName: 'North - Night' });
		expect(sandbox.state.groups.get(NORTH)?.subGroupIds).toEqual([created.body.groupId]);
		expect(sandbox.state.members.some((member) => member.groupId === created.body.groupId)).toBe(false);

		const deep = await client.call('GET', `groups/${FIELD_TEAM}/subGroups?fetchAllGroups=true`);
		expect(deep.body.subGroups.map((group: { groupId: string }) => group.groupId)).toEqual([NORTH, created.body.groupId]);

		const other = await client.call('POST', 'groups', { name: 'Warehouse', welcomeMessage: '' });
		const attached = await client.call('PUT', `groups/${FIELD_TEAM}/subGroups`, { subGroups: [other.body.groupId] });
		expect(attached.status).toBe(200);
		expect(sandbox.state.groups.get(FIELD_TEAM)?.subGroupIds).toContain(other.body.groupId);

		const detached = await client.call('DELETE', `groups/${FIELD_TEAM}/subGroups/${other.body.groupId}`);
		expect(detached.status).toBe(200);
		expect(sandbox.state.groups.get(FIELD_TEAM)?.subGroupIds).not.toContain(other.body.groupId);
		expect((await client.call('DELETE', `groups/${FIELD_TEAM}/subGroups/${other.body.groupId}`)).status).toBe(404);
	});

	it('refuses cycles, unknown groups and non-admins', async () => {
		const cycle = await client.call('PUT', `groups/${NORTH}/subGroups`, { subGroups: [FIELD_TEAM] });
		expect(cycle.status).toBe(400);
		expect(cycle.body.errorCode).toBe('SubGroupCycle');
		expect((await client.call('PUT', `groups/${FIELD_TEAM}/subGroups`, { subGroups: [UNKNOWN_GROUP] })).status).toBe(404);

		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const notAdmin = await client.call('POST', `groups/${FIELD_TEAM}/subGroups`, { groupName: 'x', welcomeMessage: 'x' });
		expect(notAdmin.status).toBe(403);
		expect(notAdmin.body.errorCode).toBe('AdminRequired');
	});
});
