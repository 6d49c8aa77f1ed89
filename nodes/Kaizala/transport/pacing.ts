/**
 * Shared back-off for the platform's throttling (100 calls/min per connector, 300 per tenant).
 * When any request for a connector receives 429 + Retry-After, every caller for that connector
 * waits until the time has passed, instead of each one discovering the limit on its own.
 * Pure: the clock is injected.
 */
export interface Pacer {
	/** ms the caller must wait before sending for this key (0 when free). */
	delayFor(key: string): number;
	/** The platform asked for a pause: hold every caller for this key for `ms`. */
	holdFor(key: string, ms: number): void;
}

export function createPacer(now: () => number = () => Date.now()): Pacer {
	const heldUntil = new Map<string, number>();
	return {
		delayFor(key) {
			const until = heldUntil.get(key);
			if (until === undefined) return 0;
			const remaining = until - now();
			if (remaining <= 0) heldUntil.delete(key);
			return Math.max(0, remaining);
		},
		holdFor(key, ms) {
			const until = now() + Math.max(0, ms);
			heldUntil.set(key, Math.max(heldUntil.get(key) ?? 0, until));
		},
	};
}
