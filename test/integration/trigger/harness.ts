/**
 * The harness of the Kaizala Trigger tests: the trigger against the sandbox, over real loopback HTTP.
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
 *   itself; `workflowData` starts an execution (also with `noWebhookResponse`) and, unless the
 *   node answered, n8n answers 200 (responseMode onReceived);
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

import { clearInProcessEventMemory } from '../../../nodes/KaizalaTrigger/events';
import type { SubscriptionState } from '../../../nodes/KaizalaTrigger/subscription';
import { DEMO_GROUPS, DEMO_USERS } from '../../../sandbox';
import type { Fixture } from '../../helpers/fixtures';
import { expectNoSecrets, startFixture } from '../../helpers/fixtures';
import { buildAdditionalData, kaizalaTriggerNode, loggedLines, PackageNodeTypes, TRIGGER_NODE_TYPE } from '../../helpers/n8n';
import { SandboxClient } from '../../sandbox/helpers';

export const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
export const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;
export const NODE_WEBHOOK_ID = '9a7c4e2b-5d1f-4a8e-b6c3-2f0e1d9a8b7c';
export const TEXT_PLAIN = 'text/plain; charset=utf-8';

export const groupParameters = (overrides: IDataObject = {}): IDataObject => ({
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
export const databaseRoundTrip = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** One workflow holding the trigger: the production one, or a "Listen for test event" registration. */
export class TriggerWorkflow {
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
		const nodeTypes = new PackageNodeTypes();
		this.nodeType = nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE);
		this.node = kaizalaTriggerNode(parameters, host.fixture.credential, nodeTypes, NODE_WEBHOOK_ID);
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
export class N8nWebhookHost {
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
			if (this.dropNextAck && response.statusCode === 200 && String(chunk).startsWith('{"accepted"')) {
				// The answer to a call that starts an execution is lost on its way back.
				this.dropNextAck = false;
				request.socket.destroy();
				return response;
			}
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
		// Recorded at once: an answer the node wrote itself is already on its way.
		if (result.workflowData) this.executions.push(result.workflowData[0]);
		await databaseRoundTrip(this.databaseDelayMs);
		// Live webhooks save the static data once the call is answered; test registrations do not.
		if (!owner.isTest) owner.save(workflow);

		if (result.noWebhookResponse && !response.writableEnded && !request.socket.destroyed) throw new Error('the node claimed to answer but did not');
		if (result.noWebhookResponse && !result.workflowData) return;
		if (result.workflowData) {
			if (result.noWebhookResponse) {
				// Answered by the node itself (its answer may have been lost: dropNextAck).
			} else if (this.dropNextAck) {
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

export let fixture: Fixture;
export let host: N8nWebhookHost;
export let client: SandboxClient;
export const allSecrets = new Set<string>();
export const everythingProduced: unknown[] = [];

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

export function textMessageEvent(eventId: string, text = 'hello'): IDataObject {
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

export async function sendMessage(groupId: string, message: string) {
	const sent = await client.call('POST', `groups/${groupId}/messages`, { message });
	expect(sent.status).toBe(200);
	await fixture.sandbox.webhookDeliveriesSettled();
}

export async function captureError(promise: Promise<unknown>): Promise<Error & { httpCode?: string; description?: string }> {
	try {
		await promise;
	} catch (error) {
		everythingProduced.push(error);
		return error as Error & { httpCode?: string };
	}
	throw new Error('expected a failure');
}

export const callbackTokensSeen = () =>
	fixture.requestsFor('POST /webhook').map((entry) => String((entry.body as IDataObject).callBackToken));

/** The sandbox, n8n's webhook host and a sandbox client per test; after all, no secret anywhere. */
export function useTriggerSandbox(): void {
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
}
