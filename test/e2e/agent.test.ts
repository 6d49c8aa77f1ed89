/**
 * The Kaizala node as an AI Agent tool in a real n8n (2.41.0; 1.123.81 in npm run test:compat): n8n's AI Agent with its OpenAI Chat
 * Model, whose credential's base URL points at a scripted OpenAI-compatible server on loopback
 * (test/e2e/support/scriptedModel.ts: first a tool call, then a final message; no model, no
 * network). Second scenario: the human-review tool n8n generates from Message → Send and Wait
 * for Response gates the Kaizala tool; the test answers through the signed link. n8n 1.x has no
 * human-review tools (n8n 1.123.81 generates none from a `sendAndWait` operation): there that
 * scenario is skipped, the other two run. The AI Agent runs at typeVersion 3, which both lines have
 * (2.x's 3.1 is not in 1.123).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, startSandbox } from '../../sandbox';
import type { ChatRequest } from './support/scriptedModel';
import { lastToolResult, ScriptedModel } from './support/scriptedModel';
import { CREDENTIAL_ID, CREDENTIAL_NAME, EXAMPLES_DIR, freePort, installedN8nVersion, n8nCache, N8nHome, N8nRest } from './support/n8n';
import { answerLinks, answerOnPhone, Executions, lastOutputOf, stageWorkflows, submitAnswer, until } from './support/waiting';

let sandbox: KaizalaSandbox;
let model: ScriptedModel;
let n8n: N8nHome;
let api: N8nRest;
let staging: string;

const OWNER = { email: 'agent@kaizala.local', firstName: 'Agent', lastName: 'Owner', password: 'Kaizala-e2e-1' };
const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const OPENAI_CREDENTIAL = { id: 'kzScriptedModel1', name: 'Scripted model (loopback)' };
const SEND = 'POST /groups/:groupId/messages';

const kaizalaCredential = { kaizalaApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };

/** The review answered on a card in Kaizala, by the field lead only (issue 22). */
const CARD_REVIEW = {
	answerIn: 'card',
	approvers: { approver: [{ member: { __rl: true, mode: 'id', value: DEMO_USERS.fieldLead.mobileNumber } }] },
};

function agentWorkflow(id: string, withReview: boolean, review: Record<string, unknown> = {}) {
	const nodes: unknown[] = [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'agent',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3,
			position: [220, 0],
			parameters: { promptType: 'define', text: "Send 'Shift starts at 9' to Field Team", options: {} },
		},
		{
			id: 'model',
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.2,
			position: [120, 220],
			parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
			credentials: { openAiApi: OPENAI_CREDENTIAL },
		},
		{
			id: 'tool',
			name: 'Kaizala',
			type: 'n8n-nodes-kaizala.kaizalaTool',
			typeVersion: 1,
			position: [320, 220],
			parameters: {
				resource: 'message',
				operation: 'send',
				groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
				message: "={{ $fromAI('message', 'The text to send to the group', 'string') }}",
			},
			credentials: kaizalaCredential,
		},
	];
	const connections: Record<string, unknown> = {
		Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		Kaizala: { ai_tool: [[{ node: withReview ? 'Ask the field lead' : 'AI Agent', type: 'ai_tool', index: 0 }]] },
	};
	if (withReview) {
		nodes.push({
			id: 'review',
			name: 'Ask the field lead',
			type: 'n8n-nodes-kaizala.kaizalaHitlTool',
			typeVersion: 1,
			position: [420, 120],
			// n8n's default message renders `{{ $tool.parameters }}` as "[object Object]" (seen in 2.41.0), so name the field.
			parameters: {
				groupId: { __rl: true, mode: 'id', value: FIELD_TEAM },
				message: '=The agent wants to send "{{ $tool.parameters.message }}" to Field Team ({{ $tool.name }}). OK?',
				approvalOptions: { values: { approvalType: 'double' } },
				...review,
			},
			credentials: kaizalaCredential,
		});
		connections['Ask the field lead'] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
	}
	return { id, name: id, nodes, connections, settings: { executionOrder: 'v1' } };
}

let runs: Executions;

/**
 * The script: call the offered tool with the message, then report what the tool returned. A tool
 * behind n8n's human review takes its own arguments under `toolParameters` (and the review's
 * under `hitlParameters`), as the schema n8n offers says; the script follows that schema.
 */
