/**
 * What `npm start` and `npm run example` share: n8n from the cache, this package packed and
 * installed into an n8n user folder, the sandbox, the Kaizala credential and the examples.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { DEMO_CONNECTOR, startSandbox, type KaizalaSandbox } from '../../sandbox';
import { ensureN8n, exampleWorkflows, N8nHome, packPackage, portInUse } from './n8n';

/** Lines for the terminal, prefixed so they stand apart from n8n's and the sandbox's. */
export function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

/** Where `npm start` keeps its n8n user folder (database, installed package): outside the repository. */
export function defaultStateDir(): string {
	if (process.env.KAIZALA_N8N_HOME) return process.env.KAIZALA_N8N_HOME;
	const state = process.env.XDG_STATE_HOME || join(homedir(), '.local/state');
	return join(state, 'n8n-nodes-kaizala/n8n');
}

/**
 * n8n 2.41.0 on Node 24 (installed once into the cache) with this package installed into
 * `home` (a new temporary user folder when omitted). The package must be built (`npm run build`):
 * it is packed here, unless KAIZALA_TARBALL names a tarball already packed.
 */
export async function prepareN8n(options: { home?: string; packDir: string }): Promise<{ n8n: N8nHome; installed: boolean }> {
	const cache = ensureN8n();
	const tarball = process.env.KAIZALA_TARBALL || (await packPackage(options.packDir));
	const n8n = new N8nHome(cache, options.home);
	const installed = await n8n.installPackage(tarball);
	return { n8n, installed };
}

/**
 * Refuses a port something already listens on, naming the variable that picks another one.
 * `npm start` checks its ports before it prepares anything.
 */
export async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
	if (port !== 0 && (await portInUse(port))) {
		throw new Error(
			`port ${port} (${what}) is in use: another npm start or sandbox may be running. Stop it, or pick another port: ${variable}=${port + 1} npm start`,
		);
	}
}

/** The sandbox on `port` (4010 for npm start; 0: any free port). A port in use is an error, never silently replaced. */
export async function startLocalSandbox(port: number, log?: (line: string) => void): Promise<KaizalaSandbox> {
	await assertPortFree(port, 'the Kaizala sandbox', 'KAIZALA_SANDBOX_PORT');
	return await startSandbox({ port, log, webhookValidation: true });
}

/**
 * The "Kaizala sandbox" credential, pointing at this sandbox. Replaced on every start: the
 * sandbox forgets its tokens when it stops, so the cached session must go too.
 */
export async function importSandboxCredential(n8n: N8nHome, sandbox: KaizalaSandbox): Promise<void> {
	await n8n.importCredential({
		connectorId: DEMO_CONNECTOR.connectorId,
		connectorSecret: DEMO_CONNECTOR.connectorSecret,
		refreshToken: DEMO_CONNECTOR.refreshToken,
		apiRoot: sandbox.apiRoot,
	});
}

/**
 * Imports the examples n8n does not have yet, and those examples/ changed since the last import.
 * An example the user edited in the editor stays as it is, unless the repository changed it.
 */
export async function importExamples(n8n: N8nHome): Promise<{ imported: string[]; kept: string[] }> {
	const recordFile = join(n8n.folder, '.kaizala-examples.json');
	const record = existsSync(recordFile) ? (JSON.parse(readFileSync(recordFile, 'utf8')) as Record<string, string>) : {};
	const present = new Set(await n8n.listWorkflowIds());
	const examples = exampleWorkflows();
	const toImport = examples.filter((example) => !present.has(example.id) || record[example.id] !== example.sha);
	await n8n.importWorkflowFiles(toImport.map((example) => example.file));
	for (const example of examples) if (toImport.includes(example)) record[example.id] = example.sha;
	writeFileSync(recordFile, JSON.stringify(record, null, 2));
	return {
		imported: toImport.map((example) => example.name),
		kept: examples.filter((example) => !toImport.includes(example)).map((example) => example.name),
	};
}
