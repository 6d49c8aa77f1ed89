/**
 * Pacing across the cluster at the defaults: every process paces itself at Kaizala's 100 calls per
 * minute per connector (its own limiter; processes do not see each other's calls), no share set in
 * the credential. One bulk job on an idle cluster then runs at the limit; two jobs at once on two
 * workers meet a few 429s, each of which pauses that worker for Retry-After and sends the call
 * again: every message arrives once, no item fails.
 */
import type { KaizalaSandbox } from '../../../sandbox';
import { DEMO_CONNECTOR, startSandbox } from '../../../sandbox';
import type { QueueCluster } from '../support/cluster';
import type { ExecutionDetail } from '../support/executions';
import { getExecution, outputOf, processOf, waitForExecutions } from '../support/executions';
import { achievedRate, busiestMinute } from '../../helpers/rateWindows';

const BURST = 'kzQueueBurst0001';
const SEND_ROUTE = 'POST /groups/:groupId/messages';
const LIMIT = 100;

interface JobRun {
	details: ExecutionDetail[];
	sends: KaizalaSandbox['requests'];
	elapsedMs: number;
}

export function pacingScenarios(clusterOf: () => QueueCluster): void {
	describe('pacing in queue mode, at the defaults', () => {
		let sandbox: KaizalaSandbox;
		let cluster: QueueCluster;

		beforeAll(async () => {
			cluster = clusterOf();
			sandbox = await startSandbox({ throttle: { perConnectorPerMinute: LIMIT, perTenantPerMinute: 300 } });
			// The defaults: Custom Call Limits off.
			await cluster.editCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
			await cluster.publish(BURST, 'kz-queue-burst');
		});

		afterAll(async () => {
			await cluster.unpublish(BURST).catch(() => undefined);
			await sandbox?.close();
		});

		/** Starts `jobs` executions at once, each sending `perJob` messages; waits for them all. */
		async function runJobs(tag: string, jobs: number, perJob: number): Promise<JobRun> {
			const before = (await waitForExecutions(cluster.api, BURST, 0)).length;
			sandbox.clearLog();
			const started = Date.now();
			const answers = await Promise.all(
				Array.from({ length: jobs }, (_, job) => cluster.callWebhook('kz-queue-burst', { items: Array.from({ length: perJob }, (_, item) => `${tag}-${job}-${item}`) })),
			);
			expect(answers.map((answer) => answer.status)).toEqual(Array(jobs).fill(200));
			const executions = (await waitForExecutions(cluster.api, BURST, before + jobs, 280_000)).slice(0, jobs);
			const details = await Promise.all(executions.map((execution) => getExecution(cluster.api, execution.id)));
			return { details, sends: sandbox.requests.filter((request) => request.route === SEND_ROUTE), elapsedMs: Date.now() - started };
		}

		function figuresOf(run: JobRun, tag: string) {
			const accepted = run.sends.filter((request) => request.status === 200);
			const first = run.sends[0]?.time ?? 0;
			const texts = sandbox.state.messages.map((message) => message.text).filter((text) => text.startsWith(`queue item ${tag}-`));
			return {
				sends: run.sends.length,
				accepted: accepted.length,
				throttled: run.sends.length - accepted.length,
				// All items are ready once the first call went: the fastest schedule over the one seen.
				achievedRate: Math.round(1000 * achievedRate(accepted.map((r) => r.time), accepted.map(() => first), LIMIT, first)) / 10,
				busiestMinute: busiestMinute(accepted.map((request) => request.time)),
				elapsedSeconds: Math.round(run.elapsedMs / 1000),
				delivered: texts.length,
				distinct: new Set(texts).size,
				processes: run.details.map(processOf),
				statuses: run.details.map((detail) => detail.status),
				failedItems: run.details.flatMap((detail) => outputOf(detail, 'Send message').filter((item) => item.error !== undefined)).length,
				budgetWaitMs: run.details.map((detail) => detail.customData.kaizala_budget_wait_ms ?? '0'),
				waitedCalls: run.details.map((detail) => detail.customData.kaizala_budget_waited_calls ?? '0'),
			};
		}

		it('one bulk job on an idle cluster (150 messages) runs at ≥ 95 % of the limit, every message once', async () => {
			const run = await runJobs('solo', 1, 150);
			const figures = figuresOf(run, 'solo');
			console.log(`queue pacing, one job at the defaults: ${JSON.stringify(figures)}`);
			expect(figures.statuses).toEqual(['success']);
			expect(figures.delivered).toBe(150);
			expect(figures.distinct).toBe(150);
			expect(figures.busiestMinute).toBeLessThanOrEqual(LIMIT);
			expect(figures.achievedRate).toBeGreaterThanOrEqual(95);
		}, 300_000);

		it('two jobs at once on two workers (2 × 75 messages): every message once, none failed, 429s absorbed', async () => {
			const run = await runJobs('pair', 2, 75);
			const figures = figuresOf(run, 'pair');
			console.log(`queue pacing, two jobs on two workers at the defaults: ${JSON.stringify(figures)}`);
			expect(figures.statuses).toEqual(['success', 'success']);
			expect(new Set(figures.processes)).toEqual(new Set(['worker-1', 'worker-2']));
			expect(figures.failedItems).toBe(0);
			expect(figures.delivered).toBe(150);
			expect(figures.distinct).toBe(150);
			// What a 429 costs: the refused call was not processed and was sent again.
			expect(figures.accepted).toBe(150);
			expect(figures.busiestMinute).toBeLessThanOrEqual(LIMIT);
		}, 300_000);
	});
}
