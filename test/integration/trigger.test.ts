/**
 * The Kaizala Trigger against the sandbox, over real loopback HTTP.
 *
 * The lifecycle methods run in n8n-core's HookContext and the webhook in its WebhookContext. What
 * n8n's CLI does around them is reproduced by `N8nWebhookHost` below, following n8n 2.41:
 * - activation (ActiveWorkflowManager.addWebhooks, and TestWebhooks.needsWebhook for "Listen for
 *   test event") walks the node's webhooks in description order and, for each, first makes the
 *   route answer (storeWebhook / register) and then runs checkExists → create. Kaizala's
 *   validationToken GET therefore arrives while `create` is waiting for POST /webhook;
 * - static data lives in the database: activation, each webhook call and deactivation load the
 *   workflow (with its static data) afresh, and save the static data afterwards if it changed;
 *   a "Listen for test event" registration keeps its own copy instead (setTestStaticData);
 * - a request runs the node's `webhook`; `noWebhookResponse` means the node wrote the answer
 *   itself; `workflowData` starts an execution and n8n answers 200 (responseMode onReceived);
 * - a test registration is removed (delete runs) once it started an execution;
 * - deactivation runs delete for each webhook.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { clearInProcessEventMemory, REMEMBERED_EVENT_IDS } from '../../nodes/KaizalaTrigger/events';
import type { SubscriptionState } from '../../nodes/KaizalaTrigger/subscription';
import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, startFixture } from '../helpers/fixtures';
import { buildAdditionalData, loggedLines, PackageNodeTypes, TRIGGER_NODE_TYPE } from '../helpers/n8n';
import { SandboxClient } from '../sandbox/helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;
const NODE_WEBHOOK_ID = '9a7c4e2b-5d1f-4a8e-b6c3-2f0e1d9a8b7c';
const TEXT_PLAIN = 'text/plain; charset=utf-8';

const groupParameters = (overrides: IDataObject = {}): IDataObject => ({
	objectType: 'Group',
	groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
	events: ['TextMessageCreated', 'MemberAdded'],
	options: { callbackContext: 'crm-sync' },
	...overrides,
});

interface Served {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	contentType: string;
	body: string;
}

/** n8n does database work (awaits) between loading a workflow and saving its static data. */
const databaseRoundTrip = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** One workflow holding the trigger: the production one, or a "Listen for test event" registration. */
class TriggerWorkflow {
	readonly node: INode;
	readonly nodeType: INodeType;
	readonly additionalData: IWorkflowExecuteAdditionalData;
	/** Production: the workflow's static data column. Test: the registration's copy. */
	persisted: IDataObject;

	constructor(
		private readonly host: N8nWebhookHost,
		parameters: IDataObject,
		readonly isTest: boolean,
		staticData: IDataObject = {},
		webhookBaseUrl?: string,
	) {
		this.nodeType = new PackageNodeTypes().getByNameAndVersion(TRIGGER_NODE_TYPE);
		const node: INode = {
			id: 'trigger-node',
			name: 'Kaizala Trigger',
			type: TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: NODE_WEBHOOK_ID,
			parameters: parameters as INode['parameters'],
			credentials: { kaizalaApi: host.fixture.credential },
		};
		node.parameters =
			NodeHelpers.getNodeParameters(this.nodeType.description.properties, node.parameters, true, false, node, this.nodeType.description) ??
			node.parameters;
		this.node = node;
		this.persisted = clone(staticData);
		this.additionalData = buildAdditionalData(host.fixture.store, {
			webhookBaseUrl: webhookBaseUrl ?? `${host.origin}/webhook`,
			webhookTestBaseUrl: `${host.origin}/webhook-test`,
		});
	}

	get mode() {
		return this.isTest ? 'manual' : 'trigger';
	}

