/**
 * `npm run example`: the same setup as `npm start`, without the editor. Runs the example
 * "Kaizala: access token → HTTP Request" once with `n8n execute` against the sandbox and prints
 * what each node returned. The access token is hidden: it is a secret on a real tenant.
 * Usage: npm run example [-- <workflow id from examples/>]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { importSandboxCredential, prepareN8n, say, startLocalSandbox } from './lib/local';
import { exampleWorkflows, nodesThatRan, nodeOutput } from './lib/n8n';

const DEFAULT_EXAMPLE = 'kzExampleToken01';

/** Output items with secrets shortened, for printing. */
export function redact(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(redact);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, inner]) => [
				key,
				/^(accessToken|refreshToken|connectorSecret|applicationSecret)$/i.test(key) && typeof inner === 'string'
					? `(hidden: ${inner.length} characters)`
					: redact(inner),
			]),
		);
	}
	return value;
}

async function main(): Promise<void> {
	const id = process.argv[2] ?? DEFAULT_EXAMPLE;
	const example = exampleWorkflows().find((workflow) => workflow.id === id);
	if (!example) throw new Error(`no example with id ${id}; examples: ${exampleWorkflows().map((w) => w.id).join(', ')}`);
	if (!example.manual) throw new Error(`${id} starts on an event, not by hand: run it in the editor (npm start)`);

	const scratch = mkdtempSync(join(tmpdir(), 'kaizala-example-'));
	const { n8n } = await prepareN8n({ home: join(scratch, 'n8n'), packDir: join(scratch, 'pack') });
	const sandbox = await startLocalSandbox(0, (line) => say(`[sandbox] ${line}`));
	try {
		await importSandboxCredential(n8n, sandbox);
		await n8n.importWorkflowFiles([example.file]);
		say(`Running "${example.name}" with n8n execute --id ${id} ...`);
		const started = Date.now();
		const { ok, status, result } = await n8n.execute(id);
		say(`n8n execute finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${status}`);
		for (const node of nodesThatRan(result)) {
			say(`\n${node}:`);
			say(JSON.stringify(redact(nodeOutput(result, node)), null, 2));
		}
		if (!ok) process.exitCode = 1;
	} finally {
		await sandbox.close();
		await n8n.remove();
		rmSync(scratch, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	say(`npm run example failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
