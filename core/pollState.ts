/**
 * What a polling trigger remembers between polls, and what it decides to emit. Pure: no HTTP, no
 * clock, so it can be tested over any arrival timeline. Generalised from the VBC trigger's poll state
 * (before its issue-15 redesign); any provider whose list can be read from a lower time edge uses it.
 *
 * Why not a watermark: an item appears only after it is complete (a call ends, a recording is
 * processed), so its time can be older than the moment it becomes visible. Each poll therefore lists
 * a look-back window of item times and emits the items whose key it has not seen. The set of seen
 * keys is pruned below the window's lower edge, which only moves forward, so it stays bounded.
 *
 * A backlog larger than "max items per poll" is emitted oldest first; `cursor` holds the lower edge
 * of what is still to emit, so the next poll continues where this one stopped.
 *
 * An item the trigger cannot complete yet (its audio is not attached) is held: it stays unseen, so
 * the next polls list and decide it again, and `held` counts since when, so that after a bounded
 * time it is emitted anyway (with the reason) instead of stalling or being lost.
 */

export const POLL_STATE_VERSION = 1;

export interface HeldItem {
	/** When it was first held (ms). */
	since: number;
	/** Polls that held it. */
	tries: number;
	/** The item's time, for pruning. */
	at: number;
}

export interface PollState {
	v: typeof POLL_STATE_VERSION;
	/** key → the item's time (ms), for pruning. */
	seen: Record<string, number>;
	/** The oldest time still to catch up on, while a backlog remains. */
	cursor?: number;
	/** Items decided but not emitted yet, waiting to be complete. */
	held?: Record<string, HeldItem>;
}

export interface Candidate {
	key: string;
	/** The item's time in ms, the axis of the look-back window. */
	at: number;
}

export interface WindowSettings {
	now: number;
	windowMs: number;
}

export function isPollState(value: unknown): value is PollState {
	return (
		typeof value === 'object' &&
		value !== null &&
		(value as PollState).v === POLL_STATE_VERSION &&
		typeof (value as PollState).seen === 'object'
	);
}

/** The lower edge (inclusive) of the times to list in this poll. */
export function listFrom(state: PollState, { now, windowMs }: WindowSettings): number {
	const windowStart = now - windowMs;
	return state.cursor === undefined ? windowStart : Math.min(state.cursor, windowStart);
}

/**
 * The first activation. Everything listed now is remembered, so nothing old is emitted; with a
 * catch-up period, only what is older than it is remembered, and the cursor starts there, so the
 * polls that follow emit the catch-up period oldest first. `listed` must reach back to
 * `min(catchUpFrom, now - window)`.
 */
export function firstState(listed: Candidate[], catchUpFrom: number | undefined): PollState {
	const seen: Record<string, number> = {};
	for (const item of listed) if (catchUpFrom === undefined || item.at < catchUpFrom) seen[item.key] = item.at;
	return { v: POLL_STATE_VERSION, seen, ...(catchUpFrom !== undefined ? { cursor: catchUpFrom } : {}) };
}

export interface PollDecision<T extends Candidate> {
	emit: T[];
	next: PollState;
}

/**
 * Decides one poll. `listed` is every qualifying item the API listed from `listFrom(...)` on.
 * `listingWasStable` says whether the list stayed the same size while it was paged: if it moved,
 * an item may have been skipped, so the lower edge stays where it was this time (emitted items are
 * still remembered, so nothing is emitted twice).
 */
export function decidePoll<T extends Candidate>(
	state: PollState,
	listed: T[],
	settings: WindowSettings & { maxItems: number; listingWasStable: boolean },
): PollDecision<T> {
	const from = listFrom(state, settings);
	const unseen = new Map<string, T>();
	for (const item of listed) {
		if (item.at >= from && state.seen[item.key] === undefined && !unseen.has(item.key)) unseen.set(item.key, item);
	}
	const ordered = [...unseen.values()].sort((a, b) => a.at - b.at || compareKeys(a.key, b.key));
	const emit = ordered.slice(0, Math.max(0, settings.maxItems));
	const seen = { ...state.seen };
	for (const item of emit) seen[item.key] = item.at;

	const backlogLeft = ordered.length > emit.length;
	let cursor: number | undefined;
	if (!settings.listingWasStable) {
		// Hold the lower edge where it was, so the next poll lists everything this one might have skipped.
		cursor = state.cursor ?? from;
	} else if (backlogLeft) {
		// Everything not emitted is at or after the last emitted item's time.
		cursor = emit.length ? emit[emit.length - 1].at : ordered[0].at;
	}
	const next: PollState = {
		v: POLL_STATE_VERSION,
		seen,
		...(cursor !== undefined ? { cursor } : {}),
		...(state.held ? { held: { ...state.held } } : {}),
	};
	prune(next, listFrom(next, settings));
	return { emit, next };
}

/**
 * After `decidePoll`: an emitted item that is not complete yet. Within `maxWaitMs` of the first time
 * it was held, it is held again (unseen, so the next poll decides it again) and this returns `'held'`;
 * after that, `'expired'`: emit it as it is. Keep `maxWaitMs` well inside the look-back window, so a
 * held item is still listed when it is decided again.
 */
export function holdBack(next: PollState, item: Candidate, now: number, maxWaitMs: number): 'held' | 'expired' {
	const held = (next.held ??= {});
	const entry = held[item.key] ?? { since: now, tries: 0, at: item.at };
	entry.tries++;
	if (now - entry.since >= maxWaitMs) {
		delete held[item.key];
		return 'expired';
	}
	held[item.key] = entry;
	delete next.seen[item.key];
	return 'held';
}

/** After `decidePoll`: an emitted item that is complete; it is no longer held. */
export function release(next: PollState, key: string): void {
	if (next.held) delete next.held[key];
}

/** Forgets keys below the next lower edge: edges only move forward, so those keys cannot be listed again. */
function prune(state: PollState, below: number) {
	for (const [key, at] of Object.entries(state.seen)) if (at < below) delete state.seen[key];
	for (const [key, held] of Object.entries(state.held ?? {})) if (held.at < below) delete state.held![key];
}

function compareKeys(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
	return a < b ? -1 : a > b ? 1 : 0;
}