	/**
	 * The workflow as n8n builds it from the database. A test registration's hooks get its copy of
	 * the static data as the workflow's own; its webhook calls get it through setTestStaticData.
	 */
	load(purpose: 'hook' | 'call' = 'hook'): Workflow {
		const testCall = this.isTest && purpose === 'call';
		const workflow = new Workflow({
			id: 'wf-trigger',
			name: 'trigger test',
			nodes: [this.node],
			connections: {},
			active: !this.isTest,
			nodeTypes: new PackageNodeTypes(),
			staticData: testCall ? {} : clone(this.persisted),
		});
		if (testCall) workflow.setTestStaticData(clone(this.persisted));
		return workflow;
	}

	/** WorkflowStaticDataService.saveStaticData (production), or the registration's new copy (test). */
	save(workflow: Workflow): void {
		if (this.isTest || workflow.staticData.__dataChanged === true) this.persisted = clone(workflow.staticData);
	}

	/** The node's webhooks in description order, as n8n's WebhookService.getNodeWebhooks lists them. */
	webhooks(): IWebhookData[] {
		return (this.nodeType.description.webhooks ?? []).map((description: IWebhookDescription) => ({
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: NodeHelpers.getNodeWebhookPath('wf-trigger', this.node, description.path, false),
			webhookDescription: description,
			workflowId: 'wf-trigger',
			workflowExecuteAdditionalData: this.additionalData,
			...(this.isTest ? { isTest: true } : {}),
		}));
	}

	routeOf(webhook: IWebhookData): string {
		return `${webhook.httpMethod} /${this.isTest ? 'webhook-test' : 'webhook'}/${webhook.path}`;
	}

	/** WebhookService.runWebhookMethod: the node's method for that webhook's name, in a HookContext. */
	async runMethod(workflow: Workflow, method: 'checkExists' | 'create' | 'delete', webhook: IWebhookData): Promise<boolean | undefined> {
		const fn = this.nodeType.webhookMethods?.[webhook.webhookDescription.name]?.[method];
		if (fn === undefined) return undefined;
		const context = new HookContext(workflow, this.node, this.additionalData, this.mode, this.isTest ? 'manual' : 'activate', webhook);
		return await fn.call(context);
	}

	/** Activation: per webhook, serve the route, then checkExists → create; then save static data. */
	async activate(options: { reverseOrder?: boolean } = {}): Promise<void> {
		const workflow = this.load();
		const webhooks = this.webhooks();
		if (options.reverseOrder) webhooks.reverse();
		try {
			for (const webhook of webhooks) {
				this.host.serve(this.routeOf(webhook), { owner: this, webhook });
				if (!(await this.runMethod(workflow, 'checkExists', webhook))) await this.runMethod(workflow, 'create', webhook);
			}
		} catch (error) {
			for (const webhook of webhooks) this.host.unserve(this.routeOf(webhook));
			throw error;
		}
		this.save(workflow);
	}

	async checkExists(): Promise<boolean | undefined> {
		const workflow = this.load();
		const exists = await this.runMethod(workflow, 'checkExists', this.webhooks()[1]);
		this.save(workflow);
		return exists;
	}

	/** Deactivation: delete for each webhook, then save static data (kept as is when delete fails). */
	async deactivate(): Promise<void> {
		const workflow = this.load();
		for (const webhook of this.webhooks()) {
			await this.runMethod(workflow, 'delete', webhook);
			this.host.unserve(this.routeOf(webhook));
		}
		this.save(workflow);
	}

	state(): SubscriptionState {
		return (this.persisted[`node:${this.node.name}`] ?? {}) as SubscriptionState;
	}

	url(): string {
		return `${this.isTest ? this.additionalData.webhookTestBaseUrl : this.additionalData.webhookBaseUrl}/${NODE_WEBHOOK_ID}/webhook`;
	}
}

