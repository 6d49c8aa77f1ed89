/**
 * A worker stopped in the middle of a bulk send (SIGKILL as an OOM kill does, SIGTERM as a
 * deploy does), then the workflow fired again, as a user would. With an Idempotency Key every
 * message reaches Kaizala at most once, every item not reported uncertain exactly once, and at
 * most one item (the send on the wire) is reported uncertain. Without a key, the second run
 * sends again what the first had sent: the test measures how many. Two more measure what n8n's
 * lock-free processed-items store does with executions of the node running at the same time
 * (README "Two executions with the same key at once").
 */
import type { KaizalaSandbox } from '../../../sandbox';
import { DEMO_CONNECTOR, startSandbox } from '../../../sandbox';
import type { ClusterProcess, QueueCluster } from '../support/cluster';
import type { ExecutionSummary } from '../support/executions';
import { getExecution, listExecutions, outputOf, waitForExecutions } from '../support/executions';
import { until } from '../support/until';

const WITH_KEY = { workflowId: 'kzQueueBulkKey01', path: 'kz-queue-bulk-key' };
const WITHOUT_KEY = { workflowId: 'kzQueueBulkNoKey', path: 'kz-queue-bulk-plain' };
const SEND = 'POST /groups/:groupId/messages';
/** Each send takes this long at the sandbox, so the job is still running when the worker stops. */
const SEND_DELAY_MS = 300;

