/**
 * `npm start` as a supervisor or a script runs it: through npm (npm's `sh -c` chain), stopped by
 * a signal to npm's own PID, and killed outright. Each time n8n and the sandbox must be gone and
 * both ports free: the start script `exec`s node (so npm's forwarded signal reaches it), and a
 * watchdog stops n8n's process group when the script dies without stopping it
 * (scripts/lib/n8n.ts, guardAgainstOrphans).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { report } from '../helpers/report';
import { freePort, portInUse, REPO } from './support/n8n';
import { until } from './support/waiting';

let home: string;

beforeAll(() => {
	home = mkdtempSync(join(tmpdir(), 'kaizala-npm-signals-'));
});

afterAll(() => {
	rmSync(home, { recursive: true, force: true });
});

/** Processes whose working directory is inside `folder` (n8n runs in its user folder). */
function processesIn(folder: string): number[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.filter((pid) => {
			try {
				return readlinkSync(`/proc/${pid}/cwd`).startsWith(folder);
			} catch {
				return false;
			}
		})
		.map(Number);
}

interface Started {
	npm: ChildProcess;
	output: () => string;
	n8nPort: number;
	sandboxPort: number;
}

async function npmStart(): Promise<Started> {
	const n8nPort = await freePort();
	const sandboxPort = await freePort();
	let output = '';
	const npm = spawn('npm', ['start'], {
		cwd: REPO,
		env: { ...process.env, KAIZALA_N8N_HOME: join(home, 'n8n'), N8N_PORT: String(n8nPort), KAIZALA_SANDBOX_PORT: String(sandboxPort) },
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own group, as in a terminal: a signal to npm's PID reaches npm alone.
		detached: true,
	});
	npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	await until(() => /log in as:/.test(output) || (npm.exitCode !== null && 'exited'), 'npm start to print the login', 400_000);
	if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${output}`);
	return { npm, output: () => output, n8nPort, sandboxPort };
}

/** Everything gone: npm, n8n (by its user folder), both ports. Returns seconds from `since`. */
async function allGone(started: Started, since: number): Promise<number> {
	await until(() => started.npm.exitCode !== null || started.npm.signalCode !== null, 'npm to exit', 60_000);
	await until(async () => processesIn(join(home, 'n8n')).length === 0, 'no process left in the n8n user folder', 60_000);
	await until(async () => !(await portInUse(started.n8nPort)) && !(await portInUse(started.sandboxPort)), 'both ports free', 60_000);
	return (Date.now() - since) / 1000;
}

const timings: string[] = [];
afterAll(() => {
	report(`npm start stop times:\n${timings.join('\n')}`);
});

describe('npm start stops cleanly', () => {
	it.each(['SIGINT', 'SIGTERM'] as const)('on %s to npm\'s own PID: n8n and the sandbox stop, both ports are freed', async (signal) => {
		const started = await npmStart();
		expect(await portInUse(started.n8nPort)).toBe(true);
		expect(await portInUse(started.sandboxPort)).toBe(true);
		expect(processesIn(join(home, 'n8n')).length).toBeGreaterThan(0);
		const since = Date.now();
		process.kill(started.npm.pid as number, signal);
		const seconds = await allGone(started, since);
		timings.push(`${signal} to npm: ${seconds.toFixed(1)} s`);
		expect(started.npm.exitCode).toBe(0);
		expect(started.output()).toMatch(/stopping n8n and the sandbox[\s\S]*Stopped\./);
	});

	it('when the start script is killed outright (SIGKILL), no n8n is left behind', async () => {
		const started = await npmStart();
		// npm's child: with `exec` in the start script, the node running scripts/start.ts itself.
		const script = readdirSync('/proc')
			.filter((name) => /^\d+$/.test(name))
			.find((pid) => {
				try {
					return /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === String(started.npm.pid);
				} catch {
					return false;
				}
			});
		expect(script).toBeDefined();
		const since = Date.now();
		process.kill(Number(script), 'SIGKILL');
		const seconds = await allGone(started, since);
		timings.push(`SIGKILL to the start script: ${seconds.toFixed(1)} s`);
	});
});
