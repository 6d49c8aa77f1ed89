/**
 * The documented platform throttling: 100 calls per minute per connector and 300 per minute per
 * tenant, as sliding one-minute windows on the injected clock. Refused calls are not counted.
 */
import type { ThrottleLimits } from './types';

const WINDOW_MS = 60_000;

export type ThrottleDecision = { allowed: true } | { allowed: false; scope: 'connector' | 'tenant'; limit: number; retryAfterSeconds: number };

class SlidingWindow {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly limit: number) {}

	/** Seconds until a slot frees up for `key`, or 0 if a call is allowed now. */
	waitSeconds(key: string, now: number): number {
		const recent = this.prune(key, now);
		if (recent.length < this.limit) return 0;
		const oldestInWindow = recent[recent.length - this.limit];
		return Math.max(1, Math.ceil((oldestInWindow + WINDOW_MS - now) / 1000));
	}

	record(key: string, now: number): void {
		this.prune(key, now).push(now);
	}

	private prune(key: string, now: number): number[] {
		const recent = (this.hits.get(key) ?? []).filter((time) => time > now - WINDOW_MS && time <= now);
		this.hits.set(key, recent);
		return recent;
	}
}

export class PlatformThrottle {
	private readonly perConnector: SlidingWindow;
	private readonly perTenant: SlidingWindow;

	constructor(
		private readonly limits: ThrottleLimits,
		private readonly now: () => number,
	) {
		this.perConnector = new SlidingWindow(limits.perConnectorPerMinute);
		this.perTenant = new SlidingWindow(limits.perTenantPerMinute);
	}

	/** Checks both windows and, only if both allow it, counts the call in both. */
	admit(connectorId: string, tenantId: string): ThrottleDecision {
		const now = this.now();
		const connectorWait = this.perConnector.waitSeconds(connectorId, now);
		if (connectorWait > 0) {
			return { allowed: false, scope: 'connector', limit: this.limits.perConnectorPerMinute, retryAfterSeconds: connectorWait };
		}
		const tenantWait = this.perTenant.waitSeconds(tenantId, now);
		if (tenantWait > 0) {
			return { allowed: false, scope: 'tenant', limit: this.limits.perTenantPerMinute, retryAfterSeconds: tenantWait };
		}
		this.perConnector.record(connectorId, now);
		this.perTenant.record(tenantId, now);
		return { allowed: true };
	}
}