/** n8n's webhook server on loopback, serving the routes of active triggers. */
class N8nWebhookHost {
	readonly served: Served[] = [];
	/** Items of every execution a webhook call started. */
	readonly executions: INodeExecutionData[][] = [];
	/** Lose the answer to the next call that starts an execution (the connection drops). */
	dropNextAck = false;
	/** How long loading and saving a workflow's static data takes per webhook call. */
	databaseDelayMs = 0;
	origin = '';
	private readonly routes = new Map<string, { owner: TriggerWorkflow; webhook: IWebhookData }>();
	private readonly server: Server;
	private readonly inFlight = new Set<Promise<void>>();

	private constructor(readonly fixture: Fixture) {
		this.server = createServer((request, response) => {
			const handling = this.handle(request, response).catch((error: Error) => {
				if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ message: error.message }));
			});
			this.inFlight.add(handling);
			void handling.finally(() => this.inFlight.delete(handling));
		});
	}

	static async start(fixture: Fixture): Promise<N8nWebhookHost> {
		const host = new N8nWebhookHost(fixture);
		await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
		host.origin = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
		return host;
	}

	trigger(parameters: IDataObject, options: { isTest?: boolean; staticData?: IDataObject; webhookBaseUrl?: string } = {}): TriggerWorkflow {
		return new TriggerWorkflow(this, parameters, options.isTest ?? false, options.staticData, options.webhookBaseUrl);
	}

	serve(route: string, target: { owner: TriggerWorkflow; webhook: IWebhookData }): void {
		this.routes.set(route, target);
	}

	unserve(route: string): void {
		this.routes.delete(route);
	}

	/** Resolves when every call has been handled, including work after the answer was sent. */
	async settled(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
	}

	handshakes(): Served[] {
		return this.served.filter((entry) => entry.method === 'GET' && entry.query.validationToken !== undefined);
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', this.origin);
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const query = Object.fromEntries(url.searchParams);
		const record: Served = { method: request.method ?? '', path: url.pathname, query, status: 0, contentType: '', body: '' };
		const end = response.end.bind(response) as (chunk?: unknown) => ServerResponse;
		response.end = ((chunk?: unknown) => {
			record.status = response.statusCode;
			record.contentType = String(response.getHeader('content-type') ?? '');
			record.body = chunk === undefined ? '' : String(chunk);
			this.served.push(record);
			return end(chunk);
		}) as ServerResponse['end'];

		const route = this.routes.get(`${request.method} ${url.pathname}`);
		if (!route) {
			response.writeHead(404, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify({ code: 404, message: 'The requested webhook is not registered.' }));
			return;
		}
		const { owner, webhook } = route;
		const workflow = owner.load('call');
		await databaseRoundTrip(this.databaseDelayMs);
		// n8n parses JSON bodies before the node runs (parseRequestBody).
		const body = text && String(request.headers['content-type'] ?? '').includes('json') ? (JSON.parse(text) as unknown) : {};
		Object.assign(request, { body, query, params: {} });
		const additionalData = { ...owner.additionalData, httpRequest: request, httpResponse: response } as unknown as IWorkflowExecuteAdditionalData;
		const context = new WebhookContext(workflow, owner.node, additionalData, owner.mode, webhook, [], null);
		const result = await owner.nodeType.webhook!.call(context);
		await databaseRoundTrip(this.databaseDelayMs);
		// Live webhooks save the static data once the call is answered; test registrations do not.
		if (!owner.isTest) owner.save(workflow);

		if (result.noWebhookResponse) {
			if (!response.writableEnded) throw new Error('the node claimed to answer but did not');
			return;
		}
		if (result.workflowData) {
			this.executions.push(result.workflowData[0]);
			if (this.dropNextAck) {
				this.dropNextAck = false;
				request.socket.destroy();
			} else {
				response.writeHead(200, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ message: 'Workflow was started' }));
			}
			// TestWebhooks: a test registration ends once it started an execution.
			if (owner.isTest) await owner.deactivate();
			return;
		}
		response.writeHead(200, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify({ message: 'Webhook call received' }));
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

