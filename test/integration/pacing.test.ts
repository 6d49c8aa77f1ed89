/**
 * Pacing before the wall, on a time-scaled clock (the sandbox's throttle and the node's pacing
 * read the same clock, running 20× real time): bulk work at the documented limits gets no 429,
 * a 429 that comes anyway pauses every caller of the connector, and the wait is visible.
 */
import { DEMO_CONNECTOR, DEMO_GROUPS, startSandbox } from '../../sandbox';
import { BUDGET_WAIT_KEYS } from '../../nodes/Kaizala/transport/pacing/budget';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, startFixture } from '../helpers/fixtures';
import { CredentialStore, loggedLines, runKaizalaNode } from '../helpers/n8n';
import type { ScaledClock } from '../helpers/scaledClock';
import { scaledClock } from '../helpers/scaledClock';
import { busiestMinute } from '../helpers/rateWindows';

const SEND = 'POST /groups/:groupId/messages';
const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const sendParameters = { resource: 'message', operation: 'send', groupId: byId(FIELD_TEAM), message: '={{ $json.text }}' };

let clock: ScaledClock;
let restoreClock: () => void;
let fixture: Fixture | undefined;

beforeEach(() => {
	clock = scaledClock(20);
	restoreClock = clock.install();
});
afterEach(async () => {
	restoreClock();
	await fixture?.close();
	fixture = undefined;
});

function items(prefix: string, count: number) {
	return Array.from({ length: count }, (_, i) => ({ text: `${prefix} ${i}` }));
}

describe('pacing before the wall', () => {
	it('150 messages from two concurrent executions stay within 100/min: no 429, each sent once, wait in the metadata', async () => {
		fixture = await startFixture({ now: clock.now });
		const runs = await Promise.all(
			['a', 'b'].map((prefix) =>
				runKaizalaNode({ parameters: sendParameters, items: items(prefix, 75), store: fixture!.store, credential: fixture!.credential }),
			),
		);
		for (const { error, output } of runs) {
			expect(error).toBeUndefined();
			expect(output).toHaveLength(75);
		}
		const sends = fixture.requestsFor(SEND);
		expect(sends.filter((r) => r.status === 429)).toEqual([]);
		expect(sends).toHaveLength(150);
		const texts = fixture.sandbox.state.messages.map((m) => m.text).sort();
		expect(texts).toEqual([...items('a', 75), ...items('b', 75)].map((i) => i.text).sort());
		expect(busiestMinute(sends.map((r) => r.time))).toBeLessThanOrEqual(100);
		// Each execution hit the limit once and waited for the window to free up; its metadata says so.
		for (const { run } of runs) {
			const metadata = run.data.resultData.metadata ?? {};
			expect(Number(metadata[BUDGET_WAIT_KEYS.waitedCalls])).toBeGreaterThanOrEqual(1);
			expect(Number(metadata[BUDGET_WAIT_KEYS.waitedMs])).toBeGreaterThan(20_000);
		}
		// Each wait of a minute was announced in n8n's log.
		expect(loggedLines.some((line) => /waiting \d+ s for the call budget of connector 5f1e2d3c/.test(line))).toBe(true);
	});

	it('connectors of one tenant share the tenant budget (credential settings)', async () => {
		const second = { ...DEMO_CONNECTOR, connectorId: '5f1e2d3c-demo-4000-8000-sandbox00002', connectorSecret: 'second-secret-NOT-REAL', refreshToken: 'second-refresh-NOT-REAL' };
		const sandbox = await startSandbox({ now: clock.now, connectors: [DEMO_CONNECTOR, second], throttle: { perConnectorPerMinute: 100, perTenantPerMinute: 60 } });
		const store = new CredentialStore();
		const limits = { customCallLimits: true, tenantCallsPerMinute: 60, tenantId: 'contoso' };
		const credentials = [DEMO_CONNECTOR, second].map((connector, i) =>
			store.add({
				id: `cred-${i}`,
				name: `connector ${i}`,
				type: 'kaizalaApi',
				data: { ...connector, apiRoot: sandbox.apiRoot, session: '', ...limits },
			}),
		);
		try {
			const runs = await Promise.all(
				credentials.map((credential, i) => runKaizalaNode({ parameters: sendParameters, items: items(`c${i}`, 40), store, credential })),
			);
			for (const { error } of runs) expect(error).toBeUndefined();
			const sends = sandbox.requests.filter((r) => r.route === SEND);
			expect(sends).toHaveLength(80);
			expect(sends.filter((r) => r.status !== 200)).toEqual([]);
			expect(busiestMinute(sends.map((r) => r.time))).toBeLessThanOrEqual(60);
		} finally {
			await sandbox.close();
		}
	});

	it('a 429 that comes anyway pauses every caller of the connector for Retry-After, then all items go through', async () => {
		fixture = await startFixture({ now: clock.now });
		fixture.sandbox.faults.add({ path: SEND, status: 429, headers: { 'Retry-After': '20' }, times: 1 });
		const runs = await Promise.all(
			['a', 'b', 'c'].map((prefix) =>
				runKaizalaNode({ parameters: sendParameters, items: items(prefix, 5), store: fixture!.store, credential: fixture!.credential }),
			),
		);
		for (const { error } of runs) expect(error).toBeUndefined();
		const sends = fixture.requestsFor(SEND);
		const refused = sends.find((r) => r.status === 429)!;
		expect(refused).toBeDefined();
		// Requests already on their way arrive just after it; after that, nothing of this
		// connector reached the platform during the 20 s pause ...
		const duringPause = sends.filter((r) => r.time > refused.time + 1_000 && r.time < refused.time + 19_000);
		expect(duringPause).toEqual([]);
		expect(sends.filter((r) => r.time >= refused.time + 19_000).length).toBeGreaterThanOrEqual(10);
		// ... every item was delivered once.
		expect(fixture.sandbox.state.messages).toHaveLength(15);
		expect(new Set(fixture.sandbox.state.messages.map((m) => m.text)).size).toBe(15);
	});

	it('more 429s than the old limit of three: the item is sent again each time and delivered once', async () => {
		fixture = await startFixture({ now: clock.now });
		fixture.sandbox.faults.add({ path: SEND, status: 429, headers: { 'Retry-After': '5' }, times: 6 });
		const { error, output } = await runKaizalaNode({ parameters: sendParameters, items: items('six', 1), store: fixture.store, credential: fixture.credential });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		const statuses = fixture.requestsFor(SEND).map((r) => r.status);
		expect(statuses).toEqual([429, 429, 429, 429, 429, 429, 200]);
		expect(fixture.sandbox.state.messages.map((m) => m.text)).toEqual(['six 0']);
	});
});

