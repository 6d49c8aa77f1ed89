/**
 * Message → Send and Wait for Response, Answer In → Card: a real n8n-core execution that waits,
 * the sandbox with Kaizala's validationToken handshake and repeated deliveries switched on, and
 * members answering the card in the app (the same response code as the phone view).
 */
import { DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets } from '../helpers/fixtures';
import { runListSearch } from '../helpers/n8n';
import { loggedLines } from '../helpers/n8n';
import type { WaitingHost } from '../helpers/waiting';
import { startWebhookWaits, stopWebhookWaits, until } from '../helpers/waiting';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const { fieldLead, technician, admin } = DEMO_USERS;

let fixture: Fixture;
let host: WaitingHost;

beforeEach(async () => ({ fixture, host } = await startWebhookWaits()));
afterEach(() => stopWebhookWaits(fixture, host));

const card = {
	resource: 'message',
	operation: 'sendAndWait',
	groupId: byId(FIELD_TEAM),
	message: 'May the North crew start at 6 am?',
	answerIn: 'card',
	approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes, start', disapproveLabel: 'No' } },
};

const onlyTheLead = { approvers: { approver: [{ member: { __rl: true, mode: 'list', value: fieldLead.mobileNumber } }] } };

const webhooks = () => [...fixture.sandbox.state.webhooks.values()];
const theCard = () => {
	const actions = [...fixture.sandbox.state.actions.values()];
	expect(actions).toHaveLength(1);
	return actions[0];
};
const messagesSent = () => fixture.requestsFor('POST /groups/:groupId/messages').map((request) => (request.body as { message: string }).message);

