import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, startSandbox, type KaizalaSandbox, type SandboxOptions } from '../../sandbox';
import { Receiver, SandboxClient } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;

describe('/webhook', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	let receiver: Receiver;

	async function start(options: SandboxOptions = {}): Promise<void> {
		sandbox = await startSandbox({ webhookRetryDelaysMs: [5, 5], ...options });
		client = await new SandboxClient(sandbox).login();
	}
	const subscribe = (body: Record<string, unknown> = {}) =>
		client.call('POST', 'webhook', {
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventTypes: ['TextMessageCreated', 'MemberAdded', 'ActionCreated', 'JobResponse'],
			callBackUrl: receiver.url,
			callBackToken: 'callback-secret-for-test',
			callBackContext: 'ctx-1',
			...body,
		});

	beforeEach(async () => {
		receiver = await new Receiver().start();
	});
	afterEach(async () => {
		await sandbox.close();
		await receiver.close();
	});

	it('creates, lists, updates and deletes a group webhook', async () => {
		await start();
		const created = await subscribe();
		expect(created.status).toBe(200);
		expect(created.body).toEqual({ webhookId: expect.any(String) });

		const listed = await client.call('GET', `webhook?objectId=${FIELD_TEAM}&objectType=Group`);
		expect(listed.body.webhooks).toEqual([
			expect.objectContaining({
				id: created.body.webhookId,
				objectId: FIELD_TEAM,
				objectType: 'Group',
				events: ['TextMessageCreated', 'MemberAdded', 'ActionCreated', 'JobResponse'],
				callbackUrl: receiver.url,
				callbackToken: 'callback-secret-for-test',
				active: true,
			}),
		]);

		const updated = await client.call('PUT', `webhook/${created.body.webhookId}`, { eventTypes: ['MemberRemoved'], Active: 'false' });
		expect(updated.status).toBe(200);
		expect(sandbox.state.webhooks.get(created.body.webhookId)).toMatchObject({ eventTypes: ['MemberRemoved'], active: false });

		expect((await client.call('DELETE', `webhook/${created.body.webhookId}`)).status).toBe(200);
		expect((await client.call('DELETE', `webhook/${created.body.webhookId}`)).body.errorCode).toBe('WebhookNotFound');
	});

	it('validates the subscription and needs group admin rights', async () => {
		await start();
		expect((await subscribe({ objectType: 'Tenant' })).status).toBe(400);
		expect((await subscribe({ eventTypes: ['Nonsense'] })).status).toBe(400);
		expect((await subscribe({ callBackUrl: 'http://example.com/hook' })).body.message).toContain('https');
		expect((await subscribe({ objectId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		expect((await subscribe()).status).toBe(403);
		expect(sandbox.state.webhooks.size).toBe(0);
	});

	it('delivers subscribed events with kz-callback-token and the EventSchema payload', async () => {
		await start();
		await subscribe();
		const message = await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: 'Hello hooks' });
		await client.call('PUT', `groups/${FIELD_TEAM}/members`, { members: ['+15550106666'] });
		// Not subscribed: must not be delivered.
		await client.call('POST', `groups/${DEMO_GROUPS.announcements.groupId}/messages`, { message: 'elsewhere' });
		// A job is delivered to an 'ActionCreated' subscription under that generic type.
		await client.call('POST', `groups/${FIELD_TEAM}/actions`, {
			actionType: 'Job',
			actionBody: { title: 'Check hooks', assignedTo: [DEMO_USERS.admin.mobileNumber] },
		});
		await sandbox.webhookDeliveriesSettled();

		const posts = receiver.posts();
		expect(posts.map((post) => post.body.eventType)).toEqual(['TextMessageCreated', 'MemberAdded', 'ActionCreated']);
		expect(posts[0].headers['kz-callback-token']).toBe('callback-secret-for-test');
		expect(posts[0].body).toEqual({
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventType: 'TextMessageCreated',
			eventId: expect.any(String),
			data: { text: 'Hello hooks' },
			context: 'ctx-1',
			fromUser: DEMO_USERS.admin.mobileNumber,
			fromUserId: DEMO_USERS.admin.userId,
			fromUserName: DEMO_USERS.admin.name,
			fromUserProfilePic: '',
		});
		expect(posts[1].body.data).toMatchObject({ member: '+15550106666', type: 'Member' });
		expect(message.status).toBe(200);
		expect(sandbox.state.webhookDeliveries.map((delivery) => [delivery.status, delivery.statusCode])).toEqual([
			['delivered', 200],
			['delivered', 200],
			['delivered', 200],
		]);
	});

	it('delivers action-level response events', async () => {
		await start();
		const job = await client.call('POST', `groups/${FIELD_TEAM}/actions`, {
			actionType: 'Job',
			actionBody: { title: 'Respond', assignedTo: [DEMO_USERS.admin.mobileNumber] },
		});
		await subscribe({ objectType: 'Action', objectId: job.body.actionId, eventTypes: ['JobResponse'] });
		await client.call('POST', `groups/${FIELD_TEAM}/actions/${job.body.actionId}/responses`, { actionType: 'Job', actionBody: { isCompleted: true } });
		await sandbox.webhookDeliveriesSettled();
		const [post] = receiver.posts();
		expect(post.body).toMatchObject({
			objectType: 'Action',
			objectId: job.body.actionId,
			eventType: 'JobResponse',
			data: { actionId: job.body.actionId, responseDetails: { response: { assignee: DEMO_USERS.admin.mobileNumber, isCompleted: true } } },
		});
	});

	it('retries failed deliveries, disables the webhook when all fail, and PUT Active re-activates it', async () => {
		await start();
		receiver.status = 500;
		const created = await subscribe();
		await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: 'will fail' });
		await sandbox.webhookDeliveriesSettled();

		expect(receiver.posts()).toHaveLength(3);
		const [delivery] = sandbox.state.webhookDeliveries;
		expect(delivery).toMatchObject({ status: 'failed', statusCode: 500 });
		expect(delivery.attempts).toHaveLength(3);
		const webhook = sandbox.state.webhooks.get(created.body.webhookId);
		expect(webhook?.active).toBe(false);
		expect(webhook?.disabledReason).toContain('3 failed');

		await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: 'not sent while disabled' });
		await sandbox.webhookDeliveriesSettled();
		expect(receiver.posts()).toHaveLength(3);

		receiver.status = 200;
		expect((await client.call('PUT', `webhook/${created.body.webhookId}`, { Active: 'true' })).status).toBe(200);
		expect(webhook?.active).toBe(true);
		await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: 'back' });
		await sandbox.webhookDeliveriesSettled();
		expect(receiver.posts().at(-1)?.body.data).toEqual({ text: 'back' });
	});

	it('performs the validationToken handshake when webhookValidation is on', async () => {
		await start({ webhookValidation: true });
		const ok = await subscribe();
		expect(ok.status).toBe(200);
		const [handshake] = receiver.received;
		expect(handshake.method).toBe('GET');
		expect(new URL(handshake.url, 'http://x').searchParams.get('validationToken')).toEqual(expect.any(String));

		receiver.echo = false;
		const refused = await subscribe();
		expect(refused.status).toBe(400);
		expect(refused.body.errorCode).toBe('WebhookValidationFailed');
		expect(sandbox.state.webhooks.size).toBe(1);
	});

	it('refuses a callback that does not answer the handshake in time', async () => {
		await start({ webhookValidation: true, webhookValidationTimeoutMs: 100 });
		receiver.hang = true;
		const refused = await subscribe();
		expect(refused.status).toBe(400);
		expect(refused.body.message).toContain('100 ms');
		expect(sandbox.state.webhooks.size).toBe(0);
	});
});
