/**
 * `npm start`: the Kaizala sandbox plus the n8n editor on http://localhost:5678 with this package
 * installed, a "Kaizala sandbox" credential pointing at the sandbox and the example workflows
 * imported; the sandbox's phone view at its origin. Ctrl-C, or SIGINT / SIGTERM to this process
 * (npm start `exec`s it, so npm forwards a signal sent to npm's PID here), stops both.
 *
 * The n8n user folder (database, installed package, n8n.log) lives outside the repository, in
 * $KAIZALA_N8N_HOME or ~/.local/state/n8n-nodes-kaizala/n8n; delete it to start over.
 * Environment: N8N_PORT (default 5678), KAIZALA_SANDBOX_PORT (default 4010).
 */
import { join } from 'node:path';

import { DEMO_CONNECTOR } from '../sandbox';
import { assertPortFree, defaultStateDir, importExamples, importSandboxCredential, prepareN8n, say, startLocalSandbox } from './lib/local';
import { N8nRest, type Owner } from './lib/n8n';

/** The editor's owner account. Local only: n8n listens on 127.0.0.1 and nowhere else. */
export const LOCAL_OWNER: Owner = {
	email: 'admin@kaizala.local',
	firstName: 'Sandbox',
	lastName: 'Admin',
	password: 'Kaizala-sandbox-1',
};

function port(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number; got '${raw}'`);
	return value;
}

async function main(): Promise<void> {
	const n8nPort = port('N8N_PORT', 5678);
	const sandboxPort = port('KAIZALA_SANDBOX_PORT', 4010);
	// Both ports are checked before anything is prepared: a second npm start stops at once.
	await assertPortFree(n8nPort, 'the n8n editor', 'N8N_PORT');
	await assertPortFree(sandboxPort, 'the Kaizala sandbox', 'KAIZALA_SANDBOX_PORT');

	const home = defaultStateDir();
	say(`Preparing n8n in ${home}`);
	const { n8n, installed } = await prepareN8n({ home, packDir: join(home, 'pack') });
	say(installed ? 'Installed this package into n8n (.n8n/nodes).' : 'This package is installed in n8n already (unchanged).');

	const sandbox = await startLocalSandbox(sandboxPort, (line) => say(`[sandbox] ${line}`));
	let stopping = false;
	const stop = async (reason: string, code: number): Promise<never> => {
		if (!stopping) {
			stopping = true;
			say(`${reason}: stopping n8n and the sandbox...`);
			await n8n.stop();
			await sandbox.close();
			say('Stopped.');
		}
		process.exit(code);
	};
	process.on('SIGINT', () => {
		if (stopping) n8n.kill();
		void stop('Ctrl-C', 0);
	});
	process.on('SIGTERM', () => void stop('SIGTERM', 0));
	process.on('exit', () => n8n.kill());

	try {
		await importSandboxCredential(n8n, sandbox);
		const { imported, kept } = await importExamples(n8n);
		say(`Examples: ${imported.length} imported${kept.length ? `, ${kept.length} kept as they were` : ''}.`);

		const logFile = join(home, 'n8n.log');
		say(`Starting n8n (its log: ${logFile})...`);
		const url = await n8n.start(n8nPort, {}, { logFile, host: 'localhost' });
		const api = new N8nRest(`http://127.0.0.1:${n8nPort}`);
		if (await api.needsOwnerSetup()) await api.setUpOwner(LOCAL_OWNER);

		say('');
		say(`  n8n editor:  ${url}`);
		say(`  log in as:   ${LOCAL_OWNER.email}  /  ${LOCAL_OWNER.password}   (local-only account, set up for you)`);
		say(`  phone view:  ${sandbox.origin}/   (the sandbox's groups as members see them; answer as one)`);
		say(`  credential:  "Kaizala sandbox" -> ${sandbox.apiRoot}  (connector ${DEMO_CONNECTOR.connectorId})`);
		say('  examples:    Overview -> Workflows -> open a "Kaizala: ..." workflow -> Execute workflow');
		say('  Ctrl-C (or SIGTERM) stops n8n and the sandbox. Sandbox API requests are listed below.');
		say('');
	} catch (error) {
		say(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
		await stop('Start-up failed', 1);
	}

	const code = await n8n.serverExited();
	if (!stopping) await stop(`n8n exited (code ${code}); see ${join(home, 'n8n.log')}`, 1);
}

main().catch((error: unknown) => {
	say(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
