/**
 * `npm run sandbox`: runs the sandbox in the foreground on KAIZALA_SANDBOX_PORT (default 4010)
 * and logs one line per request. It never prints the demo secret or any token: those are in
 * sandbox/README.md, and terminal output tends to end up in screenshots and CI logs.
 */
import { DEMO_CONNECTOR, startSandbox, type KaizalaSandbox } from './index';

const DEFAULT_PORT = 4010;

export function parsePort(raw: string | undefined): number {
	if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`KAIZALA_SANDBOX_PORT must be a port number (0-65535); got '${raw}'`);
	}
	return port;
}

/** The start-up lines: where to point a client, and where the demo credentials are documented. */
export function bannerLines(sandbox: Pick<KaizalaSandbox, 'apiRoot' | 'origin'>): string[] {
	return [
		'Kaizala sandbox listening (loopback only).',
		`  API root (token service): ${sandbox.apiRoot}`,
		`  Phone view:               ${sandbox.origin}/`,
		`  Demo connector ID:        ${DEMO_CONNECTOR.connectorId}`,
		'  The demo connector secret and refresh token are listed in sandbox/README.md.',
		'Press Ctrl+C to stop.',
	];
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({
		port: parsePort(process.env.KAIZALA_SANDBOX_PORT),
		log: (line) => console.log(line),
	});
	for (const line of bannerLines(sandbox)) console.log(line);

	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal} received, stopping.`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(`Kaizala sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}
