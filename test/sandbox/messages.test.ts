import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, type KaizalaSandbox } from '../../sandbox';
import { SandboxClient, startWithClient } from './helpers';

describe('/groups/{groupId}/messages', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	const fieldTeam = `groups/${DEMO_GROUPS.fieldTeam.groupId}/messages`;
	const announcements = `groups/${DEMO_GROUPS.announcements.groupId}/messages`;

	beforeEach(async () => {
		({ sandbox, client } = await startWithClient());
	});
	afterEach(() => sandbox.close());

	it('sends a text message and returns its referenceId', async () => {
		const result = await client.call('POST', fieldTeam, { message: 'Trucks leave at 7' });
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ referenceId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
		expect(sandbox.state.messages).toEqual([
			expect.objectContaining({
				referenceId: result.body.referenceId,
				groupId: DEMO_GROUPS.fieldTeam.groupId,
				senderUserId: DEMO_USERS.admin.userId,
				text: 'Trucks leave at 7',
				audience: { kind: 'group' },
			}),
		]);
	});

	it('accepts exactly 4000 characters and refuses 4001', async () => {
		expect((await client.call('POST', fieldTeam, { message: 'x'.repeat(4000) })).status).toBe(200);
		const tooLong = await client.call('POST', fieldTeam, { message: 'x'.repeat(4001) });
		expect(tooLong.status).toBe(400);
		expect(tooLong.body.errorCode).toBe('TextTooLong');
		expect(tooLong.body.message).toContain('4000');
	});

	it('refuses a missing message and an unknown group', async () => {
		const missing = await client.call('POST', fieldTeam, { text: 'wrong field' });
		expect(missing.status).toBe(400);
		expect(missing.body.message).toContain("'message'");
		const unknown = await client.call('POST', 'groups/00000000-0000-4000-8000-000000000000/messages', { message: 'hi' });
		expect(unknown.status).toBe(404);
	});

	it('sends to chosen subscribers of a public group (Message spelled as in the swagger)', async () => {
		const result = await client.call('POST', announcements, {
			Message: 'Only for Kenji',
			subscribers: [DEMO_USERS.customer.mobileNumber],
			sendToAllSubscribers: false,
		});
		expect(result.status).toBe(200);
		expect(sandbox.state.messages[0].audience).toEqual({ kind: 'subscribers', mobileNumbers: [DEMO_USERS.customer.mobileNumber] });

		const stranger = await client.call('POST', announcements, { message: 'x', subscribers: ['+15550109999'] });
		expect(stranger.status).toBe(400);
		expect(stranger.body.errorCode).toBe('NotASubscriber');
	});

	it('lets only admins send to all subscribers, and only in public groups', async () => {
		expect((await client.call('POST', announcements, { message: 'All hands', sendToAllSubscribers: true })).status).toBe(200);
		const regular = await client.call('POST', fieldTeam, { message: 'x', sendToAllSubscribers: true });
		expect(regular.status).toBe(400);
		expect(regular.body.errorCode).toBe('NotAPublicGroup');

		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const notAdmin = await client.call('POST', announcements, { message: 'x', sendToAllSubscribers: true });
		expect(notAdmin.status).toBe(403);
		expect(notAdmin.body.errorCode).toBe('AdminRequired');
	});
});
