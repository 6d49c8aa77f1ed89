import { createRateLimiter, SLOT_MARGIN_MS, WINDOW_MS } from '../../../../../nodes/Kaizala/transport/pacing';
import { busiestMinute } from '../../../../helpers/rateWindows';

/** Books `count` calls at the fake time `at` and returns the send times they were given. */
function book(limiter: ReturnType<typeof createRateLimiter>, at: number, count: number, budgets: Parameters<ReturnType<typeof createRateLimiter>['reserve']>[0]) {
	return Array.from({ length: count }, () => at + limiter.reserve(budgets).waitMs);
}

describe('rate limiter (sliding one-minute budgets)', () => {
	let clock = 0;
	const now = () => clock;
	beforeEach(() => (clock = 1_000_000));

	it('lets the first 100 calls go at once, then one more per freed slot, never 101 in a minute', () => {
		const limiter = createRateLimiter(now);
		const connector = [{ key: 'c', perMinute: 100 }];
		const times = book(limiter, clock, 250, connector);
		expect(times.slice(0, 100).every((t) => t === clock)).toBe(true);
		expect(times[100]).toBe(clock + WINDOW_MS + SLOT_MARGIN_MS);
		expect(busiestMinute(times)).toBe(100);
		// 250 calls in three windows: the rate stays within 2 % of the limit.
		const minutes = (times[249] - times[0]) / WINDOW_MS;
		expect(minutes).toBeCloseTo(2 + (2 * SLOT_MARGIN_MS) / WINDOW_MS, 5);
	});

	it('a tenant budget is shared by its connectors, and a connector waiting for its own budget does not block the others', () => {
		const limiter = createRateLimiter(now);
		const tenant = { key: 't', perMinute: 300 };
		const a = book(limiter, clock, 150, [{ key: 'a', perMinute: 100 }, tenant]);
		const b = book(limiter, clock, 100, [{ key: 'b', perMinute: 100 }, tenant]);
		const c = book(limiter, clock, 150, [{ key: 'c', perMinute: 100 }, tenant]);
		// b got its 100 calls now although a had booked future slots in the tenant budget.
		expect(b.every((t) => t === clock)).toBe(true);
		expect(a.filter((t) => t === clock)).toHaveLength(100);
		expect(c.filter((t) => t === clock)).toHaveLength(100);
		expect(busiestMinute([...a, ...b, ...c])).toBe(300);
		for (const own of [a, b, c]) expect(busiestMinute(own)).toBeLessThanOrEqual(100);
	});

	it('the tenant limit holds when it is the tighter one', () => {
		const limiter = createRateLimiter(now);
		const tenant = { key: 't', perMinute: 120 };
		const all = [
			...book(limiter, clock, 100, [{ key: 'a', perMinute: 100 }, tenant]),
			...book(limiter, clock, 100, [{ key: 'b', perMinute: 100 }, tenant]),
		];
		expect(all.filter((t) => t === clock)).toHaveLength(120);
		expect(busiestMinute(all)).toBe(120);
	});

	it('a hold (429 + Retry-After) delays every later call of that key, not other keys', () => {
		const limiter = createRateLimiter(now);
		limiter.holdFor('a', 7_000);
		expect(limiter.heldFor('a')).toBe(7_000);
		expect(limiter.reserve([{ key: 'a', perMinute: 100 }]).waitMs).toBe(7_000);
		expect(limiter.reserve([{ key: 'b', perMinute: 100 }]).waitMs).toBe(0);
		clock += 7_000;
		expect(limiter.heldFor('a')).toBe(0);
		expect(limiter.reserve([{ key: 'a', perMinute: 100 }]).waitMs).toBe(0);
	});

	it('slots free up as the clock moves on', () => {
		const limiter = createRateLimiter(now);
		const budget = [{ key: 'a', perMinute: 2 }];
		expect(book(limiter, clock, 2, budget)).toEqual([clock, clock]);
		clock += WINDOW_MS + SLOT_MARGIN_MS;
		expect(limiter.reserve(budget).waitMs).toBe(0);
	});

	it('a call counted when its answer came frees its slot only a minute after that', () => {
		const limiter = createRateLimiter(now);
		const budget = [{ key: 'a', perMinute: 2 }];
		const first = limiter.reserve(budget);
		limiter.reserve(budget);
		limiter.settle(budget, first.at, clock + 5_000);
		expect(limiter.reserve(budget).waitMs).toBe(WINDOW_MS + SLOT_MARGIN_MS);
		expect(limiter.reserve(budget).waitMs).toBe(5_000 + WINDOW_MS + SLOT_MARGIN_MS);
	});

	it('an unlimited budget never waits', () => {
		const limiter = createRateLimiter(now);
		const waits = Array.from({ length: 10_000 }, () => limiter.reserve([{ key: 'a', perMinute: Infinity }]).waitMs);
		expect(Math.max(...waits)).toBe(0);
	});
});
