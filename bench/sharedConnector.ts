/**
 * (e) N n8n processes sharing one connector (queue-mode workers), simulated in one Node process:
 * each simulated process loads its own module instance of the package (its own token cache, call
 * budget and pacing, nothing shared in memory, as separate processes have), all on one
 * time-scaled clock with the sandbox's throttle (Kaizala's 100 calls/min per connector). The
 * credential store stands in for n8n's database (shared, as in a cluster). Each process runs one
 * bulk job (one execution of Message → Send with Continue On Fail, so a failed item is counted,
 * not the execution stopped).
 *
 * Per case: aggregate rate over the limit, 429s per process-minute, items failed / lost /
 * duplicated, and fairness: each job's delay to its first delivery and its share of the slots
 * while every job still had items to send.
 */
import { join } from 'node:path';

import { DEMO_GROUPS } from '../sandbox';
import type { Fixture } from '../test/helpers/fixtures';
import { startFixture } from '../test/helpers/fixtures';
import type * as Harness from '../test/helpers/n8n';
import type * as BudgetModule from '../nodes/Kaizala/transport/pacing/budget';
import type * as RetryPolicyModule from '../nodes/Kaizala/transport/retryPolicy';
import { scaledClock } from '../test/helpers/scaledClock';
import { achievedRate } from '../test/helpers/rateWindows';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const SEND = { resource: 'message', operation: 'send', groupId: { __rl: true, mode: 'id', value: FIELD_TEAM }, message: '={{ $json.text }}' };
const SEND_ROUTE = 'POST /groups/:groupId/messages';
const LIMIT = 100;
const MINUTE = 60_000;

/** The compiled tree (.build/): what a simulated process loads anew. */
const BUILD_ROOT = join(__dirname, '..');
const PACKAGE_DIRS = [join(BUILD_ROOT, 'nodes'), join(BUILD_ROOT, 'credentials')];
const HARNESS = join(BUILD_ROOT, 'test', 'helpers', 'n8n.js');

export interface SimulatedProcess {
	harness: typeof Harness;
	budget: typeof BudgetModule;
	retryPolicy: typeof RetryPolicyModule;
}

/**
 * A new process: the package's modules (and the harness that registers its node types) loaded
 * again, so this process's token store, limiter and clock are its own. n8n's own modules stay
 * shared: they hold no Kaizala state.
 */