let fixture: Fixture;
let host: N8nWebhookHost;
let client: SandboxClient;
const allSecrets = new Set<string>();
const everythingProduced: unknown[] = [];

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

function textMessageEvent(eventId: string, text = 'hello'): IDataObject {
	return {
		objectId: FIELD_TEAM,
		objectType: 'Group',
		eventType: 'TextMessageCreated',
		eventId,
		data: { text },
		context: 'crm-sync',
		fromUser: DEMO_USERS.admin.mobileNumber,
		fromUserId: DEMO_USERS.admin.userId,
		fromUserName: DEMO_USERS.admin.name,
		fromUserProfilePic: '',
	};
}

async function sendMessage(groupId: string, message: string) {
	const sent = await client.call('POST', `groups/${groupId}/messages`, { message });
	expect(sent.status).toBe(200);
	await fixture.sandbox.webhookDeliveriesSettled();
}

async function captureError(promise: Promise<unknown>): Promise<Error & { httpCode?: string; description?: string }> {
	try {
		await promise;
	} catch (error) {
		everythingProduced.push(error);
		return error as Error & { httpCode?: string };
	}
	throw new Error('expected a failure');
}

const callbackTokensSeen = () =>
	fixture.requestsFor('POST /webhook').map((entry) => String((entry.body as IDataObject).callBackToken));

beforeEach(async () => {
	clearInProcessEventMemory();
	fixture = await startFixture({ webhookValidation: true, webhookRetryDelaysMs: [10, 20, 40] });
	host = await N8nWebhookHost.start(fixture);
	client = await new SandboxClient(fixture.sandbox).login();
});

afterEach(async () => {
	for (const secret of [...fixture.secrets(), ...callbackTokensSeen(), client.accessToken]) allSecrets.add(secret);
	everythingProduced.push(host.executions);
	await fixture.close();
	await host.close();
});

afterAll(() => {
	// No connector secret, refresh token, access token or callback token in any item, error or log line.
	expectNoSecrets(everythingProduced, [...allSecrets]);
	expectNoSecrets(loggedLines, [...allSecrets]);
	expect(allSecrets.size).toBeGreaterThan(4);
});

