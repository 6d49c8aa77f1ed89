/**
 * Time-scaled runs: the sandbox's clock and the node's pacing clock run `factor` times faster
 * than real time, so a minute of the platform's throttling window passes in 60/factor seconds.
 * Both read the same clock; the node's sleeps are shortened by the same factor.
 */
import { pacingClock } from '../../nodes/Kaizala/transport/pacing/budget';

export interface ScaledClock {
	now: () => number;
	/** Puts the node's pacing on this clock; returns a function that restores real time. */
	install: () => () => void;
}

export function scaledClock(factor: number): ScaledClock {
	const realStart = Date.now();
	const now = () => realStart + (Date.now() - realStart) * factor;
	return {
		now,
		install: () => {
			const original = { ...pacingClock };
			pacingClock.now = now;
			pacingClock.sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms / factor));
			return () => Object.assign(pacingClock, original);
		},
	};
}
