/**
 * Pacing across the cluster. Each n8n process paces itself (its own limiter); the connector's
 * platform limit is shared between the workers by giving each process a share in the credential:
 * with two workers, Calls per Minute (Connector) = 50 of Kaizala's 100. A bulk run of 130 messages
 * then crosses a minute boundary without a single 429: at most 100 calls reach the sandbox in any
 * minute, the rest wait for the window.
 */
import type { KaizalaSandbox } from '../../../sandbox';
import { DEMO_CONNECTOR, startSandbox } from '../../../sandbox';
import type { QueueCluster } from '../support/cluster';
import { getExecution, processOf, waitForExecutions } from '../support/executions';
import { busiestMinute } from '../../helpers/rateWindows';

const BURST = 'kzQueueBurst0001';
const MINUTE = 60_000;

export function pacingScenarios(clusterOf: () => QueueCluster): void {
	describe('pacing in queue mode', () => {
		let sandbox: KaizalaSandbox;
		let cluster: QueueCluster;

		beforeAll(async () => {
			cluster = clusterOf();
			sandbox = await startSandbox({ throttle: { perConnectorPerMinute: 100, perTenantPerMinute: 300 } });
			await cluster.editCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot }, { customCallLimits: true, connectorCallsPerMinute: 50, tenantCallsPerMinute: 150 });
			await cluster.publish(BURST, 'kz-queue-burst');
		});

		afterAll(async () => {
			await cluster.unpublish(BURST).catch(() => undefined);
			await sandbox?.close();
		});

		it('two workers with a 50/min share each send 130 messages with 0 429s and at most 100 in any minute', async () => {
			const before = (await waitForExecutions(cluster.api, BURST, 0)).length;
			sandbox.clearLog();
			const calls = 26;
			const started = Date.now();
			const answers = await Promise.all(
				Array.from({ length: calls }, (_, call) => cluster.callWebhook('kz-queue-burst', { items: Array.from({ length: 5 }, (_, item) => `paced-${call}-${item}`) })),
			);
			expect(answers.map((answer) => answer.status)).toEqual(Array(calls).fill(200));
			const executions = (await waitForExecutions(cluster.api, BURST, before + calls, 200_000)).slice(0, calls);
			const elapsedMs = Date.now() - started;
			const details = await Promise.all(executions.map((execution) => getExecution(cluster.api, execution.id)));
			const sends = sandbox.requests.filter((request) => request.route === 'POST /groups/:groupId/messages');
			const byWorker = (name: string) => sends.filter((request) => String((request.body as { message?: string }).message).endsWith(`via ${name}`));
			const firstMinute = sends.filter((request) => request.time - sends[0].time < MINUTE).length;
			const figures = {
				sends: sends.length,
				throttled: sends.filter((request) => request.status === 429).length,
				busiestMinute: busiestMinute(sends.filter((request) => request.status === 200).map((request) => request.time)),
				firstMinute,
				perWorker: { 'worker-1': byWorker('worker-1').length, 'worker-2': byWorker('worker-2').length },
				busiestMinutePerWorker: { 'worker-1': busiestMinute(byWorker('worker-1').map((r) => r.time)), 'worker-2': busiestMinute(byWorker('worker-2').map((r) => r.time)) },
				elapsedSeconds: Math.round(elapsedMs / 1000),
				callsPerMinute: Math.round((sends.length / elapsedMs) * MINUTE),
			};
			console.log(`queue pacing: ${JSON.stringify(figures)}`);
			expect(details.map((detail) => detail.status)).toEqual(Array(calls).fill('success'));
			expect(new Set(details.map(processOf))).toEqual(new Set(['worker-1', 'worker-2']));
			expect(figures.throttled).toBe(0);
			expect(sends).toHaveLength(calls * 5);
			expect(figures.busiestMinute).toBeLessThanOrEqual(100);
			expect(figures.busiestMinutePerWorker['worker-1']).toBeLessThanOrEqual(50);
			expect(figures.busiestMinutePerWorker['worker-2']).toBeLessThanOrEqual(50);
		}, 300_000);
	});
}
