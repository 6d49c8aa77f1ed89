/**
 * Fault injection: rules that make matching requests fail in a chosen way (status, delay,
 * dropped connection, malformed JSON) so clients' error handling can be exercised over real HTTP.
 * A rule is consumed once per hit and removed when its `times` run out.
 */
import type { FaultRule } from './types';

export interface FaultTarget {
	method: string;
	kind: 'token' | 'api' | 'other';
	/** Matched route, e.g. 'POST /groups/:groupId/messages'; undefined when no route matched. */
	routeName?: string;
	rawPath: string;
}

interface ActiveRule {
	rule: FaultRule;
	remaining: number;
}

export class FaultInjector {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		const times = rule.times ?? 1;
		if (!(times > 0)) throw new Error('FaultRule.times must be positive');
		this.rules.push({ rule, remaining: times });
	}

	clear(): void {
		this.rules = [];
	}

	/** The first rule matching the request, consuming one of its hits. */
	take(target: FaultTarget): FaultRule | undefined {
		const index = this.rules.findIndex((active) => matches(active.rule, target));
		if (index < 0) return undefined;
		const active = this.rules[index];
		active.remaining -= 1;
		if (active.remaining <= 0) this.rules.splice(index, 1);
		return active.rule;
	}
}

/** Whether the fault answers by itself; otherwise it only delays and/or adds headers. */
export function faultResponds(rule: FaultRule): boolean {
	return rule.drop === true || rule.malformed === true || rule.status !== undefined || rule.body !== undefined;
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
	if (rule.method && rule.method.toUpperCase() !== target.method.toUpperCase()) return false;
	if (rule.kind && rule.kind !== target.kind) return false;
	if (rule.path === undefined) return true;

	const candidates = [target.rawPath];
	if (target.routeName) {
		candidates.push(target.routeName, target.routeName.slice(target.routeName.indexOf(' ') + 1));
	}
	const pattern = rule.path;
	if (typeof pattern === 'string') return candidates.includes(pattern);
	return candidates.some((candidate) => {
		// Reset stateful (global/sticky) regexes so repeated matching is deterministic.
		pattern.lastIndex = 0;
		return pattern.test(candidate);
	});
}
