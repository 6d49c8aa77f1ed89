/**
 * Bad input at the trigger's door: its webhook is reachable from the internet. Requests go over
 * real loopback HTTP to a minimal host that hands them to the node's `webhook` in n8n-core's
 * WebhookContext (body parsed as JSON when it parses, else left as text — the worst case for the
 * node). Every answer must be a 4xx or an acknowledgement, never a 5xx or a crash; no execution
 * may start with anything but a subscribed event about the subscribed object; nothing is echoed
 * but the validation token.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../../sandbox';
import { CredentialStore, buildAdditionalData, kaizalaTriggerNode, PackageNodeTypes, TRIGGER_NODE_TYPE } from '../../helpers/n8n';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const OTHER_GROUP = DEMO_GROUPS.announcements.groupId;
const CALLBACK_TOKEN = 'fuzz-callback-token-0123456789abcdef';
const SUBSCRIBED = ['TextMessageCreated', 'MemberAdded'];

interface Answer {
	status: number;
	body: string;
}

let server: Server;
let origin: string;
const executions: INodeExecutionData[][] = [];
const crashes: string[] = [];

const nodeTypes = new PackageNodeTypes();
const nodeType = nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE);
const node: INode = kaizalaTriggerNode(
	{ objectType: 'Group', groupId: { __rl: true, mode: 'id', value: FIELD_TEAM }, events: SUBSCRIBED },
	{ id: 'cred-1', name: 'unused' },
	nodeTypes,
	'fuzz-webhook',
);
const subscription = {
	webhookId: 'kz-webhook-1',
	callbackToken: CALLBACK_TOKEN,
	objectType: 'Group',
	objectId: FIELD_TEAM,
	eventTypes: SUBSCRIBED,
};

async function handle(request: IncomingMessage, response: ServerResponse) {
	const url = new URL(request.url ?? '/', origin);
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	let body: unknown = {};
	if (text) {
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
	}
	const name = request.method === 'GET' ? 'setup' : 'default';
	const description = nodeType.description.webhooks!.find((w) => w.name === name)!;
	const webhook: IWebhookData = {
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: 'fuzz',
		webhookDescription: description,
		workflowId: 'wf-fuzz',
		workflowExecuteAdditionalData: {} as IWorkflowExecuteAdditionalData,
	};
	const workflow = new Workflow({
		id: 'wf-fuzz',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new PackageNodeTypes(),
		staticData: { [`node:${node.name}`]: { ...subscription } },
	});
	// Express (qs) turns a repeated parameter into an array.
	const query: IDataObject = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		query[key] = values.length > 1 ? values : values[0];
	}
	Object.assign(request, { body, query, params: {} });
	const additionalData = { ...buildAdditionalData(new CredentialStore()), httpRequest: request, httpResponse: response } as unknown as IWorkflowExecuteAdditionalData;
	try {
		const result = await nodeType.webhook!.call(new WebhookContext(workflow, node, additionalData, 'trigger', webhook, [], null));
		if (result.workflowData) executions.push(result.workflowData[0]);
		if (!response.writableEnded) {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify({ message: 'Workflow was started' }));
		}
	} catch (error) {
		crashes.push(String((error as Error).stack ?? error));
		if (!response.writableEnded) {
			response.writeHead(500);
			response.end('crash');
		}
	}
}

beforeAll(async () => {
	server = createServer((request, response) => void handle(request, response));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
	executions.length = 0;
	crashes.length = 0;
});

function send(method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${origin}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const deliver = (body: string, headers: Record<string, string> = {}) => send('POST', '/webhook/fuzz', body, { 'kz-callback-token': CALLBACK_TOKEN, ...headers });

const event = (overrides: IDataObject = {}): IDataObject => ({
	objectId: FIELD_TEAM,
	objectType: 'Group',
	eventType: 'TextMessageCreated',
	eventId: `evt-${Math.random()}`,
	data: { text: 'hello' },
	fromUser: '+15550100002',
	...overrides,
});

/** Fixed texts the webhook may answer with; anything else would be an echo of the input. */
const OWN_ANSWERS = [
	'Unauthorized',
	'Expected a Kaizala event (a JSON object with eventType)',
	'Event ignored: not one this trigger subscribed to',
	'Duplicate event ignored',
	'Expected a validationToken query parameter',
	JSON.stringify({ message: 'Workflow was started' }),
	JSON.stringify({ accepted: 1 }),
];

