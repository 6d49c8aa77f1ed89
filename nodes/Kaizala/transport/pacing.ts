/**
 * Pacing before the wall: a call budget per key (a connector, a tenant) counted the way the
 * platform counts (a sliding one-minute window), so bulk work runs at the limit instead of into
 * 429s. Pure: the clock is injected; the caller sleeps for the time `reserve` returns.
 *
 * `reserve` books the earliest moment at which a call fits every budget it draws on, and counts
 * it at once, so concurrent callers get distinct slots in arrival order (no thundering herd, no
 * starvation). A booked slot in the future never blocks an earlier free slot of another budget:
 * three connectors of one tenant each get their own 100 calls while the tenant has room.
 */

export const WINDOW_MS = 60_000;

/**
 * Slack added when a slot frees up. Every call is counted at its answer (settle), which is never
 * before the platform counted its arrival, and the platform frees a slot one window after that
 * arrival (sandbox/throttle.ts; API.md gives only the per-minute limits, and a sliding window
 * within them also keeps any fixed per-minute bucket within them). A booking made while an
 * earlier call is still on its way counts that call at its booked moment, though, so the slack
 * absorbs how much later than booked a call reaches the platform compared with the next one
 * (timer lateness, connection set-up), and millisecond rounding. A quarter second costs 0.4 % of
 * the rate (it was 1 s); a 429 that gets through anyway pauses the connector and the call is
 * sent again (nothing lost).
 */
export const SLOT_MARGIN_MS = 250;

export interface Budget {
	/** What the budget is for, e.g. `connector:<api root>|<connector id>`. */
	key: string;
	/** Calls allowed per sliding minute; Infinity or a non-positive/NaN value means unlimited. */
	perMinute: number;
}

export interface Booking {
	/** ms to wait before sending (0: now). */
	waitMs: number;
	/** The booked moment, to hand to `settle`. */
	at: number;
}

export interface RateLimiter {
	/** Books a call against every budget at the earliest moment they all allow. */
	reserve(budgets: Budget[]): Booking;
	/**
	 * The call booked at `bookedAt` was answered at `answeredAt`: count it then instead. The
	 * platform saw it somewhere in between, so later bookings never assume it left the window
	 * before it did (a slow first call, a busy event loop).
	 */
	settle(budgets: Budget[], bookedAt: number, answeredAt: number): void;
	/** The platform asked for a pause (429 + Retry-After): no slot for `key` before now + ms. */
	holdFor(key: string, ms: number): void;
	/** ms until calls on `key` may go again after a hold (0 when not held). */
	heldFor(key: string): number;
	/** Forgets every key (tests; a new process starts empty too). */
	reset(): void;
}

interface KeyState {
	/** Booked call times, ascending. */
	times: number[];
	heldUntil: number;
}

function isLimited(perMinute: number): boolean {
	return Number.isFinite(perMinute) && perMinute > 0;
}

/** Index of the first booked time > value (times ascending). */
function upperBound(times: number[], value: number): number {
	let low = 0;
	let high = times.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (times[mid] <= value) low = mid + 1;
		else high = mid;
	}
	return low;
}

/** Booked calls in the window that ends at `end`: (end - WINDOW_MS, end]. */
function countInWindow(times: number[], end: number): number {
	return upperBound(times, end) - upperBound(times, end - WINDOW_MS);
}

/** Whether one more call at `at` keeps every window that contains it within `limit`. */
function admits(times: number[], limit: number, at: number): boolean {
	if (times.length < limit) return true;
	if (countInWindow(times, at) >= limit) return false;
	// Windows ending at later booked calls also gain this call.
	for (let i = upperBound(times, at); i < times.length && times[i] < at + WINDOW_MS; i++) {
		if (countInWindow(times, times[i]) >= limit) return false;
	}
	return true;
}

/** The earliest moment ≥ from at which the key admits one more call. */
function earliestSlot(state: KeyState, limit: number, from: number): number {
	const start = Math.max(from, state.heldUntil);
	if (admits(state.times, limit, start)) return start;
	// A slot frees when a booked call leaves the window.
	for (const booked of state.times) {
		const candidate = booked + WINDOW_MS + SLOT_MARGIN_MS;
		if (candidate > start && admits(state.times, limit, candidate)) return candidate;
	}
	return (state.times[state.times.length - 1] ?? start) + WINDOW_MS + SLOT_MARGIN_MS;
}

export function createRateLimiter(now: () => number = () => Date.now()): RateLimiter {
	const states = new Map<string, KeyState>();

	const stateOf = (key: string): KeyState => {
		let state = states.get(key);
		if (!state) {
			state = { times: [], heldUntil: 0 };
			states.set(key, state);
		}
		return state;
	};

	const prune = (state: KeyState, at: number): void => {
		const keepFrom = upperBound(state.times, at - WINDOW_MS - SLOT_MARGIN_MS);
		if (keepFrom > 0) state.times.splice(0, keepFrom);
	};

	return {
		reserve(budgets) {
			const current = now();
			const limited = budgets.filter((budget) => isLimited(budget.perMinute));
			const held = budgets.map((budget) => states.get(budget.key)?.heldUntil ?? 0);
			let at = Math.max(current, ...held);
			if (limited.length === 0) return { waitMs: at - current, at };
			const keyed = limited.map((budget) => ({ limit: Math.floor(budget.perMinute), state: stateOf(budget.key) }));
			for (const { state } of keyed) prune(state, current);
			// Move forward until one moment suits every budget (each step only moves later).
			for (let settled = false; !settled; ) {
				settled = true;
				for (const { state, limit } of keyed) {
					const slot = earliestSlot(state, limit, at);
					if (slot > at) {
						at = slot;
						settled = false;
					}
				}
			}
			for (const { state } of keyed) state.times.splice(upperBound(state.times, at), 0, at);
			return { waitMs: at - current, at };
		},
		settle(budgets, bookedAt, answeredAt) {
			if (!(answeredAt > bookedAt)) return;
			for (const budget of budgets) {
				const times = states.get(budget.key)?.times;
				if (!times) continue;
				const index = upperBound(times, bookedAt) - 1;
				if (index < 0 || times[index] !== bookedAt) continue;
				times.splice(index, 1);
				times.splice(upperBound(times, answeredAt), 0, answeredAt);
			}
		},
		holdFor(key, ms) {
			const state = stateOf(key);
			state.heldUntil = Math.max(state.heldUntil, now() + Math.max(0, ms));
		},
		heldFor(key) {
			const until = states.get(key)?.heldUntil ?? 0;
			return Math.max(0, until - now());
		},
		reset() {
			states.clear();
		},
	};
}
