/**
 * The call budget of this n8n process and the wait for it: the documented limits and the
 * credential's advanced settings that lower them, the keys that decide who shares a budget, the
 * process-wide limiter (rateLimiter.ts) every item, execution and workflow draws from, the clock
 * it runs on, and waitForBudget, which a request calls before it is sent.
 *
 * - connector budget: one per connector (API root + connector ID), default 100 calls/minute;
 * - tenant budget: shared by every connector of one tenant that this process knows of, default
 *   300 calls/minute. The token service does not say which tenant a connector belongs to, so
 *   connectors name their tenant in the credential (Tenant ID); without one, every connector on
 *   the same API root counts as one tenant (safe: it can only be slower, never run into 429s).
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { KaizalaContext } from '../context';
import type { Budget } from './rateLimiter';
import { createRateLimiter } from './rateLimiter';

/** API.md: "100 calls per min per connector", "300 calls per min per tenant (across connectors)". */
export const DEFAULT_CONNECTOR_CALLS_PER_MINUTE = 100;
export const DEFAULT_TENANT_CALLS_PER_MINUTE = 300;

/** Waits for budget at least this long are written to n8n's log as they start. */
export const LONG_WAIT_MS = 5_000;

/** Names of the credential's advanced settings (credentials/KaizalaApi.credentials.ts). */
export const LIMIT_FIELDS = {
	custom: 'customCallLimits',
	connectorPerMinute: 'connectorCallsPerMinute',
	tenantPerMinute: 'tenantCallsPerMinute',
	tenantId: 'tenantId',
} as const;

export interface CallBudget {
	connector: Budget;
	tenant: Budget;
}

/** The limiter's clock and sleeper: real time in n8n; benchmarks run them time-scaled. */
export const pacingClock = {
	now: (): number => Date.now(),
	sleep: async (ms: number): Promise<void> => await sleep(ms),
};

/** Every caller of this process draws from this one limiter. */
export const limiter = createRateLimiter(() => pacingClock.now());

function positiveNumber(value: unknown, fallback: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : fallback;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** Whole calls per minute; never below one. */
function wholeCalls(perMinute: number): number {
	return Math.max(1, Math.floor(perMinute));
}

/** The budgets a request with this credential draws on. */
export function budgetFor(data: ICredentialDataDecryptedObject, apiRoot: string, connectorId: string): CallBudget {
	const custom = data[LIMIT_FIELDS.custom] === true;
	const connectorPerMinute = custom
		? positiveNumber(data[LIMIT_FIELDS.connectorPerMinute], DEFAULT_CONNECTOR_CALLS_PER_MINUTE)
		: DEFAULT_CONNECTOR_CALLS_PER_MINUTE;
	const tenantPerMinute = custom
		? positiveNumber(data[LIMIT_FIELDS.tenantPerMinute], DEFAULT_TENANT_CALLS_PER_MINUTE)
		: DEFAULT_TENANT_CALLS_PER_MINUTE;
	const root = apiRoot.trim().replace(/\/+$/, '').toLowerCase();
	const tenantId = custom ? text(data[LIMIT_FIELDS.tenantId]).toLowerCase() : '';
	return {
		connector: { key: `connector:${root}|${connectorId}`, perMinute: wholeCalls(connectorPerMinute) },
		tenant: { key: tenantId ? `tenant:${tenantId}` : `tenant:${root}`, perMinute: wholeCalls(tenantPerMinute) },
	};
}

/*
 * Waiting for the call budget inside an n8n execution, visibly: a long wait is written to n8n's
 * log when it starts (so a bulk run never stalls silently), and the time the items of an
 * execution waited is kept in the execution's custom data (n8n's execution metadata, shown with
 * the execution), under BUDGET_WAIT_KEYS.
 */
export const BUDGET_WAIT_KEYS = {
	/** Total ms the calls of this execution waited for the connector's or tenant's budget. */
	waitedMs: 'kaizala_budget_wait_ms',
	/** How many calls of this execution had to wait. */
	waitedCalls: 'kaizala_budget_waited_calls',
} as const;

function addToExecutionData(ctx: KaizalaContext, waitedMs: number): void {
	const custom = (() => {
		try {
			return (ctx as IExecuteFunctions).customData;
		} catch {
			return undefined; // list searches and webhook hooks have no execution data
		}
	})();
	if (!custom || typeof custom.get !== 'function') return;
	const previousMs = Number(custom.get(BUDGET_WAIT_KEYS.waitedMs) ?? 0) || 0;
	const previousCalls = Number(custom.get(BUDGET_WAIT_KEYS.waitedCalls) ?? 0) || 0;
	try {
		custom.set(BUDGET_WAIT_KEYS.waitedMs, String(Math.round(previousMs + waitedMs)));
		custom.set(BUDGET_WAIT_KEYS.waitedCalls, String(previousCalls + 1));
	} catch {
		// n8n refuses custom data beyond its limit of keys; the log line remains.
	}
}

/**
 * Books this call in the budgets and waits for its slot, then for any pause a 429 put on the
 * connector meanwhile. Returns `settle`, to call when the answer arrived.
 */
export async function waitForBudget(
	ctx: KaizalaContext,
	budget: CallBudget,
	connectorId: string,
	itemIndex: number | undefined,
): Promise<() => void> {
	const budgets = [budget.connector, budget.tenant];
	const booking = limiter.reserve(budgets);
	let wait = booking.waitMs;
	let waited = 0;
	while (wait > 0) {
		if (wait >= LONG_WAIT_MS) {
			const held = limiter.heldFor(budget.connector.key) > 0;
			ctx.logger.warn(
				held
					? `Kaizala: waiting ${Math.ceil(wait / 1000)} s because Kaizala asked connector ${connectorId} to slow down (429)`
					: `Kaizala: waiting ${Math.ceil(wait / 1000)} s for the call budget of connector ${connectorId} (${budget.connector.perMinute}/min, tenant ${budget.tenant.perMinute}/min)`,
				{ connectorId, itemIndex, waitMs: wait },
			);
		}
		await pacingClock.sleep(wait);
		waited += wait;
		// A 429 elsewhere may have paused the connector while this call slept.
		wait = limiter.heldFor(budget.connector.key);
	}
	if (waited > 0) addToExecutionData(ctx, waited);
	return () => limiter.settle(budgets, booking.at, pacingClock.now());
}
