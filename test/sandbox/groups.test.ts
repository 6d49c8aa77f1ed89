import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, type KaizalaSandbox } from '../../sandbox';
import { SandboxClient, startWithClient } from './helpers';

describe('/groups', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	beforeEach(async () => {
		({ sandbox, client } = await startWithClient());
	});
	afterEach(() => sandbox.close());

	it('lists the seeded top-level groups, and sub-groups with fetchAllGroups', async () => {
		const direct = await client.call('GET', 'groups');
		expect(direct.status).toBe(200);
		const names = direct.body.groups.map((group: { groupName: string }) => group.groupName).sort();
		expect(names).toEqual([DEMO_GROUPS.announcements.groupName, DEMO_GROUPS.fieldTeam.groupName].sort());
		const fieldTeam = direct.body.groups.find((group: { groupId: string }) => group.groupId === DEMO_GROUPS.fieldTeam.groupId);
		expect(fieldTeam).toMatchObject({ hasSubGroups: true, hasParentGroups: false, groupType: 'Group', currentLevelUserCount: 3, userCount: 4 });

		const all = await client.call('GET', 'groups?fetchAllGroups=true&showDetail=true');
		expect(all.body.groups).toHaveLength(3);
		expect(all.body.groups.every((group: { callerRole: string }) => group.callerRole === 'Admin')).toBe(true);
	});

	it('creates a group with the caller as admin and the given members', async () => {
		const created = await client.call('POST', 'groups', {
			name: 'Night Shift',
			welcomeMessage: 'Welcome!',
			members: [DEMO_USERS.technician.mobileNumber, '+447700900123'],
		});
		expect(created.status).toBe(200);
		expect(created.body).toEqual({ groupName: 'Night Shift', groupId: expect.any(String), membersAdded: true });

		const group = sandbox.state.groups.get(created.body.groupId);
		expect(group).toMatchObject({ groupName: 'Night Shift', groupType: 'Group', welcomeMessage: 'Welcome!' });
		const roles = sandbox.state.members
			.filter((member) => member.groupId === created.body.groupId)
			.map((member) => [sandbox.state.users.get(member.userId)?.mobileNumber, member.role]);
		expect(roles).toEqual([
			[DEMO_USERS.admin.mobileNumber, 'Admin'],
			[DEMO_USERS.technician.mobileNumber, 'Member'],
			['+447700900123', 'Member'],
		]);

		const details = await client.call('GET', `groups/${created.body.groupId}`);
		expect(details.status).toBe(200);
		expect(details.body.groups[0]).toMatchObject({ groupId: created.body.groupId, groupName: 'Night Shift', currentLevelUserCount: 3 });
	});

	it("creates a managed public group with groupType 'ConnectGroup'", async () => {
		const created = await client.call('POST', 'groups', { name: 'Customers', welcomeMessage: '', groupType: 'ConnectGroup' });
		expect(created.status).toBe(200);
		expect(sandbox.state.groups.get(created.body.groupId)?.groupType).toBe('ConnectGroup');
	});

	it('validates the body: missing name, bad phone numbers, unknown groupType', async () => {
		const noName = await client.call('POST', 'groups', { welcomeMessage: 'x' });
		expect(noName.status).toBe(400);
		expect(noName.body.message).toContain("'name'");
		const badPhone = await client.call('POST', 'groups', { name: 'x', welcomeMessage: 'x', members: ['0123 456'] });
		expect(badPhone.status).toBe(400);
		expect(badPhone.body.errorCode).toBe('InvalidPhoneNumber');
		const badType = await client.call('POST', 'groups', { name: 'x', welcomeMessage: 'x', groupType: 'Channel' });
		expect(badType.status).toBe(400);
		expect(sandbox.state.groups.size).toBe(3);
	});

	it('answers 403 AdminRequired when the token user is not a tenant admin', async () => {
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const result = await client.call('POST', 'groups', { name: 'Nope', welcomeMessage: 'x' });
		expect(result.status).toBe(403);
		expect(result.body.errorCode).toBe('AdminRequired');
	});

	it('answers 404 GroupNotFound for an unknown group and 403 for a group the user is not in', async () => {
		const unknown = await client.call('GET', 'groups/00000000-0000-4000-8000-000000000000');
		expect(unknown.status).toBe(404);
		expect(unknown.body.errorCode).toBe('GroupNotFound');

		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		sandbox.state.members = sandbox.state.members.filter(
			(member) => !(member.groupId === DEMO_GROUPS.fieldTeam.groupId && member.userId === DEMO_USERS.admin.userId),
		);
		const outsider = await client.call('GET', `groups/${DEMO_GROUPS.fieldTeam.groupId}`);
		expect(outsider.status).toBe(403);
		expect(outsider.body.errorCode).toBe('NotGroupMember');
	});
});
