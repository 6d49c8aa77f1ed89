/**
 * A waiting execution and n8n's waiting-webhook server around it, for the send-and-wait
 * operations. The execution itself is n8n-core's WorkflowExecute and the node's webhook runs in
 * n8n-core's WebhookContext; what n8n's CLI adds is rebuilt here from n8n 2.41.0's
 * waiting-webhooks.ts and webhook-helpers.ts:
 * - the execution is only answered once saved as waiting (while running: 409);
 * - a URL whose path names a `sendAndWait` node must carry a valid signature over path and query
 *   (validateUrlSignature); other URLs carry the execution's resume token, as `signature=<token>`
 *   or `signature=<token>/<nodeId>` (the node then named there instead of in the path);
 * - a webhook call that returns `workflowData` resumes the execution with those items as the
 *   node's output (the node is disabled and passes them on); a finished execution answers 409,
 *   or for `sendAndWait` a "no action required" page;
 * - when the wait limit passes, n8n-core resumes the node disabled (handleWaitingState);
 * - a custom form (`sendAndWait` with responseType `customForm`) is posted only as
 *   multipart/form-data (415 otherwise), its body becoming `{ data, files }` with a name sent
 *   once as one value, a repeated one as a list (requiresMultipartFormData, webhook-form-data.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { ExecutionLifecycleHooks, validateUrlSignature, WebhookContext, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IRun, IRunExecutionData, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION, Workflow } from 'n8n-workflow';

import type { Fixture } from './fixtures';
import { startFixture } from './fixtures';
import { buildAdditionalData, kaizalaNode, NODE_TYPE, PackageNodeTypes } from './n8n';

/** The HMAC secret n8n-core signs resume URLs with (InstanceSettings in tests). */
function signingSecret(): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require('@n8n/di') as typeof import('@n8n/di');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { InstanceSettings } = require('n8n-core') as typeof import('n8n-core');
	return Container.get(InstanceSettings).hmacSignatureSecret;
}

export interface Answer {
	status: number;
	contentType: string;
	body: string;
}

