/**
 * n8n 2.41.0 in queue mode, as an operator runs it: one main process (editor, REST API,
 * production webhooks, trigger activation) and `n8n worker` processes that take executions
 * from the Redis queue, all on one PostgreSQL database and one N8N_ENCRYPTION_KEY. Every
 * process has its own user folder with the packed package installed into its .n8n/nodes, as
 * on separate machines. Each process is named by KAIZALA_QUEUE_PROCESS (main, worker-1, …);
 * the test workflows read it with $env, so n8n's saved execution data says which process ran
 * which execution.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, N8nHome, N8nRest, n8nCache, tarball } from '../../e2e/support/n8n';
import type { ConnectorValues } from '../../e2e/support/n8n';
import { installCredentialWriteLog } from './credentialWrites';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from './services';

/** The one secret every process must share: it decrypts the credentials in the database. */
export const ENCRYPTION_KEY = 'kaizala-queue-cluster-key';
export const CREDENTIAL_ID = 'kaizalaSandbox01';

export const OWNER = { email: 'queue@kaizala.local', firstName: 'Queue', lastName: 'Owner', password: 'Kaizala-queue-1' };

export interface ClusterOptions {
	connector: ConnectorValues;
	/** Workflow files imported before the processes start. */
	workflowFiles: string[];
	workers?: number;
	/** Jobs each worker runs at once (n8n's --concurrency). */
	concurrency?: number;
	/** Settings for every process. */
	env?: NodeJS.ProcessEnv;
}

export interface ClusterProcess {
	name: string;
	home: N8nHome;
	logFile: string;
}

export class QueueCluster {
	readonly workers: ClusterProcess[] = [];

	api!: N8nRest;

	baseUrl = '';

	main!: ClusterProcess;

	private readonly logDir = mkdtempSync(join(tmpdir(), 'kaizala-queue-logs-'));

	private constructor(
		readonly postgres: PostgresServer,
		readonly redis: RedisServer,
		private readonly options: ClusterOptions,
	) {}

	/** Settings shared by every process of the cluster. */
	sharedEnv(): NodeJS.ProcessEnv {
		return {
			...this.postgres.n8nEnv(),
			...this.redis.n8nEnv(),
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			// The test workflows name the process that ran them ($env.KAIZALA_QUEUE_PROCESS).
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			N8N_LOG_LEVEL: 'info',
			QUEUE_BULL_PREFIX: 'kaizala',
			...this.options.env,
		};
	}

	static async start(options: ClusterOptions): Promise<QueueCluster> {
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const cluster = new QueueCluster(postgres, redis, options);
		try {
			await cluster.boot();
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		return cluster;
	}

	private async newProcess(name: string): Promise<ClusterProcess> {
		const home = new N8nHome(n8nCache(), undefined, {
			...this.sharedEnv(),
			KAIZALA_QUEUE_PROCESS: name,
			// PostgreSQL's application_name for this process's connections (see credentialWrites.ts).
			PGAPPNAME: name,
		});
		await home.installPackage(tarball());
		return { name, home, logFile: join(this.logDir, `${name}.log`) };
	}

	private async boot(): Promise<void> {
		const started = Date.now();
		const lap = (what: string) => console.log(`queue cluster: ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
		const workerCount = this.options.workers ?? 2;
		const [main, ...workers] = await Promise.all([
			this.newProcess('main'),
			...Array.from({ length: workerCount }, (_, index) => this.newProcess(`worker-${index + 1}`)),
		]);
		this.main = main;
		lap('package installed in every process');
		// The first command migrates the database; the others then find it ready.
		await main.home.importCredential(this.options.connector);
		await main.home.importWorkflowFiles(this.options.workflowFiles);
		installCredentialWriteLog(this.postgres);
		lap('database migrated, credential and workflows imported');
		const port = await freePort();
		this.baseUrl = await main.home.start(port, {}, { logFile: main.logFile });
		this.api = new N8nRest(this.baseUrl);
		if (await this.api.needsOwnerSetup()) await this.api.setUpOwner(OWNER);
		await this.api.login(OWNER);
		lap('main ready');
		await Promise.all(workers.map((worker) => this.launchWorker(worker)));
		lap('workers ready');
	}

	private async launchWorker(worker: ClusterProcess): Promise<void> {
		await worker.home.startWorker(await freePort(), {}, { logFile: worker.logFile, concurrency: this.options.concurrency });
		this.workers.push(worker);
	}

	/** Starts a stopped worker again (same user folder and name), as a supervisor restarts it. */
	async restartWorker(worker: ClusterProcess): Promise<void> {
		await worker.home.startWorker(await freePort(), {}, { logFile: worker.logFile, concurrency: this.options.concurrency });
	}

	/** Starts one more worker (e.g. a worker that joins later) and returns it. */
	async addWorker(): Promise<ClusterProcess> {
		const worker = await this.newProcess(`worker-${this.workers.length + 1}`);
		await this.launchWorker(worker);
		return worker;
	}

	/**
	 * Publishes (activates) a workflow, as the editor's Publish button does, and waits until the
	 * main process serves its production POST webhook `webhookPath` (n8n answers the activation
	 * first and registers the webhooks after). A GET asks without starting an execution: n8n
	 * then names the method the path is registered for.
	 */
	async publish(workflowId: string, webhookPath?: string): Promise<void> {
		const workflow = await this.api.call<{ versionId: string }>('GET', `/workflows/${workflowId}`);
		await this.api.call('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
		if (webhookPath === undefined) return;
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`);
			if (/Did you mean to make a POST request/.test(await response.text())) return;
			await new Promise((resolveWait) => setTimeout(resolveWait, 250));
		}
		throw new Error(`the production webhook ${webhookPath} was not registered within 60 s:\n${this.recentLogs()}`);
	}

	/**
	 * Edits the credential through the REST API, as a user saving the form does: new connector
	 * values (e.g. another sandbox) and an empty session.
	 */
	async editCredential(connector: ConnectorValues, settings: Record<string, unknown> = {}): Promise<void> {
		await this.api.call('PATCH', `/credentials/${CREDENTIAL_ID}`, {
			name: 'Kaizala sandbox',
			type: 'kaizalaApi',
			data: { customCallLimits: false, ...connector, ...settings, session: '' },
		});
	}

	async unpublish(workflowId: string): Promise<void> {
		await this.api.call('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/** POST to a production webhook of the main process. */
	async callWebhook(path: string, body: unknown): Promise<{ status: number; text: string }> {
		const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, text: await response.text() };
	}

	/** What a worker printed, e.g. its "Worker started execution N" lines. */
	log(process: ClusterProcess): string {
		try {
			return readFileSync(process.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	/** Execution ids each worker's log says it started. */
	executionsStartedBy(): Record<string, string[]> {
		return Object.fromEntries(
			this.workers.map((worker) => [worker.name, [...this.log(worker).matchAll(/Worker started execution (\d+)/g)].map((match) => match[1])]),
		);
	}

	async stop(): Promise<void> {
		const processes = [...this.workers, ...(this.main ? [this.main] : [])];
		await Promise.allSettled(processes.map((process) => process.home.remove()));
		await Promise.allSettled([this.redis.stop(), this.postgres.stop()]);
		if (process.env.KAIZALA_QUEUE_KEEP_LOGS !== '1') rmSync(this.logDir, { recursive: true, force: true });
	}

	/** The last lines of every process's log, for a failing assertion. */
	recentLogs(): string {
		return [...(this.main ? [this.main] : []), ...this.workers]
			.map((process) => `--- ${process.name}\n${this.log(process).split('\n').slice(-40).join('\n')}`)
			.join('\n');
	}
}
