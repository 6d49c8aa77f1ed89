/**
 * Subscriber → Add / Get Many / Remove on a managed public group: real workflows against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, nodeRunner, startFixture, UNKNOWN_GROUP } from '../helpers/fixtures';

const LIST = 'POST /groups/:groupId/subscribers';
const ADD = 'PUT /groups/:groupId/subscribers/add';
const REMOVE = 'PUT /groups/:groupId/subscribers/remove';
const PUBLIC = DEMO_GROUPS.announcements.groupId;

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});

afterEach(async () => {
	await fixture.close();
});

const run = nodeRunner(() => fixture, { resource: 'subscriber' });

function subscriberPhones(groupId = PUBLIC): string[] {
	return fixture.sandbox.state.subscribers
		.filter((subscriber) => subscriber.groupId === groupId)
		.map((subscriber) => fixture.sandbox.state.users.get(subscriber.userId)?.mobileNumber ?? '?');
}

/** Adds `count` subscribers straight into the sandbox's state (+1555030xxxx). */
function seedSubscribers(count: number): string[] {
	const phones: string[] = [];
	for (let i = 0; i < count; i++) {
		const userId = `b5e70000-0000-4000-8000-1000${String(i).padStart(8, '0')}`;
		const mobileNumber = `+1555030${String(i).padStart(4, '0')}`;
		fixture.sandbox.state.users.set(userId, { userId, mobileNumber, name: `Seeded ${i}`, profilePic: '', isProvisioned: true, isTenantAdmin: false });
		fixture.sandbox.state.subscribers.push({ groupId: PUBLIC, userId, addedAt: 0 });
		phones.push(mobileNumber);
	}
	return phones;
}

describe('Subscriber → Add', () => {
	it('subscribes the numbers in one PUT and reports which were added', async () => {
		const { output, error } = await run({
			operation: 'add',
			groupId: byId(PUBLIC),
			subscribers: `+15550100021, ${DEMO_USERS.customer.mobileNumber}`,
		});
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor(ADD);
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${PUBLIC}/subscribers/add$`));
		expect(requests[0].body).toEqual({ subscribers: ['+15550100021', DEMO_USERS.customer.mobileNumber] });
		expect(output).toEqual([
			{
				json: {
					result: {
						'+15550100021': { isAdded: true },
						[DEMO_USERS.customer.mobileNumber]: { isAdded: false, reason: 'Already a subscriber' },
					},
					groupId: PUBLIC,
					added: ['+15550100021'],
					notAdded: [{ mobileNumber: DEMO_USERS.customer.mobileNumber, reason: 'Already a subscriber' }],
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(subscriberPhones()).toContain('+15550100021');
		expectNoSecrets(output, fixture.secrets());
	});

	it('refuses a malformed phone number before any request', async () => {
		const { error } = await run({ operation: 'add', groupId: byId(PUBLIC), subscribers: '+15550100021, 919999999999' });
		expect(error?.message).toMatch(/^Subscribers "919999999999" is not a phone number in international format .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('refuses a group id that is not a GUID before any request', async () => {
		const { error } = await run(
			{ operation: 'add', groupId: byId('={{ $json.g }}'), subscribers: '+15550100021' },
			{ items: [{ g: 'announcements' }] },
		);
		expect(error?.message).toMatch(/^Public Group "announcements" is not a GUID .*\[item 0\]$/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it("surfaces the platform's message for a group that is not public", async () => {
		const { error } = await run({ operation: 'add', groupId: byId(DEMO_GROUPS.fieldTeam.groupId), subscribers: '+15550100021' });
		expect(error?.message).toBe("Kaizala: 'Field Team' is not a public group, so it has no subscribers");
		expect(error?.httpCode).toBe('400');
	});

	it('surfaces the 403 when the token user is not an admin of the public group', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'add', groupId: byId(PUBLIC), subscribers: '+15550100021' });
		expect(error?.message).toBe("Kaizala: Only an admin of group 'Company Announcements' may add subscribers");
		expect(error?.httpCode).toBe('403');
		expect(subscriberPhones()).not.toContain('+15550100021');
		expectNoSecrets(error, fixture.secrets());
	});

	it('with Continue On Fail, subscribes the valid items exactly once and reports the invalid ones', async () => {
		const { output, error } = await run(
			{ operation: 'add', groupId: byId(PUBLIC), subscribers: '={{ $json.phones }}' },
			{
				continueOnFail: true,
				items: [{ phones: ['+15550100031'] }, { phones: ['+15550100032', 'call me'] }, { phones: '' }, { phones: '+15550100033' }],
			},
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor(ADD).map((r) => r.body)).toEqual([{ subscribers: ['+15550100031'] }, { subscribers: ['+15550100033'] }]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output[0].json.added).toEqual(['+15550100031']);
		expect(output[1].json.error).toMatch(/^Subscribers "call me" is not a phone number .*\[item 1\]$/);
		expect(output[2].json.error).toBe('Subscribers needs at least one phone number [item 2]');
		expect(output[3].json.added).toEqual(['+15550100033']);
		const phones = subscriberPhones();
		expect(phones.filter((p) => p === '+15550100031')).toHaveLength(1);
		expect(phones).not.toContain('+15550100032');
	});
});

describe('Subscriber → Get Many', () => {
	it('lists the subscribers, one item each', async () => {
		const { output, error } = await run({ operation: 'getAll', groupId: byId(PUBLIC), returnAll: true });
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor(LIST);
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${PUBLIC}/subscribers$`));
		expect(requests[0].body).toEqual({ count: 50 });
		expect(output.map((item) => item.json.mobileNumber)).toEqual([DEMO_USERS.technician.mobileNumber, DEMO_USERS.customer.mobileNumber]);
		expect(output[0].json).toMatchObject({ id: DEMO_USERS.technician.userId, name: 'Marco Rossi', isProvisioned: true });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('Return All follows the cursor across pages of 50', async () => {
		const seeded = seedSubscribers(118);
		const { output, error } = await run({ operation: 'getAll', groupId: byId(PUBLIC), returnAll: true });
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor(LIST);
		expect(requests.map((r) => (r.body as IDataObject).count)).toEqual([50, 50, 50]);
		expect((requests[0].body as IDataObject).cursor).toBeUndefined();
		expect((requests[1].body as IDataObject).cursor).toEqual(expect.any(String));
		expect((requests[2].body as IDataObject).cursor).toEqual(expect.any(String));
		expect(requests[1].body).not.toEqual(requests[2].body);
		expect(output).toHaveLength(120);
		expect(output.map((item) => item.json.mobileNumber)).toEqual([
			DEMO_USERS.technician.mobileNumber,
			DEMO_USERS.customer.mobileNumber,
			...seeded,
		]);
	});

	it('the listing is a POST that changes nothing, so a 502 is retried like a read: every subscriber once', async () => {
		const seeded = seedSubscribers(118);
		fixture.sandbox.faults.add({ path: LIST, status: 502, times: 1 });
		const { output, error } = await run({ operation: 'getAll', groupId: byId(PUBLIC), returnAll: true });
		expect(error).toBeUndefined();
		expect(fixture.requestsFor(LIST).map((r) => r.status)).toEqual([502, 200, 200, 200]);
		expect(output.map((item) => item.json.mobileNumber)).toEqual([DEMO_USERS.technician.mobileNumber, DEMO_USERS.customer.mobileNumber, ...seeded]);
	});

	it('with a limit, asks only for what is needed and stops', async () => {
		seedSubscribers(118);
		const small = await run({ operation: 'getAll', groupId: byId(PUBLIC), returnAll: false, limit: 3 });
		expect(small.output).toHaveLength(3);
		expect(fixture.requestsFor(LIST).map((r) => r.body)).toEqual([{ count: 3 }]);

		fixture.sandbox.clearLog();
		const larger = await run({ operation: 'getAll', groupId: byId(PUBLIC), returnAll: false, limit: 60 });
		expect(larger.output).toHaveLength(60);
		const requests = fixture.requestsFor(LIST);
		expect(requests.map((r) => (r.body as IDataObject).count)).toEqual([50, 10]);
		expect((requests[1].body as IDataObject).cursor).toEqual(expect.any(String));
	});

	it("surfaces the platform's 404 for an unknown group", async () => {
		const { error } = await run({ operation: 'getAll', groupId: byId(UNKNOWN_GROUP), returnAll: true });
		expect(error?.message).toBe(`Kaizala: No group with id '${UNKNOWN_GROUP}'`);
		expect(error?.httpCode).toBe('404');
	});

	it('surfaces the 403 when the token user is not an admin of the public group', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'getAll', groupId: byId(PUBLIC), returnAll: true });
		expect(error?.message).toBe("Kaizala: Only an admin of group 'Company Announcements' may list subscribers");
	});
});