export class WaitingExecution {
	status: 'running' | 'waiting' | 'success' | 'error' = 'running';
	run?: IRun;
	/** Every output the Kaizala node produced, one entry per run (the wait, then the resume). */
	readonly outputs: INodeExecutionData[][] = [];
	readonly resumeToken = `rt-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
	private runExecutionData!: IRunExecutionData;
	private finished: Promise<void> = Promise.resolve();

	constructor(
		readonly host: WaitingHost,
		readonly id: string,
		readonly node: INode,
		readonly workflow: Workflow,
	) {}

	additionalData(overrides: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		const hooks = new ExecutionLifecycleHooks('manual', this.id, { id: 'wf-wait', name: 'wait', nodes: [this.node], connections: {}, active: false } as never);
		hooks.addHandler('workflowExecuteAfter', (run) => this.saved(run));
		return buildAdditionalData(this.host.fixture.store, {
			hooks,
			executionId: this.id,
			webhookWaitingBaseUrl: `${this.host.origin}/webhook-waiting`,
			formWaitingBaseUrl: `${this.host.origin}/form-waiting`,
			...overrides,
		});
	}

	/** The execution was saved (WorkflowExecute's last hook): waiting, or done. */
	private saved(run: IRun): void {
		this.run = run;
		this.runExecutionData = run.data;
		const taskData = run.data.resultData.runData[this.node.name]?.at(-1);
		if (taskData?.data?.main?.[0]) this.outputs.push(taskData.data.main[0]);
		this.status = run.waitTill ? 'waiting' : run.data.resultData.error ? 'error' : 'success';
	}

	start(items: INodeExecutionData[]): Promise<void> {
		const runExecutionData = {
			version: 1,
			resumeToken: this.resumeToken,
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [{ node: this.node, data: { main: [items] }, source: null }],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;
		this.finished = this.process(runExecutionData);
		return this.finished;
	}

	private async process(runExecutionData: IRunExecutionData): Promise<void> {
		this.status = 'running';
		await new WorkflowExecute(this.additionalData(), 'manual', runExecutionData).processRunExecutionData(this.workflow);
	}

	/** Resolves when the current run has been saved. */
	async settled(): Promise<void> {
		await this.finished;
	}

	/** The wait limit passed: n8n's WaitTracker starts the execution again as saved. */
	async expire(): Promise<void> {
		this.finished = this.process(structuredClone(this.runExecutionData));
		await this.finished;
	}

	/** webhook-helpers.executeWebhook for a restart webhook: the node's output replaced, the node disabled. */
	resume(items: INodeExecutionData[]): Promise<void> {
		const data = structuredClone(this.runExecutionData);
		data.waitTill = undefined;
		const entry = data.executionData!.nodeExecutionStack[0];
		entry.node.disabled = true;
		entry.data = { main: [items] };
		data.resultData.runData[this.node.name]?.pop();
		this.finished = this.process(data);
		return this.finished;
	}

	/** The node's webhook, in n8n-core's WebhookContext, as n8n runs it for a waiting execution. */
	async callWebhook(request: IncomingMessage & { body?: unknown; query?: unknown }, response: ServerResponse, method: string) {
		const nodeType = new PackageNodeTypes().getByNameAndVersion(NODE_TYPE);
		const description = nodeType.description.webhooks!.find((webhook) => webhook.httpMethod === method)!;
		const webhookData = {
			httpMethod: method,
			node: this.node.name,
			path: this.node.id,
			webhookDescription: description,
			workflowId: 'wf-wait',
		} as unknown as IWebhookData;
		const additionalData = this.additionalData({ httpRequest: request, httpResponse: response } as never);
		const context = new WebhookContext(this.workflow, this.node, additionalData, 'manual', webhookData, [], this.runExecutionData);
		return await nodeType.webhook!.call(context);
	}

	isSendAndWait(): boolean {
		return this.node.parameters.operation === SEND_AND_WAIT_OPERATION;
	}

	takesFormsOnly(): boolean {
		return this.isSendAndWait() && this.node.parameters.responseType === 'customForm';
	}
}

/** A multipart body as n8n's parser gives it: `{ data, files }`, a repeated name as a list. */
async function multipartBody(raw: Buffer, contentType: string): Promise<IDataObject> {
	const form = await new Request('http://body.local/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
	const data: Record<string, string[]> = {};
	const files: Record<string, Array<{ originalFilename: string; size: number }>> = {};
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string') (data[name] ??= []).push(value);
		else (files[name] ??= []).push({ originalFilename: value.name, size: value.size });
	}
	const single = <T>(lists: Record<string, T[]>) => Object.fromEntries(Object.entries(lists).map(([name, list]) => [name, list.length === 1 ? list[0] : list]));
	return { data: single(data), files: single(files) } as IDataObject;
}

/** n8n's waiting-webhook server on loopback: `/webhook-waiting/{executionId}/{nodeId}`. */
export class WaitingHost {
	origin = '';
	/** Every request answered, in order. */
	readonly answered: Array<Answer & { method: string; path: string; query: Record<string, string> }> = [];
	private readonly executions = new Map<string, WaitingExecution>();
	private readonly server: Server;
	private counter = 0;

	private constructor(readonly fixture: Fixture) {
		this.server = createServer((request, response) => {
			this.handle(request, response).catch((error: Error) => {
				if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ message: error.message }));
			});
		});
	}

	static async start(fixture: Fixture): Promise<WaitingHost> {
		const host = new WaitingHost(fixture);
		await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
		host.origin = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
		return host;
	}

	/** Runs the Kaizala node with `parameters` (and node `settings`, e.g. onError) until it waits (or ends). */
	async execute(parameters: IDataObject, items: IDataObject[] = [{}], settings: Partial<INode> = {}): Promise<WaitingExecution> {
		const nodeTypes = new PackageNodeTypes();
		const node = kaizalaNode(parameters, this.fixture.credential, nodeTypes, { id: `node-${++this.counter}`, ...settings });
		const workflow = new Workflow({ id: 'wf-wait', name: 'wait', nodes: [node], connections: {}, active: false, nodeTypes });
		const execution = new WaitingExecution(this, String(9000 + this.counter), node, workflow);
		this.executions.set(execution.id, execution);
		await execution.start(items.map((json) => ({ json })));
		return execution;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', this.origin);
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const query = Object.fromEntries(url.searchParams);
		const end = response.end.bind(response) as (chunk?: unknown) => ServerResponse;
		response.end = ((chunk?: unknown) => {
			this.answered.push({
				method: request.method ?? '',
				path: url.pathname,
				query,
				status: response.statusCode,
				contentType: String(response.getHeader('content-type') ?? ''),
				body: chunk === undefined ? '' : String(chunk),
			});
			return end(chunk);
		}) as ServerResponse['end'];
		const json = (status: number, body: unknown) => {
			response.writeHead(status, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify(body));
		};

		const [, base, executionId, suffix] = url.pathname.split('/');
		const execution = this.executions.get(executionId ?? '');
		if (base !== 'webhook-waiting' || !execution) return json(404, { message: 'not found' });
		// waiting-webhooks.ts parseSignatureParam: "signature=<token>/<webhook path>" names the node
		// when the path does not; only a path naming a sendAndWait node is checked as signed.
		const [signature, webhookPath] = (url.searchParams.get('signature') ?? '').split(/\/(.*)/s);
		const signed = suffix === execution.node.id && execution.isSendAndWait();
		url.searchParams.set('signature', signature);
		const valid = signed ? validateUrlSignature(signature, url, signingSecret()) : signature === execution.resumeToken;
		if (!valid) return json(401, { error: 'Invalid token' });
		if ((suffix || webhookPath) !== execution.node.id) return json(404, { message: 'not found' });
		if (execution.status === 'running') return json(409, { message: `The execution "${executionId}" is running already.` });
		if (execution.status !== 'waiting') {
			if (execution.isSendAndWait()) {
				response.writeHead(200, { 'Content-Type': 'text/html' });
				return void response.end('<p>No action required</p>');
			}
			return json(409, { message: `The execution "${executionId} has finished already.` });
		}
		const contentType = String(request.headers['content-type'] ?? '');
		const multipart = contentType.startsWith('multipart/form-data');
		if (request.method === 'POST' && execution.takesFormsOnly() && !multipart) return json(415, { message: 'Expected multipart/form-data' });
		// n8n's body parser: multipart, JSON and form posts.
		const body = multipart
			? await multipartBody(Buffer.concat(chunks), contentType)
			: !text
			? {}
			: contentType.includes('json')
				? (JSON.parse(text) as unknown)
				: contentType.includes('x-www-form-urlencoded')
					? Object.fromEntries(new URLSearchParams(text))
					: text;
		Object.assign(request, { body, query, params: {} });
		const result = await execution.callWebhook(request, response, request.method ?? 'GET');
		if (!result.noWebhookResponse) json(200, { message: 'Workflow was started' });
		if (result.workflowData) {
			execution.status = 'running';
			await execution.resume(result.workflowData[0]);
		}
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}


/** A fixture whose sandbox does Kaizala's validationToken handshake and repeats deliveries, with a waiting host. */
export async function startWebhookWaits(): Promise<{ fixture: Fixture; host: WaitingHost }> {
	const fixture = await startFixture({ webhookValidation: true, webhookRetryDelaysMs: [50], repeatWebhookDeliveries: true });
	return { fixture, host: await WaitingHost.start(fixture) };
}

export async function stopWebhookWaits(fixture: Fixture, host: WaitingHost): Promise<void> {
	await fixture.sandbox.webhookDeliveriesSettled();
	await host.close();
	await fixture.close();
}

/** Polls `condition` until it holds (or fails the test after `timeoutMs`). */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}
