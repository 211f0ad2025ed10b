/**
 * What a polling trigger remembers between polls, which pages of a list it reads, and what it
 * emits. No HTTP and no clock: pages come from a reader the trigger passes in, so the same code runs
 * against the API and against simulated timelines in the tests.
 *
 * Why not a watermark: a recording appears only after its call ends (and is processed), so its
 * `start` can be hours older than the moment it becomes visible. Each poll therefore looks at a
 * window of `start` values and emits the items whose key it has not seen.
 *
 * Why it costs one request when nothing happened, whatever the window holds: every list page
 * carries `total_items`. The trigger knows every key in the window, so it knows the count to
 * expect. It reads one page; if the count matches once the new items on that page are added and the
 * deletions seen there are taken off, nothing else changed and it stops. Otherwise it reads on from
 * the newest page until the count matches (or the list ends). A late arrival deep in the window that
 * coincides with a deletion leaves the count unchanged; a rolling sweep finds it: every SWEEP_EVERY-th
 * poll reads the next page of the window instead of the newest one (see sweepBound).
 *
 * The remembered keys are those in the window (pruned below its lower edge, which only moves
 * forward) or, for lists without a time axis (export jobs), those still listed plus a capped list of
 * keys seen to disappear, so the state stays bounded.
 */

export const POLL_STATE_VERSION = 2;

/** Items per page asked of time-ordered lists (the largest the API serves). */
export const WINDOW_PAGE_SIZE = 100;
/** A sweep page is read on every this many-th poll (then a poll that finds something costs one request more). */
export const SWEEP_EVERY = 2;
/** Failed outputs (such as an audio download) are tried on this many polls; then the item is emitted with the error. */
export const MAX_OUTPUT_TRIES = 3;
/** Not-ready items (pending transcriptions) are followed on this many of the newest pages on each poll; deeper ones by the sweep. */
const FOLLOW_WAITING_PAGES = 1;
/** Listings at activation while the list keeps moving under them. */
const ACTIVATION_PASSES = 3;
/** Keys seen to disappear from a list without a time axis, kept so they are never emitted again. */
const GONE_CAP = 1000;

export interface ListState {
	v: typeof POLL_STATE_VERSION;
	/** key → time (ms): emitted, or already there at activation. */
	seen: Record<string, number>;
	/** Listed but not ready yet (a pending transcription, a running job): key → time. */
	wait?: Record<string, number>;
	/** Ready but not emitted yet (over Max Items per Poll, or its output failed): key → [time, failed tries]. */
	due?: Record<string, [number, number]>;
	/** Seen keys that the list no longer holds, in the order they disappeared. */
	gone?: string[];
	/** The rolling sweep: the time (window lists) or page (other lists) it goes on from, and polls since its last step. */
	sweep?: { at?: number; page?: number; skip?: number; polls: number };
	/** The page count the last poll saw, and the number of the page after the first one (its base + 1). */
	pages?: number;
	second?: number;
}

/** One listed item: its key, its time (0 without a time axis), and whether it counts yet. */
export interface Listed<T> {
	key: string;
	at: number;
	ready: boolean;
	item: T;
}

export interface ListPage<T> {
	items: Array<Listed<T>>;
	/** `total_items` and `total_pages`, when the API sent them. */
	total?: number;
	pages?: number;
	/** The page number in `_links.next.href`; undefined on the last page. */
	next?: number;
}

/** Reads a page: undefined for the first one (no page parameter), else the API's page number. */
export type PageReader<T> = (page: number | undefined) => Promise<ListPage<T>>;

export interface PollSettings {
	now: number;
	/** The look-back window; undefined for lists without a time axis. */
	windowMs?: number;
	maxItems: number;
	/** First activation only: emit what is ready from this time on; undefined emits nothing old. */
	catchUpFrom?: number;
}

export interface DueItem<T> extends Listed<T> {
	/** Failed output tries so far. */
	tries: number;
}

export interface PollOutcome<T> {
	emit: Array<DueItem<T>>;
	next: ListState;
	requests: number;
}

export function isListState(value: unknown): value is ListState {
	return (
		typeof value === 'object' &&
		value !== null &&
		(value as ListState).v === POLL_STATE_VERSION &&
		typeof (value as ListState).seen === 'object'
	);
}