describe('Kaizala Trigger: activation', () => {
	it('registers one Kaizala webhook for the group at the production URL, answering the validation handshake during create', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();

		const registrations = fixture.requestsFor('POST /webhook');
		expect(registrations).toHaveLength(1);
		expect(registrations[0].status).toBe(200);
		const body = registrations[0].body as IDataObject;
		expect(body).toEqual({
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventTypes: ['MemberAdded', 'TextMessageCreated'],
			callBackUrl: `${host.origin}/webhook/${NODE_WEBHOOK_ID}/webhook`,
			callBackToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			callBackContext: 'crm-sync',
		});

		// The sandbox ran the handshake (webhookValidation: true) against the GET route, which
		// answered the token as plain text before Kaizala accepted the registration.
		const handshakes = host.handshakes();
		expect(handshakes).toHaveLength(1);
		expect(handshakes[0]).toMatchObject({ path: `/webhook/${NODE_WEBHOOK_ID}/webhook`, status: 200, contentType: TEXT_PLAIN });
		expect(handshakes[0].body).toBe(handshakes[0].query.validationToken);

		const webhooks = [...fixture.sandbox.state.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventTypes: ['MemberAdded', 'TextMessageCreated'],
			callbackUrl: trigger.url(),
			callbackToken: body.callBackToken,
			callbackContext: 'crm-sync',
			active: true,
		});
		expect(trigger.state()).toMatchObject({ webhookId: webhooks[0].webhookId, callbackToken: body.callBackToken, recentEventIds: [] });

		// Restarting n8n (activation again with the saved static data) reuses the webhook.
		expect(await trigger.checkExists()).toBe(true);
		expect(fixture.requestsFor('GET /webhook')).toHaveLength(1);
		const restarted = host.trigger(groupParameters(), { staticData: clone(trigger.persisted) });
		await restarted.activate();
		expect(fixture.requestsFor('POST /webhook')).toHaveLength(1);
		expect(fixture.sandbox.state.webhooks.size).toBe(1);
	});

	it('uses a new random callback token for every registration', async () => {
		const first = host.trigger(groupParameters());
		await first.activate();
		await first.deactivate();
		const second = host.trigger(groupParameters());
		await second.activate();
		const [a, b] = callbackTokensSeen();
		expect(a).not.toBe(b);
		expect(second.state().callbackToken).toBe(b);
	});

	it('cannot pass the handshake when the GET route is not served before create (why the GET webhook is listed first)', async () => {
		const trigger = host.trigger(groupParameters());
		const error = await captureError(trigger.activate({ reverseOrder: true }));
		expect(error.message).toContain('Callback URL validation failed');
		expect(host.handshakes()[0].status).toBe(404);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(trigger.state().webhookId).toBeUndefined();
	});

	it('refuses bad object IDs, an empty event list and a non-https webhook URL before any request', async () => {
		const cases: Array<[IDataObject, string, string?]> = [
			[{ objectType: 'Action', actionId: 'not-a-guid', events: ['SurveyResponse'] }, 'Action ID "not-a-guid" is not a GUID'],
			[{ objectType: 'ActionPackage', actionPackageId: 'com.contoso/../x', events: ['ActionCreated'] }, 'Action Package ID "com.contoso/../x" is not an action package ID'],
			[groupParameters({ groupId: { __rl: true, mode: 'id', value: 'field-team' } }), 'Group "field-team" is not a GUID'],
			[groupParameters({ events: [] }), 'Events needs at least one event'],
			[groupParameters(), 'Kaizala only calls https webhook URLs', 'http://n8n.example.com/webhook'],
		];
		for (const [parameters, message, webhookBaseUrl] of cases) {
			const error = await captureError(host.trigger(parameters, { webhookBaseUrl }).activate());
			expect(error.message).toContain(message);
		}
		expect(fixture.sandbox.requests.filter((entry) => entry.route?.includes('/webhook'))).toEqual([]);
	});
});

describe('Kaizala Trigger: the validation GET', () => {
	it('echoes validationToken as text/plain and refuses a GET without one', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();

		const echoed = await fetch(`${trigger.url()}?validationToken=${encodeURIComponent('vt-123_abc.XYZ')}`);
		expect(echoed.status).toBe(200);
		expect(echoed.headers.get('content-type')).toBe(TEXT_PLAIN);
		expect(echoed.headers.get('x-content-type-options')).toBe('nosniff');
		expect(await echoed.text()).toBe('vt-123_abc.XYZ');

		const missing = await fetch(trigger.url());
		expect(missing.status).toBe(400);
		expect(missing.headers.get('content-type')).toBe(TEXT_PLAIN);
		expect(host.executions).toEqual([]);
	});
});

