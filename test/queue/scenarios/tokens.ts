/**
 * Tokens across a queue-mode cluster: many executions at once on two workers share the
 * connector's token exchanges, and a worker that joins later adopts the session the others
 * persisted in the credential.
 */
import type { KaizalaSandbox } from '../../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, startSandbox } from '../../../sandbox';
import type { QueueCluster } from '../support/cluster';
import { CREDENTIAL_ID, ENCRYPTION_KEY } from '../support/cluster';
import { credentialWrites, exchangesByProcess, lastCredentialWriteSeq } from '../support/credentialWrites';
import { getExecution, processOf, waitForExecutions } from '../support/executions';

const BURST = 'kzQueueBurst0001';

export function tokenScenarios(clusterOf: () => QueueCluster): void {
	describe('tokens in queue mode', () => {
		let sandbox: KaizalaSandbox;
		let cluster: QueueCluster;

		beforeAll(async () => {
			cluster = clusterOf();
			sandbox = await startSandbox({ throttle: false });
			await cluster.editCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
			await cluster.publish(BURST, 'kz-queue-burst');
		});

		afterAll(async () => {
			await cluster.unpublish(BURST).catch(() => undefined);
			await sandbox?.close();
		});

		/** Message → Send requests the sandbox answered, with the process named in each text and the token sent. */
		function sentMessages() {
			return sandbox.requests
				.filter((request) => request.route === 'POST /groups/:groupId/messages')
				.map((request) => {
					const text = String((request.body as { message?: string })?.message ?? '');
					return { status: request.status, text, process: /via (\S+)$/.exec(text)?.[1], accessToken: request.headers.accesstoken };
				});
		}

		const exchanges = () => sandbox.requests.filter((request) => request.route === 'GET /accessToken');

		it('runs a burst of webhook executions on both workers: every item sent, at most one exchange per worker', async () => {
			sandbox.clearLog();
			const writesBefore = lastCredentialWriteSeq(cluster.postgres);
			const before = (await waitForExecutions(cluster.api, BURST, 0)).length;
			// Each message takes a moment on the platform, so executions overlap and both workers get some.
			sandbox.faults.add({ method: 'POST', path: 'POST /groups/:groupId/messages', delayMs: 150, times: 1000 });
			const calls = 16;
			const itemsPerCall = 3;
			const answers = await Promise.all(
				Array.from({ length: calls }, (_, call) =>
					cluster.callWebhook('kz-queue-burst', { items: Array.from({ length: itemsPerCall }, (_, item) => `${call}-${item}`) }),
				),
			);
			expect(answers.map((answer) => answer.status)).toEqual(Array(calls).fill(200));

			const executions = (await waitForExecutions(cluster.api, BURST, before + calls)).slice(0, calls);
			sandbox.faults.clear();
			expect(executions.map((execution) => execution.status)).toEqual(Array(calls).fill('success'));
			expect(new Set(executions.map((execution) => execution.mode))).toEqual(new Set(['webhook']));

			// Which worker ran what, from n8n's saved executions; the workers' own logs agree.
			const details = await Promise.all(executions.map((execution) => getExecution(cluster.api, execution.id)));
			const ranBy = Object.fromEntries(details.map((detail) => [detail.id, processOf(detail)]));
			const startedBy = cluster.executionsStartedBy();
			for (const [worker, ids] of Object.entries(startedBy)) {
				for (const id of ids.filter((started) => started in ranBy)) expect(ranBy[id]).toBe(worker);
			}
			const perWorker = (name: string) => Object.values(ranBy).filter((process) => process === name).length;
			expect(perWorker('worker-1') + perWorker('worker-2')).toBe(calls);
			expect(perWorker('worker-1')).toBeGreaterThan(0);
			expect(perWorker('worker-2')).toBeGreaterThan(0);

			// Every item reached Kaizala once, from the worker that ran it.
			const messages = sentMessages();
			expect(messages).toHaveLength(calls * itemsPerCall);
			expect(messages.every((message) => message.status === 200)).toBe(true);
			expect(new Set(messages.map((message) => message.text)).size).toBe(calls * itemsPerCall);
			expect(sandbox.state.messages.filter((message) => message.groupId === DEMO_GROUPS.fieldTeam.groupId && /^queue item/.test(String(message.text ?? ''))).length).toBeGreaterThanOrEqual(calls * itemsPerCall);

			// Token exchanges: at most one per worker for this token lifetime. Who exchanged is read
			// from n8n's database: the first write of each new session names the process.
			const exchangedBy = exchangesByProcess(credentialWrites(cluster.postgres, ENCRYPTION_KEY, CREDENTIAL_ID, writesBefore));
			const figures = {
				executions: { 'worker-1': perWorker('worker-1'), 'worker-2': perWorker('worker-2') },
				exchangesSeenBySandbox: exchanges().length,
				exchangedBy,
			};
			console.log(`queue tokens: ${JSON.stringify(figures)}`);
			expect(exchanges().length).toBeGreaterThanOrEqual(1);
			expect(exchanges().length).toBeLessThanOrEqual(2);
			expect(Object.values(exchangedBy).reduce((sum, count) => sum + count, 0)).toBe(exchanges().length);
			for (const [process, count] of Object.entries(exchangedBy)) {
				expect([process, count]).toEqual([expect.stringMatching(/^worker-[12]$/), 1]);
			}
			expect(sandbox.requests.filter((request) => request.status === 401)).toEqual([]);
		});

		it('a worker started later adopts the persisted session: 0 exchanges', async () => {
			const late = await cluster.addWorker();
			// Only the new worker takes jobs from now on.
			for (const worker of cluster.workers.filter((worker) => worker !== late)) await worker.home.stop();
			sandbox.clearLog();
			const before = (await waitForExecutions(cluster.api, BURST, 0)).length;
			const answers = await Promise.all(Array.from({ length: 4 }, (_, call) => cluster.callWebhook('kz-queue-burst', { items: [`late-${call}`] })));
			expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
			const executions = (await waitForExecutions(cluster.api, BURST, before + 4)).slice(0, 4);
			expect(executions.map((execution) => execution.status)).toEqual(Array(4).fill('success'));
			const details = await Promise.all(executions.map((execution) => getExecution(cluster.api, execution.id)));
			expect(details.map(processOf)).toEqual(Array(4).fill(late.name));
			expect(sentMessages().map((message) => [message.status, message.process])).toEqual(Array(4).fill([200, late.name]));
			expect(exchanges()).toHaveLength(0);
		});
	});
}
