/**
 * The 400-day soak, in-process on a fake clock (only Date is faked; timers and sockets are real):
 * a scheduled workflow runs three times a day against the sandbox, with 24-hour access tokens and
 * the sandbox rotating the refresh token at 90 % of its 365 days (day 328). Every 30 days the
 * "process" restarts: the package, n8n-core and the harness are loaded afresh, and the only state
 * carried over is the stored credential, as n8n keeps it in its database.
 * Proves: 0 failed runs, one exchange per token lifetime, the rotated token persisted and used,
 * the old one never sent again.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, startSandbox } from '../../sandbox';
import type * as Harness from '../helpers/n8n';
import { report } from '../helpers/report';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DAYS = 400;
const RUN_HOURS = [6, 12, 18];
const RESTART_EVERY_DAYS = 30;
const START = Date.UTC(2027, 0, 1);

/**
 * Each simulated process loads n8n-core anew in this one OS process, and each n8n-core adds one
 * `exit` listener to it (its SSHClientsManager, when the first execution runs): 14 processes would
 * pass Node's default of 10 and print a MaxListenersExceededWarning that is about the simulation,
 * not the package.
 */
const SIMULATED_PROCESSES = Math.ceil(DAYS / RESTART_EVERY_DAYS) + 1;
process.setMaxListeners(Math.max(process.getMaxListeners(), SIMULATED_PROCESSES + 10));

/** A fresh process: every module (the node's token store and budgets, n8n-core) loaded anew. */
function startProcess(): typeof Harness {
	let harness: typeof Harness | undefined;
	jest.isolateModules(() => {
		harness = require('../helpers/n8n') as typeof Harness;
	});
	return harness!;
}

jest.setTimeout(300_000);

describe('400 days of scheduled runs', () => {
	let sandbox: KaizalaSandbox;

	beforeAll(() => {
		jest.useFakeTimers({
			doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
			now: START,
		});
	});
	afterAll(async () => {
		await sandbox?.close();
		jest.useRealTimers();
	});

	it('0 failed runs, one exchange per day, the rotated refresh token persisted and used, the old one never sent again', async () => {
		sandbox = await startSandbox({ now: () => Date.now() });
		const original = DEMO_CONNECTOR.refreshToken;
		// The database row: the only thing that survives a restart.
		let stored: ICredentialDataDecryptedObject = {
			connectorId: DEMO_CONNECTOR.connectorId,
			connectorSecret: DEMO_CONNECTOR.connectorSecret,
			refreshToken: original,
			apiRoot: sandbox.apiRoot,
			session: '',
		};
		const failures: string[] = [];
		let runs = 0;
		let restarts = 0;
		let rotatedOnDay: number | undefined;
		let harness = startProcess();
		let store = new harness.CredentialStore();
		const credential = store.add({ id: 'cred-1', name: 'Kaizala', type: 'kaizalaApi', data: stored });

		for (let day = 0; day < DAYS; day++) {
			if (day > 0 && day % RESTART_EVERY_DAYS === 0) {
				stored = { ...store.get('cred-1').data };
				harness = startProcess();
				store = new harness.CredentialStore();
				store.add({ id: 'cred-1', name: 'Kaizala', type: 'kaizalaApi', data: stored });
				restarts++;
			}
			for (const hour of RUN_HOURS) {
				jest.setSystemTime(START + day * DAY + hour * HOUR);
				const { error, output } = await harness.runKaizalaNode({
					parameters: {
						resource: 'message',
						operation: 'send',
						groupId: { __rl: true, mode: 'id', value: DEMO_GROUPS.fieldTeam.groupId },
						message: `day ${day} ${hour}:00`,
					},
					store,
					credential,
				});
				runs++;
				if (error || typeof output[0]?.json.referenceId !== 'string') failures.push(`day ${day} ${hour}:00: ${error?.message ?? 'no referenceId'}`);
			}
			if (rotatedOnDay === undefined && store.get('cred-1').data.refreshToken !== original) rotatedOnDay = day;
		}

		const exchanges = sandbox.requests.filter((r) => r.route === 'GET /accessToken');
		const sentRefreshToken = (entry: (typeof exchanges)[number]) => entry.headers.refreshtoken;
		const rotated = store.get('cred-1').data.refreshToken as string;
		const firstWithNew = exchanges.findIndex((entry) => sentRefreshToken(entry) === rotated);

		report(
			`soak: ${runs} runs over ${DAYS} days, ${restarts} restarts, ${failures.length} failed, ${exchanges.length} exchanges, ` +
				`refresh token rotated on day ${rotatedOnDay}, platform 401s: ${sandbox.requests.filter((r) => r.status === 401).length}`,
		);
		expect(failures).toEqual([]);
		expect(runs).toBe(DAYS * RUN_HOURS.length);
		expect(sandbox.state.messages).toHaveLength(runs);
		// 24-hour tokens, first run of each day at 06:00: exactly one exchange per day, none extra for the restarts.
		expect(exchanges).toHaveLength(DAYS);
		expect(exchanges.map((entry) => Math.floor((entry.time - START) / DAY))).toEqual(Array.from({ length: DAYS }, (_, day) => day));
		expect(exchanges.every((entry) => entry.status === 200)).toBe(true);
		// Rotation at 90 % of 365 days, persisted in the credential, used from the next exchange on.
		expect(rotatedOnDay).toBeGreaterThanOrEqual(328);
		expect(rotatedOnDay).toBeLessThanOrEqual(329);
		expect(rotated).toBe(sandbox.currentRefreshToken(DEMO_CONNECTOR.connectorId));
		expect(rotated).not.toBe(original);
		expect(exchanges.slice(firstWithNew).every((entry) => sentRefreshToken(entry) === rotated)).toBe(true);
		expect(exchanges.slice(0, firstWithNew).every((entry) => sentRefreshToken(entry) === original)).toBe(true);
		expect(firstWithNew).toBe(rotatedOnDay! + 1);
		// The old token never again, anywhere (token service or platform headers).
		const lastOriginalUse = sandbox.requests.map((r) => Object.values(r.headers).includes(original)).lastIndexOf(true);
		expect(lastOriginalUse).toBeLessThan(sandbox.requests.indexOf(exchanges[firstWithNew]));
		expect(sandbox.requests.filter((r) => r.status === 401)).toEqual([]);
	});
});