describe('Kaizala Trigger: events', () => {
	it('emits a message sent in the group as one item with the event fields', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		await sendMessage(FIELD_TEAM, 'Crew is on site');

		const [delivery] = fixture.sandbox.state.webhookDeliveries;
		expect(delivery).toMatchObject({ status: 'delivered', statusCode: 200, callbackUrl: trigger.url() });
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0]).toHaveLength(1);
		const item = host.executions[0][0].json;
		expect(item).toEqual({
			...delivery.payload,
			groupId: FIELD_TEAM,
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(item).toMatchObject({
			objectId: FIELD_TEAM,
			objectType: 'Group',
			eventType: 'TextMessageCreated',
			eventId: delivery.eventId,
			data: { text: 'Crew is on site' },
			context: 'crm-sync',
			fromUser: DEMO_USERS.admin.mobileNumber,
			fromUserName: DEMO_USERS.admin.name,
		});
		expect(trigger.state().recentEventIds).toEqual([delivery.eventId]);
		expectNoSecrets(host.executions, [...fixture.secrets(), ...callbackTokensSeen()]);
	});

	it('answers 401 and starts nothing for a missing or wrong kz-callback-token', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const token = String(trigger.state().callbackToken);
		const event = textMessageEvent('1d7e0000-0000-4000-8000-00000000e001');

		const attempts: Array<Record<string, string>> = [
			{},
			{ 'kz-callback-token': 'forged' },
			{ 'kz-callback-token': `${token}x` },
			{ 'kz-callback-token': token.slice(0, -1) },
			{ 'kz-callback-token': token.toUpperCase() },
		];
		for (const headers of attempts) {
			const answer = await post(trigger.url(), event, headers);
			expect(answer).toEqual({ status: 401, contentType: TEXT_PLAIN, text: 'Unauthorized' });
		}
		expect(host.executions).toEqual([]);
		expect(trigger.state().recentEventIds).toEqual([]);

		// The right token is accepted: the same event now starts one execution.
		expect((await post(trigger.url(), event, { 'kz-callback-token': token })).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	it('rejects deliveries when Kaizala holds another token; the platform then disables the webhook and checkExists is false', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const webhookId = String(trigger.state().webhookId);
		const changed = await client.call('PUT', `webhook/${webhookId}`, { callBackToken: 'someone-else-s-token' });
		expect(changed.status).toBe(200);

		await sendMessage(FIELD_TEAM, 'Should not arrive');
		const [delivery] = fixture.sandbox.state.webhookDeliveries;
		expect(delivery.status).toBe('failed');
		expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([401, 401, 401, 401]);
		expect(host.executions).toEqual([]);
		expect(fixture.sandbox.state.webhooks.get(webhookId)?.active).toBe(false);

		expect(await trigger.checkExists()).toBe(false);
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.status)).toEqual([200]);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(trigger.state().webhookId).toBeUndefined();
	});

	it('emits an event redelivered after a lost answer only once', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		host.dropNextAck = true;
		await sendMessage(FIELD_TEAM, 'Delivered twice');

		const [delivery] = fixture.sandbox.state.webhookDeliveries;
		expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([0, 200]);
		expect(delivery.status).toBe('delivered');
		const redelivery = host.served.filter((entry) => entry.method === 'POST');
		expect(redelivery.map((entry) => [entry.status, entry.body])).toEqual([[200, 'Duplicate event ignored']]);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json.eventId).toBe(delivery.eventId);
	});

	it('emits an event delivered twice at the same moment only once, and persists its id', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const headers = { 'kz-callback-token': String(trigger.state().callbackToken) };
		// Both calls load the static data before either saves it, as in n8n under load.
		host.databaseDelayMs = 30;
		const event = textMessageEvent('c0c0c0c0-0000-4000-8000-000000000001');
		const answers = await Promise.all([post(trigger.url(), event, headers), post(trigger.url(), event, headers)]);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		expect(answers.map((answer) => answer.text).sort()).toEqual(['Duplicate event ignored', JSON.stringify({ message: 'Workflow was started' })]);
		expect(host.executions).toHaveLength(1);
		expect(trigger.state().recentEventIds).toEqual([event.eventId]);

		// Two different events at the same moment: whichever save lands last keeps both ids.
		const second = textMessageEvent('c0c0c0c0-0000-4000-8000-000000000002');
		const third = textMessageEvent('c0c0c0c0-0000-4000-8000-000000000003');
		await Promise.all([post(trigger.url(), second, headers), post(trigger.url(), third, headers)]);
		expect(host.executions).toHaveLength(3);
		expect([...(trigger.state().recentEventIds ?? [])].sort()).toEqual([event.eventId, second.eventId, third.eventId]);
	});

	it('drops a duplicate event id sent directly, also after a restart, and remembers the newest 500 ids', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const headers = { 'kz-callback-token': String(trigger.state().callbackToken) };
		const id = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

		expect((await post(trigger.url(), textMessageEvent(id(0)), headers)).status).toBe(200);
		expect(await post(trigger.url(), textMessageEvent(id(0)), headers)).toEqual({ status: 200, contentType: TEXT_PLAIN, text: 'Duplicate event ignored' });
		expect(host.executions).toHaveLength(1);

		// n8n restarted: a new process (nothing in memory) with the saved static data.
		clearInProcessEventMemory();
		const restarted = host.trigger(groupParameters(), { staticData: clone(trigger.persisted) });
		await restarted.activate();
		expect(fixture.requestsFor('POST /webhook')).toHaveLength(1);
		expect((await post(restarted.url(), textMessageEvent(id(0)), headers)).text).toBe('Duplicate event ignored');

		for (let n = 1; n <= REMEMBERED_EVENT_IDS + 4; n++) {
			expect((await post(restarted.url(), textMessageEvent(id(n)), headers)).status).toBe(200);
		}
		expect(host.executions).toHaveLength(REMEMBERED_EVENT_IDS + 5);
		const remembered = restarted.state().recentEventIds ?? [];
		expect(remembered).toHaveLength(REMEMBERED_EVENT_IDS);
		expect(remembered[REMEMBERED_EVENT_IDS - 1]).toBe(id(REMEMBERED_EVENT_IDS + 4));

		clearInProcessEventMemory();
		expect((await post(restarted.url(), textMessageEvent(id(REMEMBERED_EVENT_IDS + 4)), headers)).text).toBe('Duplicate event ignored');
		// The oldest ids were forgotten: that event would run again.
		expect((await post(restarted.url(), textMessageEvent(id(1)), headers)).status).toBe(200);
		expect(host.executions).toHaveLength(REMEMBERED_EVENT_IDS + 6);
	});

	it('an Action webhook hears the responses to that action', async () => {
		const survey = await client.call('POST', `groups/${FIELD_TEAM}/actions`, {
			actionType: 'Survey',
			actionBody: { title: 'Site check', dueDate: 10, questions: [{ title: 'Notes', type: 'Text' }] },
		});
		expect(survey.status).toBe(200);
		const actionId = String(survey.body.actionId);
		const trigger = host.trigger({ objectType: 'Action', actionId, events: ['SurveyResponse'] });
		await trigger.activate();
		expect(fixture.requestsFor('POST /webhook')[0].body).toMatchObject({ objectId: actionId, objectType: 'Action', eventTypes: ['SurveyResponse'] });

		const answered = await client.call('POST', `groups/${FIELD_TEAM}/actions/${actionId}/responses`, {
			actionType: 'Survey',
			actionBody: { answers: ['All clear'] },
		});
		expect(answered.status).toBe(200);
		await fixture.sandbox.webhookDeliveriesSettled();
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({
			eventType: 'SurveyResponse',
			objectType: 'Action',
			objectId: actionId,
			actionId,
			groupId: FIELD_TEAM,
		});
	});
});

