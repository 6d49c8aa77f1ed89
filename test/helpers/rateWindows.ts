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
