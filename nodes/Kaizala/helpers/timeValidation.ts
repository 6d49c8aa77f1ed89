/**
 * Pure checks of moments in time typed into the node (date text, ISO strings, epoch ms, Date or
 * Luxon values), as validation.ts checks the rest of the input.
 */
import type { Checked } from './validation';
import { describeValue } from './validation';

/** A moment in the future (date text, ISO string or epoch ms) as epoch milliseconds. */
export function checkFutureTime(raw: unknown, now: number): Checked<number> {
	const ms = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : Date.parse(String(raw ?? ''));
	if (!Number.isFinite(ms)) return { ok: false, problem: typeof raw === 'string' ? `"${raw}" is not a date` : `is ${describeValue(raw)}, not a date` };
	if (ms <= now) return { ok: false, problem: `${new Date(ms).toISOString()} is not in the future` };
	return { ok: true, value: ms };
}

/** A date and time (date text, ISO string, epoch ms, Date or Luxon DateTime) as epoch milliseconds. */
export function checkDateTime(raw: unknown): Checked<number> {
	if (raw instanceof Date) return Number.isFinite(raw.getTime()) ? { ok: true, value: raw.getTime() } : { ok: false, problem: 'is not a valid date' };
	const luxon = raw as { toMillis?: () => number } | null;
	if (luxon && typeof luxon === 'object' && typeof luxon.toMillis === 'function') return checkDateTime(luxon.toMillis());
	const text = typeof raw === 'string' ? raw.trim() : raw;
	if (text === '' || text === undefined || text === null) return { ok: false, problem: 'is empty' };
	const ms = typeof text === 'number' ? text : /^\d+$/.test(String(text)) ? Number(text) : Date.parse(String(text));
	if (!Number.isFinite(ms)) return { ok: false, problem: typeof raw === 'string' ? `"${raw}" is not a date and time` : `is ${describeValue(raw)}, not a date and time` };
	return { ok: true, value: ms };
}

/** Whole hours from `now` until a future moment, rounded up (Kaizala takes due times in hours). */
export function checkHoursUntil(raw: unknown, now: number): Checked<number> {
	const moment = checkDateTime(raw);
	if (!moment.ok) return moment;
	if (moment.value <= now) return { ok: false, problem: `${new Date(moment.value).toISOString()} is not in the future` };
	return { ok: true, value: Math.max(1, Math.ceil((moment.value - now) / 3_600_000)) };
}