describe('Kaizala Trigger: checkExists', () => {
	it('is false once the platform deleted, disabled or expired the webhook, and activation then registers a new one', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const first = String(trigger.state().webhookId);

		expect((await client.call('DELETE', `webhook/${first}`)).status).toBe(200);
		expect(await trigger.checkExists()).toBe(false);
		expect(trigger.state().webhookId).toBeUndefined();
		await trigger.activate();
		const second = String(trigger.state().webhookId);
		expect(second).not.toBe(first);
		expect([...fixture.sandbox.state.webhooks.keys()]).toEqual([second]);

		expect((await client.call('PUT', `webhook/${second}`, { Active: false })).status).toBe(200);
		expect(await trigger.checkExists()).toBe(false);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		await trigger.activate();
		const third = String(trigger.state().webhookId);

		fixture.sandbox.state.webhooks.get(third)!.validity = Date.now() - 1;
		expect(await trigger.checkExists()).toBe(false);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(fixture.requestsFor('POST /webhook')).toHaveLength(3);
		// Each replacement is logged through the execution context's logger (recorded for the secret scan).
		const replacements = loggedLines.filter((line) => line.includes('Kaizala Trigger: the Kaizala webhook'));
		expect(replacements).toEqual(
			expect.arrayContaining([
				expect.stringContaining(`no longer exists; registering a new one {"webhookId":"${first}"}`),
				expect.stringContaining(`is disabled; replacing it {"webhookId":"${second}"}`),
			]),
		);
	});

	it('replaces the webhook when the parameters changed since it was registered', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		const old = String(trigger.state().webhookId);

		const changed = host.trigger(groupParameters({ groupId: { __rl: true, mode: 'id', value: NORTH }, events: ['TextMessageCreated'] }), {
			staticData: trigger.persisted,
		});
		await changed.activate();
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.path)).toEqual([expect.stringContaining(old)]);
		const webhooks = [...fixture.sandbox.state.webhooks.values()];
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0]).toMatchObject({ objectId: NORTH, eventTypes: ['TextMessageCreated'] });
		expect(changed.state().webhookId).toBe(webhooks[0].webhookId);
	});
});