const garbage: Array<[string, string]> = [
	['malformed JSON', '{"eventType": "TextMessageCreated", "objectId": '],
	['JSON null', 'null'],
	['a JSON string', '"TextMessageCreated"'],
	['a number', '42'],
	['an empty object', '{}'],
	['an array of numbers', JSON.stringify(Array.from({ length: 10_000 }, (_, i) => i))],
	['a huge array of non-events', JSON.stringify(Array.from({ length: 5_000 }, () => ({ type: 'x', payload: 'y'.repeat(20) })))],
	['eventType as a number', JSON.stringify(event({ eventType: 7 }))],
	['eventType as an array', JSON.stringify(event({ eventType: ['TextMessageCreated'] }))],
	['objectId as a number', JSON.stringify(event({ objectId: 12345 }))],
	['objectId as an object', JSON.stringify(event({ objectId: { id: FIELD_TEAM } }))],
	['no objectId', JSON.stringify(event({ objectId: undefined }))],
	['an unknown event type', JSON.stringify(event({ eventType: 'GroupDeleted' }))],
	['an event type with control characters', JSON.stringify(event({ eventType: 'TextMessageCreated\u0000' }))],
	['a documented type not subscribed to', JSON.stringify(event({ eventType: 'MemberRemoved' }))],
	['another group than the subscribed one', JSON.stringify(event({ objectId: OTHER_GROUP }))],
	['the right id with another object type', JSON.stringify(event({ objectType: 'Action' }))],
	['an array mixing a foreign event and junk', JSON.stringify([event({ objectId: OTHER_GROUP }), 5, null, 'x'])],
	['a prototype-pollution attempt', '{"__proto__": {"eventType": "TextMessageCreated"}, "constructor": {"prototype": {"x": 1}}}'],
];

describe('Kaizala Trigger: bad input at the door', () => {
	it.each(garbage)('%s: a 4xx or ignored, nothing starts, no crash, no echo', async (_name, body) => {
		const answer = await deliver(body);
		expect(crashes).toEqual([]);
		expect(answer.status === 200 || (answer.status >= 400 && answer.status < 500)).toBe(true);
		expect(OWN_ANSWERS).toContain(answer.body);
		expect(executions).toEqual([]);
		expect(({} as IDataObject).eventType).toBeUndefined();
	});

	it('a subscribed event about the subscribed group starts one execution with only that event', async () => {
		const good = event({ eventId: 'evt-good' });
		const answer = await deliver(JSON.stringify([event({ objectId: OTHER_GROUP }), good, event({ eventType: 'MemberRemoved' })]));
		expect(answer.status).toBe(200);
		expect(executions).toHaveLength(1);
		expect(executions[0].map((item) => item.json.eventId)).toEqual(['evt-good']);
		expect(executions[0][0].json).toMatchObject({ objectId: FIELD_TEAM, eventType: 'TextMessageCreated', groupId: FIELD_TEAM });
	});

	it('an event with a huge data array is still one item, and nothing crashes', async () => {
		const answer = await deliver(JSON.stringify(event({ data: { list: Array.from({ length: 100_000 }, (_, i) => i) } })));
		expect(answer.status).toBe(200);
		expect(crashes).toEqual([]);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toHaveLength(1);
	});

	it('without the right callback token (missing, wrong, 8 KB long, or as an array) nothing starts: 401', async () => {
		const body = JSON.stringify(event());
		const answers = [
			await send('POST', '/webhook/fuzz', body),
			await deliver(body, { 'kz-callback-token': 'wrong' }),
			await deliver(body, { 'kz-callback-token': 'x'.repeat(8_000) }),
			await deliver(body, { 'kz-callback-token': `${CALLBACK_TOKEN}, ${CALLBACK_TOKEN}` }),
		];
		expect(answers).toEqual(answers.map(() => ({ status: 401, body: 'Unauthorized' })));
		expect(executions).toEqual([]);
		expect(crashes).toEqual([]);
	});

	it('very long and very many headers: no crash, a subscribed event still goes through once', async () => {
		const headers = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`x-fuzz-${i}`, 'v'.repeat(100)]));
		const answer = await deliver(JSON.stringify(event()), { ...headers, 'user-agent': 'u'.repeat(4_000) });
		expect(answer.status).toBe(200);
		expect(executions).toHaveLength(1);
		// Beyond Node's header limit the HTTP layer refuses the request before n8n or the node.
		const tooLong = await deliver(JSON.stringify(event()), { 'x-huge': 'h'.repeat(20_000) });
		expect(tooLong.status).toBe(431);
		expect(executions).toHaveLength(1);
		expect(crashes).toEqual([]);
	});

	it.each([
		['a control character', 'abc\u0001def'],
		['a newline (header injection)', 'abc\r\nSet-Cookie: x=1'],
		['DEL', 'abc\u007f'],
		['an empty token', ''],
		['an over-long token', 't'.repeat(5_000)],
	])('validationToken with %s: 400, nothing echoed', async (_name, token) => {
		const answer = await send('GET', `/webhook/fuzz?validationToken=${encodeURIComponent(token)}`);
		expect(answer).toEqual({ status: 400, body: 'Expected a validationToken query parameter' });
		expect(executions).toEqual([]);
	});

	it('validationToken given twice (an array): 400; a plain token is echoed exactly', async () => {
		expect(await send('GET', '/webhook/fuzz?validationToken=a&validationToken=b')).toEqual({ status: 400, body: 'Expected a validationToken query parameter' });
		expect(await send('GET', '/webhook/fuzz?validationToken=Tok-123_abc')).toEqual({ status: 200, body: 'Tok-123_abc' });
		expect(crashes).toEqual([]);
	});
});
