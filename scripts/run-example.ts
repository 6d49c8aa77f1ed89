/**
 * `npm run example`: the same setup as `npm start`, without the editor. Runs the example
 * "Kaizala: access token → HTTP Request" once with `n8n execute` against the sandbox and prints
 * what each node returned: the token's endpoint and expiry, the group names. The access token is
 * hidden: it is a secret on a real tenant.
 * Usage: npm run example [-- [--verbose] <workflow id from examples/>]
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

/** One line per output item: the token's endpoint and expiry, group names, or the item itself (secrets hidden). */
export function summarize(item: Record<string, unknown>): string {
	const parts: string[] = [];
	if (typeof item.endpointUrl === 'string') parts.push(`endpointUrl ${item.endpointUrl}`);
	if (typeof item.expiresAt === 'string') parts.push(`expiresAt ${item.expiresAt}`);
	if (typeof item.accessToken === 'string') parts.push('accessToken (hidden)');
	const groups = Array.isArray(item.groups) ? (item.groups as Array<Record<string, unknown>>) : item.groupName ? [item] : [];
	if (groups.length > 0) parts.push(`groups: ${groups.map((group) => String(group.groupName)).join(', ')}`);
	if (parts.length > 0) return parts.join('; ');
	const text = JSON.stringify(redact(item));
	return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const verbose = args.includes('--verbose');
	const id = args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_EXAMPLE;
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
			const items = nodeOutput(result, node);
			say(`\n${node}: ${items.length} item${items.length === 1 ? '' : 's'}`);
			if (verbose) say(JSON.stringify(redact(items), null, 2));
			else for (const item of items) say(`  ${summarize(item)}`);
		}
		if (!verbose) say('\n(npm run example -- --verbose prints the whole items, access token hidden)');
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