describe('Subscriber → Remove', () => {
	it('unsubscribes the numbers in one PUT and reports which were removed', async () => {
		const { output, error } = await run({
			operation: 'remove',
			groupId: byId(PUBLIC),
			subscribers: [DEMO_USERS.customer.mobileNumber, '+15550100099'],
		});
		expect(error).toBeUndefined();
		const requests = fixture.requestsFor(REMOVE);
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toMatch(new RegExp(`/v1/groups/${PUBLIC}/subscribers/remove$`));
		expect(requests[0].body).toEqual({ subscribers: [DEMO_USERS.customer.mobileNumber, '+15550100099'] });
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({
			groupId: PUBLIC,
			removed: [DEMO_USERS.customer.mobileNumber],
			notRemoved: [{ mobileNumber: '+15550100099', reason: 'Not a subscriber' }],
		});
		expect(subscriberPhones()).toEqual([DEMO_USERS.technician.mobileNumber]);
	});

	it('refuses a malformed phone number before any request', async () => {
		const { error } = await run({ operation: 'remove', groupId: byId(PUBLIC), subscribers: '+1555abc' });
		expect(error?.message).toMatch(/^Subscribers "\+1555abc" is not a phone number/);
		expect(fixture.platformRequests()).toHaveLength(0);
	});

	it('surfaces the 403 when the token user is not an admin of the public group', async () => {
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const { error } = await run({ operation: 'remove', groupId: byId(PUBLIC), subscribers: DEMO_USERS.customer.mobileNumber });
		expect(error?.message).toBe("Kaizala: Only an admin of group 'Company Announcements' may remove subscribers");
		expect(subscriberPhones()).toContain(DEMO_USERS.customer.mobileNumber);
	});
});