const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The lower edge (inclusive, whole seconds as the API compares) of the times this poll lists. */
export function listFrom(state: ListState | undefined, settings: PollSettings): number {
	if (settings.windowMs === undefined) return Number.NEGATIVE_INFINITY;
	let from = settings.now - settings.windowMs;
	if (!state && settings.catchUpFrom !== undefined) from = Math.min(from, settings.catchUpFrom);
	for (const [at] of Object.values(state?.due ?? {})) from = Math.min(from, at);
	return floorSecond(from);
}

/**
 * The most polls a late arrival deep in the window can stay unseen when a deletion hides it from
 * the count: the sweep reads one page per step, a step at least every SWEEP_EVERY polls, and may
 * step forward once for each arrival it has not seen above it.
 */
export function sweepBound(itemsInWindow: number): number {
	return SWEEP_EVERY * (Math.ceil(itemsInWindow / WINDOW_PAGE_SIZE) + 1);
}

function clone(state: ListState): ListState {
	return JSON.parse(JSON.stringify(state)) as ListState;
}

function compareKeys(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** One poll: reads the pages it needs, decides what to emit, and returns the state to store. */
export async function pollList<T>(
	stored: ListState | undefined,
	read: PageReader<T>,
	settings: PollSettings,
): Promise<PollOutcome<T>> {
	const timed = settings.windowMs !== undefined;
	const state: ListState = stored ? clone(stored) : { v: POLL_STATE_VERSION, seen: {} };
	const wait = (state.wait ??= {});
	const due = (state.due ??= {});
	const gone = new Set(state.gone ?? []);
	const from = listFrom(stored, settings);
	const inWindow = (at: number) => at >= from;

	const observed = new Map<string, Listed<T>>();
	const done = new Set<number>();
	const totals = new Set<number | undefined>();
	let lastTotal: number | undefined;
	let pages = state.pages;
	let second = state.second;
	let lastIndex: number | undefined;
	let contiguous = -1;
	let requests = 0;
	let sweepPage: { index: number; min?: number; max?: number; last: boolean } | undefined;

	// Every known key of the window, by time, and how many of them the API should still list: kept up
	// to date as pages arrive, so a poll over a large window costs time in the pages it reads, not more.
	const known: Array<[number, string]> = [];
	for (const [key, at] of Object.entries(state.seen)) if (inWindow(at)) known.push([at, key]);
	for (const [key, at] of Object.entries(wait)) if (inWindow(at) && state.seen[key] === undefined) known.push([at, key]);
	for (const [key, [at]] of Object.entries(due)) if (inWindow(at) && state.seen[key] === undefined && wait[key] === undefined) known.push([at, key]);
	known.sort((a, b) => a[0] - b[0]);
	const isCounted = (key: string) =>
		state.seen[key] !== undefined ? !gone.has(key) : wait[key] !== undefined || due[key] !== undefined;
	let count = known.filter(([, key]) => isCounted(key)).length;
	const knownCount = () => count;
	const observe = (item: Listed<T>) => {
		if (observed.has(item.key)) return;
		const storedAt = state.seen[item.key] ?? wait[item.key] ?? due[item.key]?.[0];
		const counted = storedAt !== undefined && inWindow(storedAt) && isCounted(item.key);
		observed.set(item.key, item);
		gone.delete(item.key);
		if (!counted) count++;
	};

	/** Keys known in (low, high) that the page does not hold are gone (window lists only). */
	const markGone = (low: number, high: number) => {
		let lo = 0;
		let hi = known.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (known[mid][0] <= low) lo = mid + 1;
			else hi = mid;
		}
		for (let i = lo; i < known.length && known[i][0] < high; i++) {
			const key = known[i][1];
			if (observed.has(key) || !isCounted(key)) continue;
			count--;
			if (state.seen[key] !== undefined) gone.add(key);
			else {
				delete wait[key];
				delete due[key];
			}
		}
	};

	const readIndex = async (index: number) => {
		const page = await read(index === 0 ? undefined : (second as number) - 1 + index);
		requests++;
		done.add(index);
		totals.add(page.total);
		lastTotal = page.total;
		if (page.pages !== undefined) pages = page.pages;
		if (index === 0) second = page.next;
		if (page.next === undefined || page.items.length === 0 || (page.pages !== undefined && index >= page.pages - 1)) lastIndex = index;
		for (const item of page.items) if (inWindow(item.at)) observe(item);
		while (done.has(contiguous + 1)) contiguous++;
		const times = page.items.map((item) => item.at);
		const min = times.length ? Math.min(...times) : undefined;
		const max = times.length ? Math.max(...times) : undefined;
		if (timed) {
			if (index === 0) markGone(min ?? Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
			else if (min !== undefined && max !== undefined) markGone(min, max);
		}
		return { min, max, last: lastIndex === index };
	};

	const newestCountedBelow = (at: number) => {
		let newest = Number.NEGATIVE_INFINITY;
		for (const [time, key] of known) if (time < at && time > newest && !observed.has(key) && isCounted(key)) newest = time;
		return newest;
	};
	const unobservedDue = () => Object.keys(due).some((key) => !observed.has(key) && inWindow(due[key][0]));
	const unobservedWait = () => Object.keys(wait).some((key) => !observed.has(key) && inWindow(wait[key]));
	const listedToTheEnd = () => lastIndex !== undefined && contiguous >= lastIndex;
	const needsMore = () => {
		if (listedToTheEnd()) return false;
		// A sweep page whose count matches is enough: nothing changed anywhere (or a change hid another).
		if (lastTotal === undefined) return true; // no count to trust: list the whole window
		if (lastTotal !== knownCount()) return true;
		if (unobservedDue()) return true;
		if (unobservedWait() && (!timed || contiguous + 1 < FOLLOW_WAITING_PAGES)) return true;
		return false;
	};

	// Every SWEEP_EVERY-th poll a sweep step replaces the newest page (the newest page is read as well
	// only when the count says something changed).
	const sweep = state.sweep ?? { polls: 0 };
	const sweepTurn = stored !== undefined && sweep.polls + 1 >= SWEEP_EVERY;
	if (sweepTurn && second !== undefined && (pages ?? 0) > 1 && Object.keys(due).length === 0) {
		let index: number;
		if (timed) {
			// The page that begins right after the last swept item, by the known items above it.
			let above = 0;
			if (sweep.at !== undefined) {
				for (const [key, at] of Object.entries(state.seen)) if (at >= sweep.at && inWindow(at) && !gone.has(key)) above++;
				for (const at of Object.values(wait)) if (at >= sweep.at && inWindow(at)) above++;
			}
			index = sweep.at === undefined ? 0 : Math.floor(above / WINDOW_PAGE_SIZE) + (sweep.skip ?? 0);
		} else {
			index = sweep.page ?? 0;
		}
		if (pages !== undefined && index >= pages) index = 0;
		sweepPage = { index, ...(await readIndex(index)) };
		if (timed && sweep.at !== undefined) {
			// The page should begin with the newest known item below the swept part. When it begins lower,
			// items above it were deleted: read the pages before it, back to the swept part, in this poll,
			// so that what lies between two adjacent pages is known to be gone.
			const sweptTo = sweep.at;
			let low = sweepPage;
			while (low.index > 0 && low.max !== undefined && low.max < newestCountedBelow(sweptTo)) {
				const before = { index: low.index - 1, ...(await readIndex(low.index - 1)) };
				if (before.min !== undefined && totals.size <= 1) markGone(low.max, before.min);
				low = before;
				if (before.min === undefined || before.min >= sweptTo) break;
			}
		}
	}
	const readOn = async () => {
		for (let index = 0; needsMore(); index = contiguous + 1) {
			if (!done.has(0)) index = 0;
			if (done.has(index)) break;
			if (index > 0 && second === undefined) break; // one page and no link to another: that is the list
			await readIndex(index);
			if (requests > 10_000) break; // a list that never ends: stop spending quota on it
		}
	};
	await readOn();
	// At activation, whatever a moving list hid would later look new: list it again until it holds still
	// (without total_items there is no telling, so it is listed twice).
	const unsure = () => totals.size > 1 || (totals.has(undefined) && pass < 2);
	let pass = 1;
	for (; !stored && unsure() && pass < ACTIVATION_PASSES; pass++) {
		done.clear();
		totals.clear();
		contiguous = -1;
		lastIndex = undefined;
		lastTotal = undefined;
		await readOn();
	}
	const stable = totals.size <= 1;
	if (listedToTheEnd() && stable) {
		// Everything was read and nothing moved meanwhile: whatever was not listed is gone.
		for (const [key, at] of Object.entries(state.seen)) if (inWindow(at) && !observed.has(key)) gone.add(key);
		for (const key of Object.keys(wait)) if (!observed.has(key) && inWindow(wait[key])) delete wait[key];
		for (const key of Object.keys(due)) if (!observed.has(key) && inWindow(due[key][0])) delete due[key];
	}

	// What to emit: ready items not seen before, oldest first, at most maxItems.
	const ready: Array<DueItem<T>> = [];
	for (const item of observed.values()) {
		if (state.seen[item.key] !== undefined) continue;
		if (!item.ready) {
			wait[item.key] = item.at;
			continue;
		}
		delete wait[item.key];
		if (!stored && (settings.catchUpFrom === undefined || item.at < settings.catchUpFrom)) {
			state.seen[item.key] = item.at; // there at activation
			continue;
		}
		ready.push({ ...item, tries: due[item.key]?.[1] ?? 0 });
	}
	ready.sort((a, b) => a.at - b.at || compareKeys(a.key, b.key));
	const emit = ready.slice(0, Math.max(0, settings.maxItems));
	for (const item of ready.slice(emit.length)) due[item.key] = [item.at, item.tries];
	for (const item of emit) {
		state.seen[item.key] = item.at;
		delete due[item.key];
	}

	// The sweep moves on from the page it read; a page further when that page lay wholly in the swept part.
	if (listedToTheEnd() && done.has(0) && stable) {
		state.sweep = { polls: 0 };
	} else if (sweepPage) {
		const next: ListState['sweep'] = { polls: 0 };
		if (timed) {
			const continues = sweepPage.index === 0 || sweep.at === undefined;
			if (!continues && sweepPage.min !== undefined && sweep.at !== undefined && sweepPage.min >= sweep.at && !sweepPage.last) {
				// The whole page lies in the swept part (arrivals above it): read one page further down next time.
				Object.assign(next, { at: sweep.at, skip: (sweep.skip ?? 0) + 1 });
			} else if (!sweepPage.last && sweepPage.min !== undefined) next.at = sweepPage.min;
		} else if (!sweepPage.last) {
			next.page = sweepPage.index + 1;
		}
		state.sweep = next;
	} else {
		state.sweep = { ...sweep, polls: sweep.polls + 1 };
	}
	state.pages = pages;
	state.second = second;

	prune(state, gone, timed ? listFrom(state, { ...settings, catchUpFrom: undefined }) : undefined);
	return { emit, next: state, requests };
}

/** Drops what can no longer be listed: keys below the next lower edge, and the oldest gone keys over the cap. */
function prune(state: ListState, gone: Set<string>, below: number | undefined) {
	if (below !== undefined) {
		for (const [key, at] of Object.entries(state.seen)) if (at < below) delete state.seen[key];
		for (const [key, at] of Object.entries(state.wait ?? {})) if (at < below) delete state.wait![key];
	}
	let kept = [...gone].filter((key) => state.seen[key] !== undefined);
	// Window lists forget gone keys with the window; other lists keep the newest GONE_CAP of them.
	if (below === undefined && kept.length > GONE_CAP) {
		for (const key of kept.slice(0, kept.length - GONE_CAP)) delete state.seen[key];
		kept = kept.slice(kept.length - GONE_CAP);
	}
	state.gone = kept;
	if (!kept.length) delete state.gone;
	if (state.wait && !Object.keys(state.wait).length) delete state.wait;
	if (state.due && !Object.keys(state.due).length) delete state.due;
}

/**
 * An emitted item whose output failed (its audio could not be downloaded): it is tried again on the
 * next polls while the others go on. Returns false when that was its last try, so the caller emits
 * it with the error instead.
 */
export function outputFailed(state: ListState, item: DueItem<unknown>): boolean {
	if (item.tries + 1 >= MAX_OUTPUT_TRIES) return false;
	delete state.seen[item.key];
	(state.due ??= {})[item.key] = [item.at, item.tries + 1];
	return true;
}