describe('Kaizala Trigger: deactivation', () => {
	it('deletes the webhook and clears the static data; an already deleted webhook is accepted; other failures surface', async () => {
		const trigger = host.trigger(groupParameters());
		await trigger.activate();
		await trigger.deactivate();
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.status)).toEqual([200]);
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect(trigger.state()).toEqual({});

		await trigger.activate();
		expect((await client.call('DELETE', `webhook/${String(trigger.state().webhookId)}`)).status).toBe(200);
		await trigger.deactivate();
		expect(fixture.requestsFor('DELETE /webhook/:webhookId').map((entry) => entry.status)).toEqual([200, 200, 404]);
		expect(trigger.state()).toEqual({});

		await trigger.activate();
		const kept = trigger.state().webhookId;
		fixture.sandbox.setConnector(DEMO_CONNECTOR.connectorId, { isAdmin: false });
		const error = await captureError(trigger.deactivate());
		expect(error.message).toMatch(/^Kaizala: /);
		expect(error.httpCode).toBe('403');
		expect(trigger.state().webhookId).toBe(kept);
		expect(fixture.sandbox.state.webhooks.size).toBe(1);
		expectNoSecrets(error, [...fixture.secrets(), ...callbackTokensSeen()]);
	});
});

describe('Kaizala Trigger: Listen for test event', () => {
	it('registers the test URL, ignores unauthenticated calls, and ends after the first event', async () => {
		const trigger = host.trigger(groupParameters(), { isTest: true });
		await trigger.activate();
		const testUrl = `${host.origin}/webhook-test/${NODE_WEBHOOK_ID}/webhook`;
		expect(trigger.url()).toBe(testUrl);
		expect((fixture.requestsFor('POST /webhook')[0].body as IDataObject).callBackUrl).toBe(testUrl);
		expect(host.handshakes()[0]).toMatchObject({ path: `/webhook-test/${NODE_WEBHOOK_ID}/webhook`, status: 200 });

		expect((await post(testUrl, textMessageEvent('1d7e0000-0000-4000-8000-00000000e002'))).status).toBe(401);
		expect(host.executions).toEqual([]);

		await sendMessage(FIELD_TEAM, 'Test event');
		await host.settled();
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].json).toMatchObject({ eventType: 'TextMessageCreated', data: { text: 'Test event' } });
		// The registration ended: the Kaizala webhook is gone and the URL no longer answers.
		expect(fixture.sandbox.state.webhooks.size).toBe(0);
		expect((await fetch(`${testUrl}?validationToken=x`)).status).toBe(404);
	});
});
