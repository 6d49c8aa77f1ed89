/**
 * Waiting for the call budget inside an n8n execution, visibly: a long wait is written to n8n's
 * log when it starts (so a bulk run never stalls silently), and the time the items of an
 * execution waited is kept in the execution's custom data (n8n's execution metadata, shown with
 * the execution), under BUDGET_WAIT_KEYS.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CallBudget } from './budget';
import { LONG_WAIT_MS, limiter, pacingClock } from './budget';
import type { KaizalaContext } from './index';

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