describe('a connector throttled without end', () => {
	it('the item fails after ten minutes of 429s (simulated), naming the connector and the wait, never a secret', async () => {
		restoreClock();
		// 100×: ten simulated minutes in six seconds; a request's own time (a few ms) stays small beside 60 s pauses.
		clock = scaledClock(100);
		restoreClock = clock.install();
		fixture = await startFixture({ now: clock.now });
		fixture.sandbox.faults.add({ path: SEND, status: 429, headers: { 'Retry-After': '60' }, times: 1_000 });
		const t0 = clock.now();
		const { error } = await runKaizalaNode({ parameters: sendParameters, items: items('never', 1), store: fixture.store, credential: fixture.credential });
		const waitedMinutes = (clock.now() - t0) / 60_000;
		expect(error?.message).toMatch(new RegExp(`^Kaizala kept answering 429 \\(too many calls\\) for connector ${DEMO_CONNECTOR.connectorId}: gave up after \\d+ min( \\d+ s)? of waiting \\(\\d+ × 429\\)$`));
		expect(error?.description).toContain('did not process this call');
		expect(error?.httpCode).toBe('429');
		// 60 s hints with up to 5 % jitter: 9 or 10 pauses fit in ten minutes (not 3); none came back early.
		const sends = fixture.requestsFor(SEND);
		expect(sends.every((r) => r.status === 429)).toBe(true);
		expect(sends.length).toBeGreaterThanOrEqual(9);
		expect(sends.length).toBeLessThanOrEqual(11);
		for (let i = 1; i < sends.length; i++) expect(sends[i].time - sends[i - 1].time).toBeGreaterThanOrEqual(60_000);
		expect(waitedMinutes).toBeGreaterThan(8);
		expect(waitedMinutes).toBeLessThan(11);
		expect(fixture.sandbox.state.messages).toHaveLength(0);
		expectNoSecrets([error?.message, error?.description, loggedLines], fixture.secrets());
	});
});