export function startProcess(clock: { now: () => number; sleep: (ms: number) => Promise<void> }): SimulatedProcess {
	for (const path of Object.keys(require.cache)) {
		if (path === HARNESS || PACKAGE_DIRS.some((dir) => path.startsWith(dir))) delete require.cache[path];
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const harness = require(HARNESS) as typeof Harness;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const budget = require(join(BUILD_ROOT, 'nodes', 'Kaizala', 'transport', 'pacing', 'budget.js')) as typeof BudgetModule;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const retryPolicy = require(join(BUILD_ROOT, 'nodes', 'Kaizala', 'transport', 'retryPolicy.js')) as typeof RetryPolicyModule;
	budget.pacingClock.now = clock.now;
	budget.pacingClock.sleep = clock.sleep;
	return { harness, budget, retryPolicy };
}

export interface Job {
	/** Simulated ms after the case starts. */
	startAt: number;
	items: number;
}

export interface JobFigures {
	startAt: number;
	items: number;
	firstDeliveryMs: number;
	finishedMs: number;
	delivered: number;
	failed: number;
	/** Calls of this job refused with 429. */
	throttled: number;
	/** Most 429s one item of this job met. */
	mostThrottledPerItem: number;
	/** kaizala_budget_wait_ms of the execution (what the user sees in its custom data). */
	budgetWaitMs: number;
	/** This job's part of the accepted calls while every job had items left, × number of jobs (1 = fair). */
	fairShare: number;
}

export interface CaseFigures {
	processes: number;
	items: number;
	minutes: number;
	/**
	 * The span the fastest sliding-window schedule of 100/min allows for these jobs (each item
	 * ready when its job starts) over the span the sandbox saw, both from the case's start.
	 */
	aggregate: number;
	throttledPerProcessMinute: number;
	throttled: number;
	failed: number;
	lost: number;
	duplicated: number;
	itemsOverThree429s: number;
	jobs: JobFigures[];
}

const textOf = (request: Fixture['sandbox']['requests'][number]) => String((request.body as { message?: unknown } | undefined)?.message ?? '');

/**
 * Runs one case: `jobs[i]` on simulated process i, all against one sandbox on a clock `factor`
 * times faster than real time. `configure` may set something on each process before it runs.
 */
export async function runCase(jobs: Job[], factor: number, configure?: (process: SimulatedProcess) => void): Promise<CaseFigures> {
	const clock = scaledClock(factor);
	const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms / factor));
	const fixture = await startFixture({ now: clock.now });
	try {
		const processes = jobs.map(() => startProcess({ now: clock.now, sleep }));
		for (const process of processes) configure?.(process);
		const t0 = clock.now();
		const prefix = (j: number) => `job${j}-`;
		const runs = await Promise.all(
			jobs.map(async (job, j) => {
				await sleep(job.startAt);
				const started = clock.now();
				const { harness } = processes[j];
				const result = await harness.runKaizalaNode({
					parameters: SEND,
					items: Array.from({ length: job.items }, (_, i) => ({ text: `${prefix(j)}${i}` })),
					store: fixture.store as unknown as Harness.CredentialStore,
					credential: fixture.credential,
					continueOnFail: true,
				});
				return { result, started, finished: clock.now() };
			}),
		);
		const end = clock.now();
		const sends = fixture.requestsFor(SEND_ROUTE);
		const accepted = sends.filter((r) => r.status === 200);
		const stored = fixture.sandbox.state.messages.map((m) => m.text);
		const storedSet = new Set(stored);

		// While every job had items left: from the last job's start to the first job's end.
		const contendedFrom = Math.max(...runs.map((r) => r.started));
		const contendedTo = Math.min(...runs.map((r) => r.finished));
		const contended = accepted.filter((r) => r.time >= contendedFrom && r.time <= contendedTo);

		const jobFigures = jobs.map((job, j): JobFigures => {
			const mine = sends.filter((r) => textOf(r).startsWith(prefix(j)));
			const mineAccepted = mine.filter((r) => r.status === 200);
			const per429 = new Map<string, number>();
			for (const r of mine) if (r.status === 429) per429.set(textOf(r), (per429.get(textOf(r)) ?? 0) + 1);
			const { result, started, finished } = runs[j];
			const metadata = result.run.data.resultData.metadata ?? {};
			return {
				startAt: job.startAt,
				items: job.items,
				firstDeliveryMs: (mineAccepted[0]?.time ?? Number.NaN) - started,
				finishedMs: finished - t0,
				delivered: mineAccepted.length,
				failed: result.output.filter((item) => item.json.error !== undefined).length + (result.error ? 1 : 0),
				throttled: mine.length - mineAccepted.length,
				mostThrottledPerItem: Math.max(0, ...per429.values()),
				budgetWaitMs: Number(metadata.kaizala_budget_wait_ms ?? 0),
				fairShare: contended.length === 0 ? Number.NaN : (contended.filter((r) => textOf(r).startsWith(prefix(j))).length / contended.length) * jobs.length,
			};
		});
		const expected = jobs.flatMap((job, j) => Array.from({ length: job.items }, (_, i) => `${prefix(j)}${i}`));
		const perItem429 = new Map<string, number>();
		for (const r of sends) if (r.status === 429) perItem429.set(textOf(r), (perItem429.get(textOf(r)) ?? 0) + 1);
		const minutes = (end - t0) / MINUTE;
		const throttled = sends.length - accepted.length;
		return {
			processes: jobs.length,
			items: expected.length,
			minutes,
			aggregate: achievedRate(
				accepted.map((r) => r.time),
				runs.flatMap((run, j) => Array<number>(jobs[j].items).fill(run.started)),
				LIMIT,
				t0,
			),
			throttled,
			throttledPerProcessMinute: throttled / (jobs.length * minutes),
			failed: jobFigures.reduce((sum, job) => sum + job.failed, 0),
			lost: expected.filter((text) => !storedSet.has(text)).length,
			duplicated: stored.length - storedSet.size,
			itemsOverThree429s: [...perItem429.values()].filter((count) => count > 3).length,
			jobs: jobFigures,
		};
	} finally {
		await fixture.close();
	}
}

/** The bulk cases: N processes, each one job, all starting at once; about 400 items in all (at least 40 per job). */
export function simultaneousJobs(processes: number): Job[] {
	const perJob = Math.max(40, Math.round(400 / processes));
	return Array.from({ length: processes }, () => ({ startAt: 0, items: perJob }));
}

/**
 * Staggered: four processes whose jobs start at different times; the third is short and stops
 * early, handing its share back to the others.
 */
export const STAGGERED: Job[] = [
	{ startAt: 0, items: 200 },
	{ startAt: 20_000, items: 120 },
	{ startAt: 45_000, items: 30 },
	{ startAt: 90_000, items: 100 },
];
