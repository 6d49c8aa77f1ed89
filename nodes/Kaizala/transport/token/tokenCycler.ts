/**
 * When to refresh an access token, and one refresh at a time per key. Pure: the clock, the
 * windows and the refresh itself (the fetcher) are handed in, so every rule runs on a fake clock.
 *
 * Shaped like the Azure SDK's token cycler (core-rest-pipeline, util/tokenCycler.ts): two named
 * predicates and one in-flight refresh that every caller shares.
 * - mustRefresh: no token, or it is inside its forced window (too close to expiry to send):
 *   the caller waits for the refresh.
 * - shouldRefresh: the token is inside its refresh window, nobody is refreshing it, and no early
 *   refresh failed just now: this caller refreshes, everyone else keeps using the token.
 * Differences from Azure's: tokens are kept per key (one per credential's values); the caller
 * that starts an early refresh waits for it instead of leaving it in the background (in n8n an
 * execution may end before a background refresh does), and it still gets the current token if
 * that refresh fails; a failed refresh is never cached, the next caller starts a new one.
 */

export interface Expiring {
	accessTokenExpiry: number;
	receivedAt: number;
}

/** Refresh window and forced window of a token, in ms before its expiry. */
export type RefreshWindows = (token: Expiring) => { refreshMs: number; forcedMs: number };

/** fresh: send it; refresh-due: send it, and refresh; unusable: never send it. */
export type TokenState = 'fresh' | 'refresh-due' | 'unusable';

export function tokenState(token: Expiring, windows: RefreshWindows, now: number): TokenState {
	return stateWithin(token, windows(token), now);
}

function stateWithin(token: Expiring, { refreshMs, forcedMs }: ReturnType<RefreshWindows>, now: number): TokenState {
	const remaining = token.accessTokenExpiry - now;
	if (remaining > refreshMs) return 'fresh';
	return remaining > forcedMs ? 'refresh-due' : 'unusable';
}

export interface TokenCyclerOptions {
	now: () => number;
	windows: RefreshWindows;
	/** After an early refresh failed, how long the current token is used before trying again. */
	retryIntervalMs: number;
}

export interface TokenCycler<T extends Expiring> {
	/** The token held for this key, if it may still be sent (outside its forced window). */
	peek(key: string): T | undefined;
	/** Holds this token for the key (adopted from elsewhere, changed in place, or none). */
	hold(key: string, token: T | undefined): void;
	/** The state of the token held for this key, if any. */
	stateOf(key: string): TokenState | undefined;
	mustRefresh(key: string): boolean;
	shouldRefresh(key: string): boolean;
	isRefreshing(key: string): boolean;
	/** The token to send now, refreshing as the two predicates say; `refreshed` for the caller whose fetch ran. */
	getToken(key: string, fetch: () => Promise<T>): Promise<{ token: T; refreshed: boolean }>;
	/** Starts a refresh for the key, or joins the one under way. */
	refresh(key: string, fetch: () => Promise<T>): Promise<T>;
	readonly stats: { refreshes: number; joined: number };
}

/** A token with its windows, worked out once when it is held: every request asks for its state. */
interface Held<T> {
	token: T;
	windows: ReturnType<RefreshWindows>;
}

interface Entry<T> {
	held?: Held<T>;
	/** The one refresh under way for this key. */
	refreshing?: Promise<T>;
	/** No early refresh before this time: one failed, and the token still works meanwhile. */
	quietUntil?: number;
}

export function createTokenCycler<T extends Expiring>({ now, windows, retryIntervalMs }: TokenCyclerOptions): TokenCycler<T> {
	const entries = new Map<string, Entry<T>>();
	const stats = { refreshes: 0, joined: 0 };

	function entryFor(key: string): Entry<T> {
		let entry = entries.get(key);
		if (!entry) entries.set(key, (entry = {}));
		return entry;
	}

	function stateOf(key: string): TokenState | undefined {
		const held = entries.get(key)?.held;
		return held && stateWithin(held.token, held.windows, now());
	}

	function peek(key: string): T | undefined {
		const state = stateOf(key);
		return state && state !== 'unusable' ? entries.get(key)?.held?.token : undefined;
	}

	function hold(key: string, token: T | undefined): void {
		const entry = entryFor(key);
		if (entry.held?.token !== token) entry.held = token && { token, windows: windows(token) };
	}

	const mustRefresh = (key: string) => peek(key) === undefined;

	function shouldRefresh(key: string): boolean {
		const entry = entries.get(key);
		if (!entry || entry.refreshing) return false;
		const quiet = entry.quietUntil !== undefined && now() < entry.quietUntil;
		return !quiet && stateOf(key) === 'refresh-due';
	}

	function refresh(key: string, fetch: () => Promise<T>): Promise<T> {
		const entry = entryFor(key);
		if (entry.refreshing) {
			stats.joined++;
			return entry.refreshing;
		}
		stats.refreshes++;
		const refreshing = fetch().then((token) => {
			hold(key, token);
			entry.quietUntil = undefined;
			return token;
		});
		entry.refreshing = refreshing;
		// Cleared on failure as on success: a failed refresh is not cached.
		const clear = () => {
			if (entry.refreshing === refreshing) entry.refreshing = undefined;
		};
		refreshing.then(clear, clear);
		return refreshing;
	}

	async function getToken(key: string, fetch: () => Promise<T>) {
		let refreshed = false;
		const fetchHere = async () => {
			refreshed = true;
			return await fetch();
		};
		if (mustRefresh(key)) return { token: await refresh(key, fetchHere), refreshed };
		if (!shouldRefresh(key)) return { token: peek(key) as T, refreshed };
		const early = await refresh(key, fetchHere).then(
			(token) => ({ token }),
			(error: unknown) => ({ error }),
		);
		if ('token' in early) return { token: early.token, refreshed };
		// The early refresh failed: keep the current token while it may still be sent.
		entryFor(key).quietUntil = now() + retryIntervalMs;
		const stillUsable = peek(key);
		if (stillUsable) return { token: stillUsable, refreshed: false };
		throw early.error;
	}

	const isRefreshing = (key: string) => entries.get(key)?.refreshing !== undefined;
	return { peek, hold, stateOf, mustRefresh, shouldRefresh, isRefreshing, getToken, refresh, stats };
}
