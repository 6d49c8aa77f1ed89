/**
 * `npm run trace:send`: which of the package's files one Message → Send with a cached token runs
 * through (issue 20: at most 12). Three sends in one process against the sandbox on loopback,
 * through n8n-core's real execution context (the integration tests' harness); V8 precise coverage
 * counts only the third send, when the token is cached. A file counts when any of its functions ran;
 * `-- --functions` lists them.
 */
import { Session } from 'node:inspector/promises';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

interface FunctionCoverage {
	functionName: string;
	ranges: Array<{ count: number }>;
}
interface ScriptCoverage {
	url: string;
	functions: FunctionCoverage[];
}

const BUILD_ROOT = relative(process.cwd(), `${__dirname}${sep}..`) || '.';
const SEND_ONCE = 'nodes/Kaizala/sendOnce/';

/** Source paths (nodes/…, credentials/…) of the package files with a function that ran, and those functions. */
function packageFilesThatRan(result: ScriptCoverage[]): Map<string, string[]> {
	const files = new Map<string, string[]>();
	for (const script of result) {
		if (!script.url.startsWith('file:')) continue;
		const path = relative(BUILD_ROOT, fileURLToPath(script.url)).split(sep).join('/');
		if (!/^(nodes|credentials)\//.test(path)) continue;
		const ran = script.functions.filter((fn) => fn.ranges[0]?.count > 0).map((fn) => fn.functionName || '(anonymous)');
		if (ran.length > 0) files.set(path.replace(/\.js$/, '.ts'), ran);
	}
	return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

async function main(): Promise<void> {
	// Coverage starts before the package is loaded so every function gets its counters.
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

	const { byId, startFixture, EXCHANGE } = await import('../test/helpers/fixtures');
	const { PackageNodeTypes, runKaizalaNode } = await import('../test/helpers/n8n');
	const { DEMO_GROUPS } = await import('../sandbox');

	const fixture = await startFixture();
	const SEND = 'POST /groups/:groupId/messages';
	const groupId = DEMO_GROUPS.fieldTeam.groupId;
	// n8n builds its node types once per process, not per execution.
	const nodeTypes = new PackageNodeTypes();
	const send = async (n: number) => {
		const { output, error } = await runKaizalaNode({
			parameters: { resource: 'message', operation: 'send', groupId: byId(groupId), message: `trace ${n}` },
			store: fixture.store,
			credential: fixture.credential,
			nodeTypes,
		});
		if (error) throw error;
		const referenceId = output[0]?.json.referenceId;
		if (typeof referenceId !== 'string') throw new Error(`send ${n}: no referenceId in ${JSON.stringify(output)}`);
		return referenceId;
	};
	let files: Map<string, string[]>;
	try {
		await send(1);
		await send(2);
		// takePreciseCoverage resets the counters: what is taken next is the third send alone.
		await session.post('Profiler.takePreciseCoverage');
		const referenceId = await send(3);
		const { result } = (await session.post('Profiler.takePreciseCoverage')) as { result: ScriptCoverage[] };
		files = packageFilesThatRan(result);

		const sent = fixture.requestsFor(SEND).map((r) => (r.body as { message?: string }).message);
		const exchanges = fixture.requestsFor(EXCHANGE).length;
		if (sent.join('|') !== 'trace 1|trace 2|trace 3') throw new Error(`the sandbox received ${JSON.stringify(sent)}`);
		if (exchanges !== 1) throw new Error(`${exchanges} token exchanges, expected 1: the third send was not cached`);
		const stored = fixture.sandbox.state.messages.find((m) => m.referenceId === referenceId);
		if (stored?.text !== 'trace 3') throw new Error(`the third send's referenceId ${referenceId} is not the sandbox's 'trace 3'`);
		process.stdout.write(`3 sends, 1 token exchange; the third (cached token) ran through:\n`);
	} finally {
		await fixture.close();
		await session.post('Profiler.stopPreciseCoverage');
		session.disconnect();
	}
	const verbose = process.argv.includes('--functions');
	for (const [file, functions] of files) process.stdout.write(`  ${file}${verbose ? `: ${functions.join(', ')}` : ''}\n`);
	const withoutSendOnce = [...files.keys()].filter((file) => !file.startsWith(SEND_ONCE));
	process.stdout.write(`${files.size} package files (${withoutSendOnce.length} without ${SEND_ONCE})\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