export function crashScenarios(clusterOf: () => QueueCluster): void {
	describe('a worker stopped mid bulk send, the workflow fired again', () => {
		let sandbox: KaizalaSandbox;
		let cluster: QueueCluster;

		beforeAll(async () => {
			cluster = clusterOf();
			sandbox = await startSandbox({ throttle: false });
			sandbox.faults.add({ path: SEND, delayMs: SEND_DELAY_MS, times: 100_000 });
			await cluster.editCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
			await cluster.publish(WITH_KEY.workflowId, WITH_KEY.path);
			await cluster.publish(WITHOUT_KEY.workflowId, WITHOUT_KEY.path);
		});

		afterAll(async () => {
			await cluster.unpublish(WITH_KEY.workflowId).catch(() => undefined);
			await cluster.unpublish(WITHOUT_KEY.workflowId).catch(() => undefined);
			await sandbox?.close();
		});

		/** Messages the sandbox accepted, per text. */
		function acceptedTexts(batch: string): Map<string, number> {
			const counts = new Map<string, number>();
			for (const message of sandbox.state.messages) {
				if (!message.text.startsWith(`bulk ${batch} `)) continue;
				counts.set(message.text, (counts.get(message.text) ?? 0) + 1);
			}
			return counts;
		}

		/** Fires the workflow, stops the worker running it once `stopAfter` messages are in, returns what it saw. */
		async function fireAndStop(target: typeof WITH_KEY, batch: string, items: number, stopAfter: number, signal: 'SIGKILL' | 'SIGTERM') {
			const before = new Set((await listExecutions(cluster.api, target.workflowId)).map((execution) => execution.id));
			const body = { batch, items: Array.from({ length: items }, (_, n) => `m${n}`) };
			expect((await cluster.callWebhook(target.path, body)).status).toBe(200);
			let first: ExecutionSummary | undefined;
			await until(async () => {
				first = (await listExecutions(cluster.api, target.workflowId)).find((execution) => !before.has(execution.id));
				return first !== undefined;
			}, 'the execution', 120_000);
			await until(() => [...acceptedTexts(batch).values()].reduce((a, b) => a + b, 0) >= stopAfter, `${stopAfter} messages`, 120_000);
			await until(() => Object.values(cluster.executionsStartedBy()).some((ids) => ids.includes(first!.id)), 'the worker that runs it');
			const worker = cluster.workers.find((candidate) => cluster.executionsStartedBy()[candidate.name].includes(first!.id)) as ClusterProcess;
			const acceptedAtStop = [...acceptedTexts(batch).values()].reduce((a, b) => a + b, 0);
			const pid = worker.home.serverPid as number;
			// SIGKILL: the whole process group, as the kernel's OOM killer takes a container.
			process.kill(signal === 'SIGKILL' ? -pid : pid, signal);
			await worker.home.serverExited();
			const acceptedAfterStop = [...acceptedTexts(batch).values()].reduce((a, b) => a + b, 0);
			return { first: first!, worker, body, acceptedAtStop, acceptedAfterStop, before };
		}

		async function fireAgain(target: typeof WITH_KEY, body: unknown, known: Set<string>) {
			expect((await cluster.callWebhook(target.path, body)).status).toBe(200);
			let second: ExecutionSummary | undefined;
			await until(async () => {
				second = (await listExecutions(cluster.api, target.workflowId)).find(
					(execution) => !known.has(execution.id) && !['new', 'running', 'waiting', 'unknown'].includes(execution.status),
				);
				return second !== undefined;
			}, 'the second execution to finish', 240_000);
			return await getExecution(cluster.api, second!.id);
		}

		for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
			it(`with a key (${signal}): each message accepted once, at most one reported uncertain`, async () => {
				// SIGTERM lets the worker finish for n8n's graceful shutdown timeout (30 s): the job must outlast it.
				const items = signal === 'SIGKILL' ? 40 : 140;
				const batch = `key-${signal}`;
				const stopped = await fireAndStop(WITH_KEY, batch, items, 8, signal);
				const known = new Set([...stopped.before, stopped.first.id]);
				const second = await fireAgain(WITH_KEY, stopped.body, known);
				await cluster.restartWorker(stopped.worker);

				const output = outputOf(second, 'Send message');
				const uncertain = output.filter((item) => /may or may not have been sent/.test(String(item.error ?? '')));
				const skipped = output.filter((item) => item.skipped === true);
				const sent = output.filter((item) => typeof item.referenceId === 'string' && item.skipped !== true);
				const counts = acceptedTexts(batch);
				const keyOf = (item: Record<string, unknown>) => /idempotency key "([^"]+)"/.exec(String(item.error))?.[1] ?? '';
				const uncertainTexts = new Set(uncertain.map((item) => `bulk ${batch} item ${keyOf(item).split('-').pop()}`));
				const figures = {
					items,
					acceptedAtStop: stopped.acceptedAtStop,
					acceptedByTheStoppedWorker: stopped.acceptedAfterStop,
					secondRun: { skipped: skipped.length, sent: sent.length, uncertain: uncertain.length },
					accepted: [...counts.values()].reduce((a, b) => a + b, 0),
					acceptedTwice: [...counts.values()].filter((count) => count > 1).length,
					neverAccepted: items - counts.size,
				};
				console.log(`queue crash with a key (${signal}): ${JSON.stringify(figures)}`);
				expect(output).toHaveLength(items);
				expect(figures.acceptedTwice).toBe(0);
				expect(uncertain.length).toBeLessThanOrEqual(1);
				expect(skipped.length + sent.length + uncertain.length).toBe(items);
				// Every item not reported uncertain reached Kaizala exactly once.
				for (let n = 0; n < items; n++) {
					const text = `bulk ${batch} item m${n}`;
					if (!uncertainTexts.has(text)) expect([text, counts.get(text)]).toEqual([text, 1]);
				}
			}, 400_000);
		}

		// n8n's processed-items store reads a node's list and writes it back with no lock: measured here.
		it('two executions at once with the same keys (the store has no lock): figures', async () => {
			const items = 20;
			const batch = 'race';
			const known = new Set((await listExecutions(cluster.api, WITH_KEY.workflowId)).map((execution) => execution.id));
			const body = { batch, items: Array.from({ length: items }, (_, n) => `m${n}`) };
			const answers = await Promise.all([cluster.callWebhook(WITH_KEY.path, body), cluster.callWebhook(WITH_KEY.path, body)]);
			expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
			const executions = (await waitForExecutions(cluster.api, WITH_KEY.workflowId, known.size + 2, 240_000)).filter((execution) => !known.has(execution.id));
			const details = await Promise.all(executions.map((execution) => getExecution(cluster.api, execution.id)));
			const outputs = details.map((detail) => outputOf(detail, 'Send message'));
			const counts = acceptedTexts(batch);
			const sentByBoth = outputs.flat().filter((item) => typeof item.referenceId === 'string').length;
			const figures = {
				items,
				accepted: [...counts.values()].reduce((a, b) => a + b, 0),
				acceptedTwice: [...counts.values()].filter((count) => count > 1).length,
				perExecution: outputs.map((output) => ({
					sent: output.filter((item) => typeof item.referenceId === 'string').length,
					skipped: output.filter((item) => item.skipped === true).length,
					uncertain: output.filter((item) => /may or may not have been sent/.test(String(item.error ?? ''))).length,
				})),
			};
			console.log(`queue race, same keys in two executions at once: ${JSON.stringify(figures)}`);
			expect(counts.size).toBe(items);
			// Every message Kaizala accepted is one the node reported as sent.
			expect(figures.accepted).toBe(sentByBoth);
			expect(outputs.map((output) => output.length)).toEqual([items, items]);
		}, 400_000);

		it('many executions at once, one key each (concurrent writes to one list): figures; every resend is one the node reported as sent', async () => {
			const executionsAtOnce = 20;
			const batch = 'many';
			const known = new Set((await listExecutions(cluster.api, WITH_KEY.workflowId)).map((execution) => execution.id));
			const fire = () =>
				Promise.all(Array.from({ length: executionsAtOnce }, (_, n) => cluster.callWebhook(WITH_KEY.path, { batch, items: [`m${n}`] })));
			await fire();
			await waitForExecutions(cluster.api, WITH_KEY.workflowId, known.size + executionsAtOnce, 240_000);
			const firstCounts = acceptedTexts(batch);
			// Again, one execution for all keys: what the ledger kept of the concurrent writes.
			const again = await fireAgain(WITH_KEY, { batch, items: Array.from({ length: executionsAtOnce }, (_, n) => `m${n}`) }, new Set((await listExecutions(cluster.api, WITH_KEY.workflowId)).map((execution) => execution.id)));
			const output = outputOf(again, 'Send message');
			const counts = acceptedTexts(batch);
			const figures = {
				executionsAtOnce,
				acceptedFirst: firstCounts.size,
				second: {
					skipped: output.filter((item) => item.skipped === true).length,
					resent: output.filter((item) => typeof item.referenceId === 'string' && item.skipped !== true).length,
					uncertain: output.filter((item) => /may or may not have been sent/.test(String(item.error ?? ''))).length,
				},
				acceptedTwice: [...counts.values()].filter((count) => count > 1).length,
			};
			console.log(`queue race, ${executionsAtOnce} executions at once with one key each, then all keys again: ${JSON.stringify(figures)}`);
			expect(firstCounts.size).toBe(executionsAtOnce);
			expect(figures.second.resent).toBe(figures.acceptedTwice);
			expect(output).toHaveLength(executionsAtOnce);
		}, 400_000);

		it('without a key (SIGKILL): the second run sends again what the first had sent', async () => {
			const items = 40;
			const batch = 'plain';
			const stopped = await fireAndStop(WITHOUT_KEY, batch, items, 8, 'SIGKILL');
			const known = new Set([...stopped.before, stopped.first.id]);
			await fireAgain(WITHOUT_KEY, stopped.body, known);
			await cluster.restartWorker(stopped.worker);
			const counts = acceptedTexts(batch);
			const acceptedTwice = [...counts.values()].filter((count) => count > 1).length;
			// What the first run got accepted: everything before the second run's first message (m0 again).
			// A send on the wire when the worker died can reach the sandbox after its exit was seen, so this
			// may be one more than acceptedAfterStop, as the keyed case's one uncertain item is.
			const texts = sandbox.state.messages.filter((message) => message.text.startsWith(`bulk ${batch} `)).map((message) => message.text);
			const firstItem = `bulk ${batch} item m0`;
			const acceptedByFirstRun = texts.indexOf(firstItem, texts.indexOf(firstItem) + 1);
			console.log(`queue crash without a key (SIGKILL): ${JSON.stringify({ items, acceptedByTheStoppedWorker: stopped.acceptedAfterStop, acceptedByFirstRun, acceptedTwice, accepted: texts.length })}`);
			expect(counts.size).toBe(items);
			expect(acceptedByFirstRun - stopped.acceptedAfterStop).toBeGreaterThanOrEqual(0);
			expect(acceptedByFirstRun - stopped.acceptedAfterStop).toBeLessThanOrEqual(1);
			expect(acceptedTwice).toBe(acceptedByFirstRun);
		}, 400_000);
	});
}
