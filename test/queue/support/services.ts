/**
 * The servers n8n's queue mode shares between its processes, as real servers on free loopback
 * ports: PostgreSQL (n8n's database) and Redis (the Bull queue). Each is private to one test file:
 * its own data folder under the system temp folder, started here and stopped (and deleted) by stop().
 * The binaries come from scripts/ensure-queue-services.sh (run by test/queue/run.sh), which passes
 * them on in KAIZALA_PG_BIN and KAIZALA_REDIS_SERVER.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../e2e/support/n8n';

function required(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the suite with npm run test:queue`);
	return value;
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
	return userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function runChecked(command: string, args: string[], what: string): string {
	const [cmd, argv] = asServerUser(command, args);
	const result = spawnSync(cmd, argv, { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr || result.stdout}`);
	return result.stdout;
}

export interface PostgresServer {
	host: string;
	port: number;
	database: string;
	user: string;
	/** The environment n8n needs to use this database. */
	n8nEnv(): NodeJS.ProcessEnv;
	/** Runs SQL through psql and returns its unaligned, tab-separated rows. */
	query(sql: string): string[][];
	stop(): Promise<void>;
}

/** initdb into a fresh folder, pg_ctl start on a free port (loopback only, trust auth), createdb. */
export async function startPostgres(): Promise<PostgresServer> {
	const bin = required('KAIZALA_PG_BIN');
	const folder = mkdtempSync(join(tmpdir(), 'kaizala-pg-'));
	const dataDir = join(folder, 'data');
	if (userInfo().uid === 0) chownSync(folder, uidOf('postgres'), gidOf('postgres'));
	const port = await freePort();
	const user = 'n8n';
	const database = 'n8n';
	runChecked(join(bin, 'initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-instructions'], 'initdb');
	// No fsync: the data is thrown away after the test; the socket lives in the private folder.
	runChecked(
		join(bin, 'pg_ctl'),
		['-D', dataDir, '-l', join(folder, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`, 'start'],
		'pg_ctl start',
	);
	const psql = join(bin, 'psql');
	const query = (sql: string): string[][] => {
		const out = runChecked(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], 'psql');
		return out.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
	};
	runChecked(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], 'createdb');
	let stopped = false;
	return {
		host: '127.0.0.1',
		port,
		database,
		user,
		n8nEnv: () => ({
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: '',
		}),
		query,
		stop: async () => {
			if (stopped) return;
			stopped = true;
			try {
				runChecked(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
			} finally {
				rmSync(folder, { recursive: true, force: true });
			}
		},
	};
}

function idOf(flag: '-u' | '-g', name: string): number {
	const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`no ${name} user to run PostgreSQL as`);
	return Number(result.stdout.trim());
}
const uidOf = (name: string) => idOf('-u', name);
const gidOf = (name: string) => idOf('-g', name);

export interface RedisServer {
	host: string;
	port: number;
	n8nEnv(): NodeJS.ProcessEnv;
	/** Sends one command (inline protocol) and returns the raw reply. */
	command(line: string): Promise<string>;
	stop(): Promise<void>;
}

/** redis-server on a free loopback port, nothing persisted, in the foreground of a child process. */
export async function startRedis(): Promise<RedisServer> {
	const binary = required('KAIZALA_REDIS_SERVER');
	const folder = mkdtempSync(join(tmpdir(), 'kaizala-redis-'));
	const port = await freePort();
	const config = join(folder, 'redis.conf');
	writeFileSync(
		config,
		[`port ${port}`, 'bind 127.0.0.1', 'protected-mode yes', `dir ${folder}`, 'save ""', 'appendonly no', 'daemonize no', `logfile ${join(folder, 'redis.log')}`].join('\n'),
	);
	const child: ChildProcess = spawn(binary, [config], { stdio: 'ignore' });
	const command = (line: string) => redisCommand(port, line);
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`redis-server exited: ${safeRead(join(folder, 'redis.log'))}`);
		try {
			if ((await command('PING')).startsWith('+PONG')) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`redis-server did not answer: ${safeRead(join(folder, 'redis.log'))}`);
		await sleep(100);
	}
	let stopped = false;
	return {
		host: '127.0.0.1',
		port,
		n8nEnv: () => ({ QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) }),
		command,
		stop: async () => {
			if (stopped) return;
			stopped = true;
			if (child.exitCode === null) {
				await new Promise<void>((resolveExit) => {
					const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
					child.once('exit', () => {
						clearTimeout(timer);
						resolveExit();
					});
					child.kill('SIGTERM');
				});
			}
			rmSync(folder, { recursive: true, force: true });
		},
	};
}

function safeRead(file: string): string {
	try {
		return readFileSync(file, 'utf8').slice(-2000);
	} catch {
		return '(no log)';
	}
}

function redisCommand(port: number, line: string): Promise<string> {
	return new Promise((resolveReply, reject) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let reply = '';
		socket.setTimeout(5_000, () => socket.destroy(new Error('redis timeout')));
		socket.on('connect', () => socket.write(`${line}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.endsWith('\r\n')) socket.end();
		});
		socket.on('end', () => resolveReply(reply));
		socket.on('error', reject);
	});
}
