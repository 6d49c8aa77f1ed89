/**
 * The send-once ledger: which idempotency keys this node has sent, kept in n8n's processed-items
 * store (`this.helpers.checkProcessedAndRecord` / `removeProcessed`, scope `node`), which every
 * worker and every later execution reads from n8n's database.
 *
 * Checked against n8n 2.41.0 (n8n-core's node-execution-context/utils/deduplication-helper-functions
 * and the CLI's deduplication/deduplication-helper): only the execute (and supply-data) contexts
 * have these helpers, webhook and trigger contexts do not; mode `entries` keeps an md5 hash of
 * each string (never the key itself) in one `processed_data` row per workflow and node id; each
 * call reads the row, changes it and writes it back whole, with no lock or transaction; the
 * oldest hashes are trimmed beyond `maxEntries`. There is no read-only check: checking records.
 *
 * So each key has two marks, both recorded by the one check before the send:
 * - `claim:<key>`: a send with this key was started,
 * - `open:<key>`: … and Kaizala has not confirmed it yet; removed once Kaizala confirmed.
 * A check therefore only ever records what is safe to record before a send, and its answer says:
 * claim new → never sent; claim known, open known → started, not confirmed (uncertain);
 * claim known, open new → confirmed (the check re-recorded `open`, which is removed again; if
 * the process dies in between the key reads as uncertain, the safe side).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

export type KeyState = 'new' | 'sent' | 'uncertain';

const claimMark = (key: string) => `kaizala-send-once:claim:${key}`;
const openMark = (key: string) => `kaizala-send-once:open:${key}`;

/** What a check of both marks says about the key (pure). */
export function keyStateOf(claimKnown: boolean, openKnown: boolean): KeyState {
	if (!claimKnown) return 'new';
	return openKnown ? 'uncertain' : 'sent';
}

export interface SendOnceLedger {
	/** Reads the key's state; a new key is claimed (recorded as open) by the same call. */
	check(key: string): Promise<KeyState>;
	/** Kaizala confirmed the send. */
	confirm(key: string): Promise<void>;
	/** Kaizala provably did not act on it: the key may be sent again. */
	release(key: string): Promise<void>;
}

export function sendOnceLedger(ctx: IExecuteFunctions, keysToRemember: number): SendOnceLedger {
	// Two marks per key.
	const options = { mode: 'entries' as const, maxEntries: keysToRemember * 2 };
	const { helpers } = ctx;
	return {
		async check(key) {
			const result = await helpers.checkProcessedAndRecord([claimMark(key), openMark(key)], 'node', options);
			const known = new Set(result.processed.map(String));
			const state = keyStateOf(known.has(claimMark(key)), known.has(openMark(key)));
			// The check re-recorded `open` of a confirmed key: take it back.
			if (state === 'sent') await helpers.removeProcessed([openMark(key)], 'node', options);
			return state;
		},
		async confirm(key) {
			// Writes by concurrent executions of this node can overwrite each other (no lock):
			// the claim is recorded again so a lost one comes back before `open` is removed.
			await helpers.checkProcessedAndRecord([claimMark(key)], 'node', options);
			await helpers.removeProcessed([openMark(key)], 'node', options);
		},
		async release(key) {
			await helpers.removeProcessed([claimMark(key), openMark(key)], 'node', options);
		},
	};
}
