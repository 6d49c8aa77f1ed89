/**
 * Benchmarks for the token cache and the node, printing figures (no assertions: targets are
 * read from the numbers, never enforced by timed tests). Run with `npm run bench`.
 */
import { performance } from 'node:perf_hooks';

import { DEMO_GROUPS } from '../sandbox';
import { createTokenStore } from '../nodes/Kaizala/transport/tokenStore';
import type { ConnectorCredentials, TokenFetcher } from '../nodes/Kaizala/transport/tokenStore';
import { startFixture } from '../test/helpers/fixtures';
import { runKaizalaNode } from '../test/helpers/n8n';

const rows: Array<[string, string]> = [];
function report(name: string, value: string) {
	rows.push([name, value]);
	console.log(`${name.padEnd(62)} ${value}`);
}

function heapMiB(): number {
	global.gc?.();
	return process.memoryUsage().heapUsed / 1024 / 1024;
}

const DAY = 86_400_000;
const fetcher: TokenFetcher = async () => ({
	statusCode: 200,
	headers: {},
	body: { accessToken: 'bench-token', endpointUrl: 'https://kms.kaiza.la/', accessTokenExpiry: Date.now() + DAY, refreshToken: '' },
});

function credentials(i: number): ConnectorCredentials {
	return { apiRoot: 'https://api.kaiza.la/v1', connectorId: `connector-${i}`, connectorSecret: `secret-${i}`, refreshToken: `refresh-${i}` };
}

async function tokenStoreFigures() {
	const store = createTokenStore();
	await store.exchange(credentials(0), fetcher);
	const lookups = 200_000;
	const start = performance.now();
	for (let i = 0; i < lookups; i++) store.lookup(credentials(0));
	const ms = performance.now() - start;
	report('token store: cached lookups per second (hash + freshness)', `${Math.round(lookups / (ms / 1000)).toLocaleString('en')}`);

	const concurrent = createTokenStore();
	const callers = 10_000;
	const t0 = performance.now();
	await Promise.all(Array.from({ length: callers }, () => concurrent.exchange(credentials(1), fetcher)));
	report(`token store: ${callers.toLocaleString('en')} concurrent callers → exchanges`, `${concurrent.stats.exchanges} (${(performance.now() - t0).toFixed(1)} ms)`);

	const many = createTokenStore();
	const before = heapMiB();
	const count = 10_000;
	for (let i = 0; i < count; i++) await many.exchange(credentials(100 + i), fetcher);
	const after = heapMiB();
	// Reading the store after the measurement keeps it alive through it.
	const cached = count - [...Array(count).keys()].filter((i) => !many.lookup(credentials(100 + i))).length;
	report(`token store: heap per cached credential (${cached.toLocaleString('en')} cached)`, `${(((after - before) * 1024 * 1024) / count).toFixed(0)} bytes`);
}

async function nodeFigures() {
	const fixture = await startFixture({ throttle: false });
	try {
		const items = Array.from({ length: 1000 }, (_, i) => ({ i }));
		const parameters = { resource: 'accessToken', operation: 'get' };
		const t0 = performance.now();
		await runKaizalaNode({ parameters, items, store: fixture.store, credential: fixture.credential });
		report('Access Token → Get: 1,000 items, one execution (cold cache)', `${(performance.now() - t0).toFixed(0)} ms`);

		const heapBefore = heapMiB();
		const t1 = performance.now();
		await Promise.all(
			Array.from({ length: 20 }, () =>
				runKaizalaNode({ parameters, items: items.slice(0, 50), store: fixture.store, credential: fixture.credential }),
			),
		);
		report('Access Token → Get: 20 concurrent executions × 50 items', `${(performance.now() - t1).toFixed(0)} ms`);
		report('  heap growth over those executions', `${(heapMiB() - heapBefore).toFixed(1)} MiB`);
		report('  token exchanges seen by the sandbox (all runs above)', `${fixture.requestsFor('GET /accessToken').length}`);

		const messages = Array.from({ length: 200 }, (_, i) => ({ text: `bench message ${i}` }));
		const t2 = performance.now();
		await runKaizalaNode({
			parameters: {
				resource: 'message',
				operation: 'send',
				groupId: { __rl: true, mode: 'id', value: DEMO_GROUPS.fieldTeam.groupId },
				message: '={{ $json.text }}',
			},
			items: messages,
			store: fixture.store,
			credential: fixture.credential,
		});
		const ms = performance.now() - t2;
		report('Message → Send: 200 items over loopback (sandbox unthrottled)', `${ms.toFixed(0)} ms (${(ms / 200).toFixed(2)} ms/item)`);
		report('  platform requests for 200 items', `${fixture.sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages').length}`);
	} finally {
		await fixture.close();
	}
}

async function main() {
	console.log(`n8n-nodes-kaizala benchmarks — node ${process.version}, ${new Date().toISOString()}`);
	await tokenStoreFigures();
	await nodeFigures();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