describe('Message → Send and Wait for Response, Answer In → Card', () => {
	it('sends a survey card with the approval labels as its choices and waits on its webhook (no links, handshake passed)', async () => {
		const execution = await host.execute({ ...card, ...onlyTheLead }, [{ a: 1 }, { a: 2 }]);
		expect(execution.run?.data.resultData.error).toBeUndefined();
		expect(execution.status).toBe('waiting');
		const [sent] = fixture.requestsFor('POST /groups/:groupId/actions');
		expect(sent.body).toMatchObject({
			actionType: 'Survey',
			actionBody: {
				title: 'May the North crew start at 6 am?',
				dueDate: 87_600,
				questions: [{ title: 'May the North crew start at 6 am?', type: 'SingleOption', options: [{ title: 'Yes, start' }, { title: 'No' }] }],
			},
		});
		expect(messagesSent()).toEqual([]);
		await until(() => webhooks().length === 1, 'the webhook');
		const [webhook] = webhooks();
		expect(webhook).toMatchObject({ objectType: 'Action', objectId: theCard().actionId });
		const url = new URL(webhook.callbackUrl);
		// Not a signed sendAndWait link (Kaizala's validationToken would break its signature): the
		// resume token names the node.
		expect(url.pathname).toBe(`/webhook-waiting/${execution.id}`);
		expect(url.searchParams.get('signature')).toBe(`${execution.resumeToken}/${execution.node.id}`);
		expect(url.searchParams.get('approvers')).toBe(fieldLead.mobileNumber);
		const handshake = host.answered.find((entry) => entry.query.validationToken !== undefined);
		expect(handshake).toMatchObject({ method: 'GET', status: 200, body: handshake!.query.validationToken });
		expect(execution.outputs).toHaveLength(1);
	});

	it("an outsider's answer leaves it waiting; the approver's answer resumes with who decided; a changed answer resumes nothing", async () => {
		// Unauthorized Reply: Field Team is a regular group, where Kaizala cannot address one member alone.
		const execution = await host.execute({ ...card, ...onlyTheLead, cardOptions: { announceDecision: true, unauthorizedReply: 'Only Priya decides' } });
		await until(() => webhooks().length === 1, 'the webhook');
		const { actionId } = theCard();

		fixture.sandbox.respondInApp(actionId, technician.mobileNumber, { answers: ['Yes, start'] });
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(execution.status).toBe('waiting');
		expect(webhooks()).toHaveLength(1);
		expect(messagesSent()).toEqual([]);
		expect(host.answered.filter((entry) => entry.method === 'POST').map((entry) => entry.body)).toContain(
			'Not an answer from someone who may decide; still waiting',
		);

		fixture.sandbox.respondInApp(actionId, fieldLead.mobileNumber, { answers: ['No'] });
		await until(() => execution.status === 'success', 'the resume');
		await fixture.sandbox.webhookDeliveriesSettled();
		const output = execution.outputs.at(-1)!;
		expect(output).toHaveLength(1);
		const data = output[0].json.data as Record<string, unknown>;
		expect(data).toMatchObject({
			approved: false,
			answer: 'No',
			answeredIn: 'card',
			responder: fieldLead.mobileNumber,
			responderUserId: fieldLead.userId,
			responderName: fieldLead.name,
			groupId: FIELD_TEAM,
			actionId,
			responseId: expect.any(String),
		});
		expect(Date.parse(String(data.respondedAt))).toBeGreaterThan(Date.now() - 60_000);
		expect(data.history).toEqual([
			expect.objectContaining({ responder: technician.mobileNumber, responderName: technician.name, answer: 'Yes, start', ignored: true }),
			expect.objectContaining({ responder: fieldLead.mobileNumber, answer: 'No', ignored: false }),
		]);
		expect(webhooks()).toHaveLength(0);
		expect(messagesSent()).toEqual([`May the North crew start at 6 am?\nNo, decided by ${fieldLead.name} (${fieldLead.mobileNumber}).`]);

		// The lead changes the answer: no webhook is left, so nothing is delivered or resumed.
		fixture.sandbox.respondInApp(actionId, fieldLead.mobileNumber, { answers: ['Yes, start'] });
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(execution.outputs).toHaveLength(2);
		expect((execution.outputs.at(-1)![0].json.data as Record<string, unknown>).approved).toBe(false);
		expectNoSecrets([execution.outputs, loggedLines], fixture.secrets());
	});

	it('without a list any member decides; a repeated delivery resumes once', async () => {
		const execution = await host.execute({ ...card, approvalOptions: { values: { approvalType: 'single' } } });
		await until(() => webhooks().length === 1, 'the webhook');
		const [sent] = fixture.requestsFor('POST /groups/:groupId/actions');
		expect((sent.body as { actionBody: { questions: Array<{ options: unknown }> } }).actionBody.questions[0].options).toEqual([{ title: 'Approve' }]);
		expect(new URL(webhooks()[0].callbackUrl).searchParams.has('approvers')).toBe(false);
		fixture.sandbox.respondInApp(theCard().actionId, technician.mobileNumber, { answers: ['Approve'] });
		await until(() => execution.status === 'success', 'the resume');
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(execution.outputs).toHaveLength(2);
		expect(execution.outputs.at(-1)![0].json.data).toMatchObject({ approved: true, answer: 'Approve', responder: technician.mobileNumber, history: [expect.objectContaining({ ignored: false })] });
		expect(fixture.sandbox.state.webhookDeliveries.map((delivery) => (delivery.repeatOf === undefined ? 'first' : 'repeat'))).toEqual(['first', 'repeat']);
		expect(webhooks()).toHaveLength(0);
	});

	it('answers given before the webhook existed are read back: an outsider\'s keeps it waiting, then the approver\'s decides', async () => {
		// Kaizala is slow to register the webhook: the answers come while no webhook exists, so nothing is delivered.
		fixture.sandbox.faults.add({ method: 'POST', path: '/webhook', delayMs: 1500, times: 1 });
		const execution = await host.execute({ ...card, ...onlyTheLead });
		const { actionId } = theCard();
		fixture.sandbox.respondInApp(actionId, technician.mobileNumber, { answers: ['Yes, start'] });
		await until(() => webhooks().length === 1, 'the webhook');
		await until(() => host.answered.some((entry) => entry.method === 'POST'), "the node's read-back request");
		expect(fixture.sandbox.state.webhookDeliveries).toHaveLength(0);
		expect(execution.status).toBe('waiting');

		fixture.sandbox.respondInApp(actionId, fieldLead.mobileNumber, { answers: ['Yes, start'] });
		await until(() => execution.status === 'success', 'the resume');
		expect(execution.outputs.at(-1)![0].json.data).toMatchObject({
			approved: true,
			responder: fieldLead.mobileNumber,
			history: [expect.objectContaining({ responder: technician.mobileNumber, ignored: true }), expect.objectContaining({ responder: fieldLead.mobileNumber, ignored: false })],
		});
		expect(webhooks()).toHaveLength(0);
	});

	it('Unauthorized Reply in a public group goes only to the subscriber who answered', async () => {
		const customer = DEMO_USERS.customer;
		const execution = await host.execute({
			...card,
			groupId: byId(DEMO_GROUPS.announcements.groupId),
			audience: 'chosenSubscribers',
			subscribers: customer.mobileNumber,
			...onlyTheLead,
			cardOptions: { unauthorizedReply: 'Only Priya decides' },
		});
		await until(() => webhooks().length === 1, 'the webhook');
		const [webhook] = webhooks();
		// A subscriber's answer as Kaizala delivers it (the sandbox's in-app answers are members' only).
		const event = {
			eventType: 'SurveyResponse',
			objectId: webhook.objectId,
			objectType: 'Action',
			eventId: 'e-subscriber',
			data: { responseId: 'r-subscriber', responder: customer.mobileNumber, responderName: customer.name, responseDetails: { responseWithQuestions: [{ title: 'q', type: 'SingleOption', answer: 'Yes, start' }] } },
		};
		const delivered = await fetch(webhook.callbackUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'kz-callback-token': webhook.callbackToken },
			body: JSON.stringify(event),
		});
		expect(delivered.status).toBe(200);
		expect(execution.status).toBe('waiting');
		const replies = fixture.requestsFor('POST /groups/:groupId/messages');
		expect(replies.map((request) => [request.status, request.body])).toEqual([[200, { message: 'Only Priya decides', subscribers: [customer.mobileNumber] }]]);
	});

	it('approvers by user id are resolved to phone numbers through the member list; a non-member id is refused before sending', async () => {
		const byUserId = { approvers: { approver: [{ member: byId(`${admin.userId}, ${fieldLead.mobileNumber}`) }] } };
		const execution = await host.execute({ ...card, ...byUserId });
		await until(() => webhooks().length === 1, 'the webhook');
		expect(new URL(webhooks()[0].callbackUrl).searchParams.get('approvers')).toBe(`${admin.mobileNumber},${fieldLead.mobileNumber}`);
		fixture.sandbox.respondInApp(theCard().actionId, admin.mobileNumber, { answers: ['Yes, start'] });
		await until(() => execution.status === 'success', 'the resume');
		expect(execution.outputs.at(-1)![0].json.data).toMatchObject({ approved: true, responder: admin.mobileNumber, responderUserId: admin.userId });

		const refused = await host.execute({ ...card, approvers: { approver: [{ member: byId(DEMO_USERS.customer.userId) }] } });
		expect(refused.status).toBe('error');
		expect(refused.run?.data.resultData.error?.message).toMatch(/Restrict Who Can Approve → Member.*not a member of the group/);
		expect(fixture.requestsFor('POST /groups/:groupId/actions')).toHaveLength(1);
	});

	it('a delivery with a wrong callback token, or with its approver list changed, is refused with 401', async () => {
		const execution = await host.execute({ ...card, ...onlyTheLead });
		await until(() => webhooks().length === 1, 'the webhook');
		const [webhook] = webhooks();
		const event = { eventType: 'SurveyResponse', objectId: webhook.objectId, objectType: 'Action', eventId: 'e1', data: { responder: technician.mobileNumber } };
		const post = (url: string, token: string) =>
			fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'kz-callback-token': token }, body: JSON.stringify(event) });
		expect((await post(webhook.callbackUrl, `${webhook.callbackToken}x`)).status).toBe(401);
		const widened = new URL(webhook.callbackUrl);
		widened.searchParams.set('approvers', `${fieldLead.mobileNumber},${technician.mobileNumber}`);
		expect((await post(widened.toString(), webhook.callbackToken)).status).toBe(401);
		expect(execution.status).toBe('waiting');
		expect(webhooks()).toHaveLength(1);
	});

	it('Limit Wait Time: the card is due when the wait ends (whole hours), the webhook expires then, and at the limit the input items go on', async () => {
		const before = Date.now();
		const execution = await host.execute(
			{ ...card, options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 90, resumeUnit: 'minutes' } } } },
			[{ from: 'input' }],
		);
		const [sent] = fixture.requestsFor('POST /groups/:groupId/actions');
		expect((sent.body as { actionBody: { dueDate: number } }).actionBody.dueDate).toBe(2);
		await until(() => webhooks().length === 1, 'the webhook');
		const waitTill = execution.run!.waitTill!.getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + 90 * 60_000);
		expect(Number(webhooks()[0].validity)).toBe(waitTill);
		await execution.expire();
		expect(execution.status).toBe('success');
		// n8n runs no node code at the limit: the input items, without data.respondedAt.
		expect(execution.outputs.at(-1)).toEqual([{ json: { from: 'input' }, pairedItem: { item: 0 } }]);
	});

	it('the links way still answers only through signed links: the card-style URL is refused', async () => {
		const execution = await host.execute({ ...card, answerIn: 'links' });
		expect(fixture.requestsFor('POST /groups/:groupId/actions')).toHaveLength(0);
		expect(messagesSent()).toHaveLength(1);
		const unsigned = `${host.origin}/webhook-waiting/${execution.id}?signature=${execution.resumeToken}/${execution.node.id}&approved=true`;
		const response = await fetch(unsigned, { method: 'POST' });
		expect(response.status).toBe(401);
		expect(execution.status).toBe('waiting');

		const freeText = await host.execute({ ...card, responseType: 'freeText' });
		const viaToken = `${host.origin}/webhook-waiting/${freeText.id}?signature=${freeText.resumeToken}/${freeText.node.id}`;
		const posted = await fetch(viaToken, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'text=sneaked' });
		expect(posted.status).toBe(401);
		expect(freeText.status).toBe('waiting');
	});

	it('Restrict Who Can Approve lists the members of the chosen group by phone number, filtered', async () => {
		const search = (filter?: string) =>
			runListSearch({ store: fixture.store, credential: fixture.credential, parameters: card, method: 'searchMembers', filter });
		const { results } = await search();
		expect(results.map(({ value }) => value)).toEqual([admin.mobileNumber, fieldLead.mobileNumber, technician.mobileNumber]);
		expect(results.find(({ value }) => value === fieldLead.mobileNumber)?.name).toBe(`${fieldLead.mobileNumber} (Admin)`);
		expect((await search('0003')).results.map(({ value }) => value)).toEqual([technician.mobileNumber]);
		expect(fixture.requestsFor('GET /groups/:groupId/members')).toHaveLength(2);
	});
});
