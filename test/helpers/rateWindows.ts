/** Rate-limit figures from the times (ms) at which the sandbox received requests. */

const MINUTE = 60_000;

/** The most requests within any one-minute window: what Kaizala's per-minute limits count. */
export function busiestMinute(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= MINUTE) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

/**
 * When the last of these calls could have been accepted at the earliest under a sliding one-minute
 * window of `limit` calls, each call ready from its time in `readyAt`: call k goes when it is ready
 * and the call `limit` places before it has left the window.
 */
export function fastestEnd(readyAt: number[], limit: number): number {
	const ready = [...readyAt].sort((a, b) => a - b);
	const times: number[] = [];
	for (let k = 0; k < ready.length; k++) times.push(Math.max(ready[k], k >= limit ? times[k - limit] + MINUTE : -Infinity));
	return times[times.length - 1] ?? Number.NaN;
}

/**
 * Achieved rate over the limit: the span the fastest schedule allowed (fastestEnd) over the span the
 * platform saw until its last accepted call, both from `from`. 1 = every call as early as the
 * limit allowed; calls that all fit in the first minute measure nothing (1).
 */
export function achievedRate(acceptedTimes: number[], readyAt: number[], limit: number, from: number): number {
	const ideal = fastestEnd(readyAt, limit) - from;
	const actual = Math.max(...acceptedTimes) - from;
	if (!(ideal > 0) || !(actual > 0)) return 1;
	return ideal / actual;
}
