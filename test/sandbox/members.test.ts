import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, type KaizalaSandbox } from '../../sandbox';
import { SandboxClient, startWithClient } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const UNKNOWN_GROUP = '00000000-0000-4000-8000-000000000000';

let sandbox: KaizalaSandbox;
let client: SandboxClient;
beforeEach(async () => {
	({ sandbox, client } = await startWithClient());
});
afterEach(() => sandbox.close());

describe('/groups/{groupId}/members', () => {
	it('lists members with id, role, number and provisioning', async () => {
		const result = await client.call('GET', `groups/${FIELD_TEAM}/members`);
		expect(result.status).toBe(200);
		expect(result.body.members).toContainEqual({ id: DEMO_USERS.fieldLead.userId, role: 'Admin', mobileNumber: DEMO_USERS.fieldLead.mobileNumber, isProvisioned: true });
		expect(result.body.members).toHaveLength(3);
	});

	it('adds members by number and removes one by id', async () => {
		const added = await client.call('PUT', `groups/${FIELD_TEAM}/members`, { members: ['+15550107777', DEMO_USERS.technician.mobileNumber] });
		expect(added.status).toBe(200);
		expect(added.body).toEqual({ result: true });
		const members = (await client.call('GET', `groups/${FIELD_TEAM}/members`)).body.members;
		const newcomer = members.find((member: { mobileNumber: string }) => member.mobileNumber === '+15550107777');
		expect(newcomer).toMatchObject({ role: 'Member', isProvisioned: false });
		expect(members).toHaveLength(4);

		const removed = await client.call('DELETE', `groups/${FIELD_TEAM}/members/${newcomer.id}`);
		expect(removed.status).toBe(200);
		expect((await client.call('GET', `groups/${FIELD_TEAM}/members`)).body.members).toHaveLength(3);
	});

	it('refuses bad numbers, unknown members, removing the last admin, and non-admins', async () => {
		const bad = await client.call('PUT', `groups/${FIELD_TEAM}/members`, { members: ['12345'] });
		expect(bad.status).toBe(400);
		expect(bad.body.errorCode).toBe('InvalidPhoneNumber');
		expect((await client.call('DELETE', `groups/${FIELD_TEAM}/members/${UNKNOWN_GROUP}`)).body.errorCode).toBe('MemberNotFound');
		const lastAdmin = await client.call('DELETE', `groups/${FIELD_TEAM}/members/${DEMO_USERS.fieldLead.userId}`);
		expect(lastAdmin.status).toBe(400);
		expect(lastAdmin.body.errorCode).toBe('LastAdmin');

		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const notAdmin = await client.call('PUT', `groups/${FIELD_TEAM}/members`, { members: ['+15550107777'] });
		expect(notAdmin.status).toBe(403);
		// Plain members may still read the member list.
		expect((await client.call('GET', `groups/${FIELD_TEAM}/members`)).status).toBe(200);
	});
});
