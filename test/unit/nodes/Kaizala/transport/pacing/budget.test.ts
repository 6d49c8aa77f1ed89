/**
 * The pacing wait (transport/pacing/budget.ts) in a real n8n-core ExecuteContext, on a fake clock:
 * a call that fits goes at once; one over the budget sleeps until its slot, a long wait is logged
 * as it starts, and the execution's custom data adds up what its calls waited.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CallBudget } from '../../../../../../nodes/Kaizala/transport/pacing/budget';
import { BUDGET_WAIT_KEYS, limiter, pacingClock, waitForBudget } from '../../../../../../nodes/Kaizala/transport/pacing/budget';
import { SLOT_MARGIN_MS, WINDOW_MS } from '../../../../../../nodes/Kaizala/transport/pacing/rateLimiter';
import { executeContext } from '../../../../../helpers/context';

const budget: CallBudget = {
	connector: { key: 'connector:test|c-1', perMinute: 1 },
	tenant: { key: 'tenant:test', perMinute: 10 },
};

let now = 1_700_000_000_000;
const slept: number[] = [];
const realClock = { ...pacingClock };
let ctx: IExecuteFunctions;
let warnings: string[];

beforeEach(() => {
	slept.length = 0;
	pacingClock.now = () => now;
	pacingClock.sleep = async (ms) => {
		slept.push(ms);
		now += ms;
	};
	limiter.reset();
	ctx = executeContext({ resource: 'message', operation: 'send' });
	warnings = [];
	jest.spyOn(ctx.logger, 'warn').mockImplementation((message: string) => void warnings.push(message));
});

afterEach(() => {
	Object.assign(pacingClock, realClock);
	limiter.reset();
	jest.restoreAllMocks();
});

describe('waitForBudget', () => {
	it('a call within the budget goes at once: no sleep, no log line, no custom data', async () => {
		const settle = await waitForBudget(ctx, budget, 'c-1', 0);
		settle();
		expect(slept).toEqual([]);
		expect(warnings).toEqual([]);
		expect(ctx.customData.get(BUDGET_WAIT_KEYS.waitedMs)).toBeUndefined();
	});

	it('a call over the budget sleeps until its slot, says so in the log, and is added to the custom data', async () => {
		(await waitForBudget(ctx, budget, 'c-1', 0))();
		const settle = await waitForBudget(ctx, budget, 'c-1', 1);
		settle();
		expect(slept).toEqual([WINDOW_MS + SLOT_MARGIN_MS]);
		expect(warnings).toEqual([
			`Kaizala: waiting ${Math.ceil((WINDOW_MS + SLOT_MARGIN_MS) / 1000)} s for the call budget of connector c-1 (1/min, tenant 10/min)`,
		]);
		expect(ctx.customData.get(BUDGET_WAIT_KEYS.waitedMs)).toBe(String(WINDOW_MS + SLOT_MARGIN_MS));
		expect(ctx.customData.get(BUDGET_WAIT_KEYS.waitedCalls)).toBe('1');
	});

	it('a 429 hold put on the connector while a call slept is waited out too, and named as the reason', async () => {
		const held = { ...budget, connector: { ...budget.connector, perMinute: 100 } };
		limiter.holdFor(held.connector.key, 6_000);
		const sleep = pacingClock.sleep;
		let first = true;
		pacingClock.sleep = async (ms) => {
			await sleep(ms);
			if (first) limiter.holdFor(held.connector.key, 2_000); // another caller's 429 meanwhile
			first = false;
		};
		(await waitForBudget(ctx, held, 'c-1', 0))();
		expect(slept).toEqual([6_000, 2_000]);
		expect(warnings).toEqual(['Kaizala: waiting 6 s because Kaizala asked connector c-1 to slow down (429)']);
		expect(ctx.customData.get(BUDGET_WAIT_KEYS.waitedMs)).toBe('8000');
	});
});
