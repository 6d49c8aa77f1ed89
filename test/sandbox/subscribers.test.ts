import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, type KaizalaSandbox } from '../../sandbox';
import { SandboxClient, startWithClient } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const ANNOUNCEMENTS = DEMO_GROUPS.announcements.groupId;
const UNKNOWN_GROUP = '00000000-0000-4000-8000-000000000000';

let sandbox: KaizalaSandbox;
let client: SandboxClient;
beforeEach(async () => {
	({ sandbox, client } = await startWithClient());
});
afterEach(() => sandbox.close());

describe('/groups/{groupId}/subscribers', () => {
	it('lists subscribers via POST, pages with cursor and count', async () => {
		const all = await client.call('POST', `groups/${ANNOUNCEMENTS}/subscribers`, {});
		expect(all.status).toBe(200);
		expect(all.body.subscribers.map((s: { mobileNumber: string }) => s.mobileNumber)).toEqual([
			DEMO_USERS.technician.mobileNumber,
			DEMO_USERS.customer.mobileNumber,
		]);
		expect(all.body.cursor).toBeUndefined();

		const first = await client.call('POST', `groups/${ANNOUNCEMENTS}/subscribers`, { count: 1 });
		expect(first.body.subscribers).toHaveLength(1);
		expect(first.body.cursor).toEqual(expect.any(String));
		const second = await client.call('POST', `groups/${ANNOUNCEMENTS}/subscribers`, { count: 1, cursor: first.body.cursor });
		expect(second.body.subscribers[0].mobileNumber).toBe(DEMO_USERS.customer.mobileNumber);
		expect(second.body.cursor).toBeUndefined();

		expect((await client.call('POST', `groups/${ANNOUNCEMENTS}/subscribers`, { count: 51 })).status).toBe(400);
	});

	it('adds and removes subscribers with a result per number', async () => {
		const added = await client.call('PUT', `groups/${ANNOUNCEMENTS}/subscribers/add`, {
			subscribers: ['+15550108888', DEMO_USERS.customer.mobileNumber, 'not-a-number'],
		});
		expect(added.status).toBe(200);
		expect(added.body.result).toEqual({
			'+15550108888': { isAdded: true },
			[DEMO_USERS.customer.mobileNumber]: { isAdded: false, reason: 'Already a subscriber' },
			'not-a-number': { isAdded: false, reason: 'Not an E.164 phone number' },
		});
		const removed = await client.call('PUT', `groups/${ANNOUNCEMENTS}/subscribers/remove`, { subscribers: ['+15550108888', '+15550109999'] });
		expect(removed.body.result).toEqual({ '+15550108888': { isRemoved: true }, '+15550109999': { isRemoved: false, reason: 'Not a subscriber' } });
		expect(sandbox.state.subscribers.filter((s) => s.groupId === ANNOUNCEMENTS)).toHaveLength(2);
	});

	it('refuses regular groups, unknown groups and non-admins', async () => {
		const regular = await client.call('POST', `groups/${FIELD_TEAM}/subscribers`, {});
		expect(regular.status).toBe(400);
		expect(regular.body.errorCode).toBe('NotAPublicGroup');
		expect((await client.call('PUT', `groups/${UNKNOWN_GROUP}/subscribers/add`, { subscribers: ['+15550108888'] })).status).toBe(404);
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		expect((await client.call('POST', `groups/${ANNOUNCEMENTS}/subscribers`, {})).status).toBe(403);
	});
});
