/**
 * The Kaizala Trigger's duplicate memory in a running n8n (`n8n start`, regular mode): events
 * delivered, n8n restarted, the same events delivered again (Kaizala delivers at least once) →
 * no new execution. Before the trigger answered accepted deliveries itself, n8n 2.41.0 never saved
 * the duplicate list when an event started an execution, and every repeat after a restart ran again.
 */
import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, startSandbox } from '../../sandbox';
import { freePort, N8nHome, N8nRest } from './support/n8n';

let sandbox: KaizalaSandbox;
let n8n: N8nHome;
let port: number;
let api: N8nRest;

const OWNER = { email: 'e2e@kaizala.local', firstName: 'E2E', lastName: 'Owner', password: 'Kaizala-e2e-1' };
const TRIGGER_WORKFLOW = 'kzExampleTrig001';
const EVENTS = 8;

async function startN8n(): Promise<void> {
	const baseUrl = await n8n.start(port);
	api = new N8nRest(baseUrl);
	if (await api.needsOwnerSetup()) await api.setUpOwner(OWNER);
	else await api.login(OWNER);
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	const deadline = Date.now() + 60_000;
	let value = await read();
	while (!done(value) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		value = await read();
	}
	if (!done(value)) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
	return value;
}

async function triggerExecutions(): Promise<number> {
	const page = await api.call<{ results: unknown[]; count?: number }>(
		'GET',
		`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: TRIGGER_WORKFLOW }))}&limit=100`,
	);
	return page.results.length;
}

beforeAll(async () => {
	sandbox = await startSandbox({ throttle: false, webhookValidation: true });
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	await n8n.importWorkflows();
	port = await freePort();
	await startN8n();
});

afterAll(async () => {
	await n8n?.remove();
	await sandbox?.close();
});

describe('Kaizala Trigger across an n8n restart', () => {
	it('events delivered, n8n restarted, the same events again: no new execution; accepted deliveries answered with a body that says so', async () => {
		const workflow = await api.call<{ versionId: string }>('GET', `/workflows/${TRIGGER_WORKFLOW}`);
		await api.call('POST', `/workflows/${TRIGGER_WORKFLOW}/activate`, { versionId: workflow.versionId });
		const [webhook] = await until('the Kaizala webhook', async () => [...sandbox.state.webhooks.values()], (hooks) => hooks.length === 1);

		// One real event (a message sent by another workflow), then copies with their own ids.
		expect((await api.runWorkflow('kzExampleMsg0001')).status).toBe('success');
		await sandbox.webhookDeliveriesSettled();
		const [first] = sandbox.state.webhookDeliveries;
		expect(first.status).toBe('delivered');
		const events = Array.from({ length: EVENTS - 1 }, (_, n) => ({
			...first.payload,
			eventId: `${String(first.payload.eventId).slice(0, -4)}${String(n).padStart(4, '0')}`,
		}));
		const deliver = async (event: Record<string, unknown>) => {
			const response = await fetch(webhook.callbackUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'kz-callback-token': webhook.callbackToken },
				body: JSON.stringify(event),
			});
			return { status: response.status, text: await response.text() };
		};
		// One after the other, as in the measurement.
		const answers = [];
		for (const event of events) answers.push(await deliver(event));
		expect(answers).toEqual(events.map(() => ({ status: 200, text: JSON.stringify({ accepted: 1 }) })));
		await until('one execution per event', triggerExecutions, (count) => count >= EVENTS);
		expect(await triggerExecutions()).toBe(EVENTS);

		await n8n.stop();
		await startN8n();

		const again = [];
		for (const event of [first.payload, ...events]) again.push(await deliver(event));
		expect(again).toEqual([first.payload, ...events].map(() => ({ status: 200, text: 'Duplicate event ignored' })));
		// A new event still starts one, so the repeats above were judged, not merely lost.
		const fresh = { ...first.payload, eventId: `${String(first.payload.eventId).slice(0, -4)}ffff` };
		expect(await deliver(fresh)).toEqual({ status: 200, text: JSON.stringify({ accepted: 1 }) });
		await until('the new event\'s execution', triggerExecutions, (count) => count >= EVENTS + 1);
		expect(await triggerExecutions()).toBe(EVENTS + 1);
	});
});