function script() {
	return [
		{
			toolCall: (request: ChatRequest) => {
				const tool = request.tools![0].function;
				const reviewed = JSON.stringify(tool.parameters ?? {}).includes('"hitlParameters"');
				const own = { message: 'Shift starts at 9' };
				return { name: tool.name, arguments: reviewed ? { toolParameters: own, hitlParameters: {} } : own };
			},
		},
		{ reply: (request: ChatRequest) => `Sent 'Shift starts at 9' to Field Team. Kaizala answered: ${lastToolResult(request)}` },
	];
}

beforeAll(async () => {
	sandbox = await startSandbox({ throttle: false });
	model = await ScriptedModel.start(script());
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	staging = mkdtempSync(join(tmpdir(), 'kaizala-agent-'));
	const credentialFile = join(staging, 'openai.json');
	writeFileSync(credentialFile, JSON.stringify([{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted-not-a-key', url: model.url } }]), { mode: 0o600 });
	await n8n.cliOk(['import:credentials', `--input=${credentialFile}`]);
	rmSync(credentialFile);
	// The example as shipped, with the model credential set as its note asks (here: the scripted model).
	const example = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'ai-agent-kaizala-tool.json'), 'utf8')) as ReturnType<typeof agentWorkflow>;
	for (const node of example.nodes as Array<{ type: string; credentials?: unknown }>) {
		if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi') node.credentials = { openAiApi: OPENAI_CREDENTIAL };
	}
	await n8n.importWorkflowFiles(stageWorkflows(staging, [agentWorkflow('kzAgentTool00001', false), agentWorkflow('kzAgentReview001', true), agentWorkflow('kzAgentCardRvw01', true, CARD_REVIEW), example]));
	api = new N8nRest(await n8n.start(await freePort()));
	await api.setUpOwner(OWNER);
	runs = new Executions(api);
}, 420_000);

afterAll(async () => {
	await n8n?.remove();
	await model?.close();
	await sandbox?.close();
	if (staging) rmSync(staging, { recursive: true, force: true });
});

/** The review card of the current run, once its webhook is registered. */
async function reviewCard() {
	const webhook = await until(() => [...sandbox.state.webhooks.values()][0], 'the webhook on the review card');
	const card = sandbox.state.actions.get(webhook.objectId)!;
	expect(card.kind).toBe('Survey');
	expect(String(card.body.title)).toBe('The agent wants to send "Shift starts at 9" to Field Team (Kaizala). OK?');
	expect((card.body.questions as Array<{ options: Array<{ title: string }> }>)[0].options.map((option) => option.title)).toEqual(['Approve', 'Decline']);
	return card;
}

const n8nVersion = installedN8nVersion(n8nCache());
/** n8n 2.x generates `kaizalaHitlTool` from Message → Send and Wait for Response; 1.x does not. */
const withReviewTool = Number(n8nVersion.split('.')[0]) >= 2 ? it : it.skip;

describe(`the Kaizala node as an AI Agent tool in n8n ${n8nVersion}`, () => {
	it('the agent sends exactly the message through the Kaizala tool and reports it', async () => {
		sandbox.clearLog();
		model.reset(script());
		const done = await runs.ended(await runs.start('kzAgentTool00001'));
		expect(done.status).toBe('success');
		// What n8n offered the model.
		const tools = model.requests[0].tools!;
		expect(tools.map((tool) => [tool.function.name, tool.function.description])).toEqual([['Kaizala', 'Send a message in Kaizala']]);
		expect(JSON.stringify(tools[0].function.parameters)).toContain('The text to send to the group');
		// What reached Kaizala.
		const sent = sandbox.requests.filter((r) => r.route === SEND);
		expect(sent.map((r) => [r.path.endsWith(`/groups/${FIELD_TEAM}/messages`), r.body])).toEqual([[true, { message: 'Shift starts at 9' }]]);
		const [stored] = sandbox.state.messages.filter((message) => message.text === 'Shift starts at 9');
		// What the agent said.
		expect(model.requests).toHaveLength(2);
		expect(lastToolResult(model.requests[1])).toContain(stored.referenceId);
		expect(done.data).toContain(`Sent 'Shift starts at 9' to Field Team. Kaizala answered:`);
		expect(done.data).toContain(stored.referenceId);
	});

	withReviewTool('the human-review tool asks in Kaizala, the test approves through the signed link, the agent goes on', async () => {
		sandbox.clearLog();
		model.reset(script());
		const id = await runs.start('kzAgentReview001');
		await runs.waiting(id);
		const asked = sandbox.requests.filter((r) => r.route === SEND);
		expect(asked).toHaveLength(1);
		const question = String((asked[0].body as { message: string }).message);
		expect(question.split('\n')[0]).toBe('The agent wants to send "Shift starts at 9" to Field Team (Kaizala). OK?');
		const offered = model.requests[0].tools!.map((tool) => [tool.function.name, tool.function.description]);
		expect(offered).toEqual([['Kaizala', 'Send a message in Kaizala']]);
		const links = answerLinks(question);
		expect(Object.keys(links)).toEqual(['Approve', 'Decline']);

		const answer = await submitAnswer(links.Approve);
		expect(answer.status).toBe(200);
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		const sent = sandbox.requests.filter((r) => r.route === SEND).slice(1);
		expect(sent.map((r) => r.body)).toEqual([{ message: 'Shift starts at 9' }]);
		expect(model.requests).toHaveLength(2);
		expect(done.data).toContain(`Sent 'Shift starts at 9' to Field Team. Kaizala answered:`);
	});

	withReviewTool('the human-review tool answered on a Kaizala card: the field lead approves, the agent goes on', async () => {
		sandbox.clearLog();
		model.reset(script());
		const id = await runs.start('kzAgentCardRvw01');
		await runs.waiting(id);
		const card = await reviewCard();
		expect(sandbox.requests.filter((r) => r.route === SEND)).toHaveLength(0);
		expect(await answerOnPhone(sandbox.origin, card, DEMO_USERS.fieldLead.userId, ['Approve'])).toBe(303);
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		expect(sandbox.requests.filter((r) => r.route === SEND).map((r) => r.body)).toEqual([{ message: 'Shift starts at 9' }]);
		expect(lastOutputOf(done, 'Ask the field lead').map((item) => item.json.data)).toEqual([
			expect.objectContaining({ approved: true, answeredIn: 'card', responder: DEMO_USERS.fieldLead.mobileNumber }),
		]);
		expect(done.data).toContain(`Sent 'Shift starts at 9' to Field Team. Kaizala answered:`);
		await sandbox.webhookDeliveriesSettled();
		expect(sandbox.state.webhooks.size).toBe(0);
	});

	withReviewTool('the human-review card: an outsider\'s approval is ignored, the field lead declines, the tool never runs', async () => {
		sandbox.clearLog();
		model.reset(script());
		const id = await runs.start('kzAgentCardRvw01');
		await runs.waiting(id);
		const card = await reviewCard();
		expect(await answerOnPhone(sandbox.origin, card, DEMO_USERS.technician.userId, ['Approve'])).toBe(303);
		await sandbox.webhookDeliveriesSettled();
		expect((await runs.get(id)).status).toBe('waiting');
		expect(sandbox.requests.filter((r) => r.route === SEND)).toHaveLength(0);
		expect(await answerOnPhone(sandbox.origin, card, DEMO_USERS.fieldLead.userId, ['Decline'])).toBe(303);
		const done = await runs.ended(id);
		expect(done.status).toBe('success');
		expect(sandbox.requests.filter((r) => r.route === SEND)).toHaveLength(0);
		const [review] = lastOutputOf(done, 'Ask the field lead');
		expect(review.json.data).toMatchObject({ approved: false, answer: 'Decline', responder: DEMO_USERS.fieldLead.mobileNumber });
		expect(((review.json.data as { history: Array<{ responder: string; ignored: boolean }> }).history).map((entry) => [entry.responder, entry.ignored])).toEqual([
			[DEMO_USERS.technician.mobileNumber, true],
			[DEMO_USERS.fieldLead.mobileNumber, false],
		]);
		expect(model.requests).toHaveLength(2);
		await sandbox.webhookDeliveriesSettled();
		expect(sandbox.state.webhooks.size).toBe(0);
	});

	it('example "AI agent that messages the field team" runs once its model credential is set', async () => {
		sandbox.clearLog();
		model.reset(script());
		const done = await runs.ended(await runs.start('kzExampleAgent01'));
		expect(done.status).toBe('success');
		expect(model.requests[0].messages.map((message) => message.role)).toEqual(['system', 'user']);
		const sent = sandbox.requests.filter((r) => r.route === SEND);
		expect(sent.map((r) => r.body)).toEqual([{ message: 'Shift starts at 9' }]);
		expect(done.data).toContain(`Sent 'Shift starts at 9' to Field Team. Kaizala answered:`);
	});
});
