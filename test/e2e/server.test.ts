/**
 * A running n8n (`n8n start` on loopback) executing the example workflows through its REST API,
 * several at once: the server process makes one token exchange between them.
 */
import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, startSandbox } from '../../sandbox';
import { freePort, N8nHome, N8nRest } from './support/n8n';

let sandbox: KaizalaSandbox;
let n8n: N8nHome;
let baseUrl: string;
let api: N8nRest;

const OWNER = { email: 'e2e@kaizala.local', firstName: 'E2E', lastName: 'Owner', password: 'Kaizala-e2e-1' };

const rest = <T>(method: string, path: string, body?: unknown): Promise<T> => api.call<T>(method, path, body);
const runWorkflow = (workflowId: string): Promise<{ status: string; id: string }> => api.runWorkflow(workflowId);

beforeAll(async () => {
	// Webhook registrations go through the validationToken handshake, as on the real platform.
	sandbox = await startSandbox({ throttle: false, webhookValidation: true });
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	await n8n.importWorkflows();
	baseUrl = await n8n.start(await freePort());
	api = new N8nRest(baseUrl);
	expect(await api.needsOwnerSetup()).toBe(true);
	await api.setUpOwner(OWNER);
	expect(await api.needsOwnerSetup()).toBe(false);
});

afterAll(async () => {
	await n8n?.remove();
	await sandbox?.close();
});

describe('n8n start', () => {
	it('runs the example workflows several at once with one token exchange between them', async () => {
		sandbox.clearLog();
		const runs = await Promise.all([
			runWorkflow('kzExampleMsg0001'),
			runWorkflow('kzExampleMsg0001'),
			runWorkflow('kzExampleToken01'),
			runWorkflow('kzExampleHttp001'),
			runWorkflow('kzExampleMsg0001'),
		]);
		expect(runs.map((run) => run.status)).toEqual(Array(5).fill('success'));
		expect(sandbox.requests.filter((r) => r.route === 'GET /accessToken')).toHaveLength(1);
		const messages = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages');
		expect(messages.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(messages.every((r) => r.path.includes(DEMO_GROUPS.fieldTeam.groupId))).toBe(true);
		expect(sandbox.requests.filter((r) => r.route === 'GET /groups').map((r) => r.accessTokenState)).toEqual(['valid', 'valid']);
		expect(sandbox.requests.filter((r) => r.accessTokenState === 'expired' || r.status === 401)).toEqual([]);
	});

	it('keeps serving from the cache: a second wave makes no exchange at all', async () => {
		sandbox.clearLog();
		const runs = await Promise.all([runWorkflow('kzExampleMsg0001'), runWorkflow('kzExampleToken01')]);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
		expect(sandbox.requests.filter((r) => r.route === 'GET /accessToken')).toHaveLength(0);
	});
});

describe('Kaizala Trigger in a running n8n', () => {
	const TRIGGER_WORKFLOW = 'kzExampleTrig001';

	it('activation registers a Kaizala webhook, and a message in the group starts an execution', async () => {
		sandbox.clearLog();
		const workflow = await rest<{ versionId: string }>('GET', `/workflows/${TRIGGER_WORKFLOW}`);
		await rest('POST', `/workflows/${TRIGGER_WORKFLOW}/activate`, { versionId: workflow.versionId });
		// n8n 2.41 answers the activation before it has registered the trigger's webhooks.
		const registrationDeadline = Date.now() + 30_000;
		while (Date.now() < registrationDeadline && !sandbox.requests.some((r) => r.route === 'POST /webhook' && r.status !== 0)) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}

		const registered = sandbox.requests.filter((r) => r.route === 'POST /webhook');
		expect(registered.map((r) => r.status)).toEqual([200]);
		expect(registered[0].body).toMatchObject({
			objectId: DEMO_GROUPS.fieldTeam.groupId,
			objectType: 'Group',
			eventTypes: ['TextMessageCreated'],
			callBackUrl: expect.stringContaining(`${baseUrl}/webhook/`),
		});

		// A message sent by another workflow makes the sandbox deliver the event to n8n.
		expect((await runWorkflow('kzExampleMsg0001')).status).toBe('success');
		await sandbox.webhookDeliveriesSettled();
		const deadline = Date.now() + 30_000;
		let executions: Array<{ status: string; mode: string }> = [];
		while (Date.now() < deadline) {
			const page = await rest<{ results: Array<{ status: string; mode: string }> }>(
				'GET',
				`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: TRIGGER_WORKFLOW }))}`,
			);
			executions = page.results;
			if (executions.some((e) => e.status === 'success')) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		expect(executions.filter((e) => e.status === 'success').map((e) => e.mode)).toEqual(['webhook']);

		// Deactivation removes the Kaizala webhook again.
		sandbox.clearLog();
		await rest('POST', `/workflows/${TRIGGER_WORKFLOW}/deactivate`, {});
		const deletionDeadline = Date.now() + 30_000;
		while (Date.now() < deletionDeadline && !sandbox.requests.some((r) => r.method === 'DELETE' && r.status !== 0)) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		expect(sandbox.requests.filter((r) => r.method === 'DELETE' && r.route?.startsWith('DELETE /webhook')).map((r) => r.status)).toEqual([200]);
	});
});
