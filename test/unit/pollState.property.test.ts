import fc from 'fast-check';

import {
	decideFinished,
	decidePoll,
	firstState,
	listFrom,
	type Candidate,
	type KeyState,
	type PollState,
} from '../../nodes/VonageBusiness/shared/pollState';
import { seededRandom } from '../harness/random';

/**
 * Random arrival timelines, replayed against the pure poll state exactly as the trigger uses it.
 * The "API" lists every visible item whose time is in the asked range; while paging it may skip
 * items, but only when the list changed size under it (then the trigger is told it was unstable),
 * and a poll may fail outright (then the trigger keeps its old state).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Arrival {
	key: string;
	at: number; // call start
	visibleAt: number; // start + duration + processing
	deletedAt: number; // Infinity when never deleted
}

const timelineArb = fc.record({
	polls: fc.integer({ min: 20, max: 200 }),
	windowHours: fc.constantFrom(4, 6),
	maxItems: fc.integer({ min: 1, max: 25 }),
	catchUpHours: fc.constantFrom(0, 2, 12, 24),
	arrivals: fc.array(
		fc.record({
			pollIndex: fc.integer({ min: -600, max: 200 }), // negative: before activation
			secondOffset: fc.integer({ min: 0, max: 59 }),
			// Round durations make calls that ended together start in the same second too.
			durationMs: fc.oneof(fc.constantFrom(0, 60_000, 3_600_000), fc.integer({ min: 0, max: 3 * HOUR })),
			processingMs: fc.integer({ min: 0, max: 10 * MINUTE }),
			deletedAfterPolls: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
			sameSecond: fc.integer({ min: 1, max: 4 }), // several recordings starting in the same second
		}),
		{ maxLength: 150 },
	),
	skipChance: fc.double({ min: 0, max: 0.5, noNaN: true }),
	failChance: fc.double({ min: 0, max: 0.2, noNaN: true }),
	seed: fc.integer(),
});

const rng = seededRandom;

type Timeline = typeof timelineArb extends fc.Arbitrary<infer T> ? T : never;

function simulate(timeline: Timeline) {
	const random = rng(timeline.seed);
	const t0 = Date.UTC(2026, 0, 1);
	const pollTime = (k: number) => t0 + k * MINUTE;
	const windowMs = timeline.windowHours * HOUR;
	const arrivals: Arrival[] = timeline.arrivals.flatMap((a, index) =>
		Array.from({ length: a.sameSecond }, (_, copy) => {
			// A call "arrives" (ends) around its poll; it started `durationMs` earlier, to the second.
			const end = pollTime(a.pollIndex) + a.secondOffset * 1000;
			const at = Math.floor((end - a.durationMs) / 1000) * 1000;
			const visibleAt = end + a.processingMs + copy * 7_000;
			const deletedAt = a.deletedAfterPolls === undefined || copy > 0 ? Infinity : visibleAt + a.deletedAfterPolls * MINUTE + 1;
			return { key: String(1000 + index * 10 + copy), at, visibleAt, deletedAt };
		}),
	);
	const visible = (x: Arrival, now: number) => x.visibleAt <= now && x.deletedAt > now;

	const emitted = new Map<string, number>();
	let state: PollState | undefined;
	let maxSeen = 0;
	let activationTime = 0;
	let baseline = new Set<string>();
	const totalPolls = timeline.polls + Math.ceil(arrivals.length / timeline.maxItems) + 10; // then drain

	for (let k = 0; k < totalPolls; k++) {
		const now = pollTime(k);
		const failed = random() < timeline.failChance && k < timeline.polls;
		if (failed) continue; // a failed poll stores nothing
		if (!state) {
			activationTime = now;
			const catchUpFrom = timeline.catchUpHours > 0 ? now - timeline.catchUpHours * HOUR : undefined;
			const listed = arrivals.filter((x) => visible(x, now) && x.at >= Math.min(now - windowMs, catchUpFrom ?? Infinity));
			baseline = new Set(listed.filter((x) => catchUpFrom === undefined || x.at < catchUpFrom).map((x) => x.key));
			state = firstState(listed, catchUpFrom);
			if (catchUpFrom === undefined) continue;
		}
		const from = listFrom(state, { now, windowMs });
		const inRange = arrivals.filter((x) => visible(x, now) && x.at >= from).sort((a, b) => b.at - a.at);
		// Page drift: some items may be skipped, but then the listing is reported unstable.
		const skipping = k < timeline.polls && random() < timeline.skipChance;
		const listed: Candidate[] = skipping ? inRange.filter(() => random() > 0.5) : inRange;
		const decision = decidePoll(state, listed, {
			now,
			windowMs,
			maxItems: timeline.maxItems,
			listingWasStable: !skipping,
		});
		for (const item of decision.emit) emitted.set(item.key, (emitted.get(item.key) ?? 0) + 1);
		state = JSON.parse(JSON.stringify(decision.next)) as PollState; // as n8n persists it
		maxSeen = Math.max(maxSeen, Object.keys(state.seen).length);
	}
	const end = pollTime(totalPolls - 1); // the last poll
	return { arrivals, emitted, maxSeen, activationTime, baseline, end, windowMs, visible };
}

describe('poll state over random arrival timelines (property-based)', () => {
	it('emits every recording once, loses none, and keeps the remembered set bounded', () => {
		fc.assert(
			fc.property(timelineArb, (timeline) => {
				const { arrivals, emitted, maxSeen, activationTime, baseline, end, windowMs, visible } = simulate(timeline);
				// 0 emitted twice, and nothing from before activation (or before the catch-up period)
				for (const [key, count] of emitted) if (count !== 1) throw new Error(`${key} emitted ${count} times`);
				for (const key of baseline) if (emitted.has(key)) throw new Error(`${key} was already there at activation`);
				// 0 lost: every recording still there at the end that became visible after activation
				// (or within the catch-up period) was emitted.
				for (const x of arrivals) {
					if (!visible(x, end)) continue;
					const inCatchUp = timeline.catchUpHours > 0 && x.at >= activationTime - timeline.catchUpHours * HOUR;
					const mustEmit = !baseline.has(x.key) && (x.visibleAt > activationTime || inCatchUp);
					if (mustEmit && !emitted.has(x.key)) {
						throw new Error(`recording ${x.key} (start ${x.at}, visible ${x.visibleAt}) was lost`);
					}
				}
				// Bounded: never more remembered than there are items in a window plus a backlog.
				const perWindowBound = arrivals.filter((x) => x.at >= end - windowMs - 24 * HOUR).length;
				if (maxSeen > Math.max(perWindowBound, arrivals.length)) throw new Error(`state grew to ${maxSeen}`);
			}),
			{ numRuns: 400, seed: 20261130 },
		);
	});

	it('forgets keys once they fall below the window', () => {
		const now = Date.UTC(2026, 0, 1, 12);
		const state: PollState = { v: 1, seen: { old: now - 7 * HOUR, recent: now - HOUR } };
		const { next } = decidePoll(state, [], { now, windowMs: 6 * HOUR, maxItems: 10, listingWasStable: true });
		expect(next.seen).toEqual({ recent: now - HOUR });
	});

	it('holds the lower edge when the listing moved while paging', () => {
		const now = Date.UTC(2026, 0, 1, 12);
		const backlog: PollState = { v: 1, seen: {}, cursor: now - 9 * HOUR };
		const listed = [{ key: 'a', at: now - 8 * HOUR }, { key: 'b', at: now - 7 * HOUR }];
		const { emit, next } = decidePoll(backlog, listed, { now, windowMs: 6 * HOUR, maxItems: 1, listingWasStable: false });
		expect(emit.map((i) => i.key)).toEqual(['a']);
		// An item between the old cursor and 'a' may have been skipped: the cursor must not pass it.
		expect(next.cursor).toBe(now - 9 * HOUR);
		expect(next.seen).toEqual({ a: now - 8 * HOUR });
		const idle = decidePoll({ v: 1, seen: {} }, [], { now, windowMs: 6 * HOUR, maxItems: 1, listingWasStable: false });
		expect(idle.next.cursor).toBe(now - 6 * HOUR);
	});

	it('emits a backlog oldest first, max items per poll, and continues from the cursor', () => {
		const now = Date.UTC(2026, 0, 1, 12);
		const items = [5, 1, 3, 3, 2].map((h, i) => ({ key: `k${i}`, at: now - h * HOUR }));
		const first = decidePoll({ v: 1, seen: {}, cursor: now - 10 * HOUR }, items, { now, windowMs: 6 * HOUR, maxItems: 2, listingWasStable: true });
		expect(first.emit.map((i) => i.key)).toEqual(['k0', 'k2']);
		expect(first.next.cursor).toBe(now - 3 * HOUR);
		const second = decidePoll(first.next, items, { now, windowMs: 6 * HOUR, maxItems: 2, listingWasStable: true });
		expect(second.emit.map((i) => i.key)).toEqual(['k3', 'k4']);
		const third = decidePoll(second.next, items, { now, windowMs: 6 * HOUR, maxItems: 2, listingWasStable: true });
		expect(third.emit.map((i) => i.key)).toEqual(['k1']);
		expect(third.next.cursor).toBeUndefined();
	});
});

describe('finished-job state (property-based)', () => {
	it('emits each job once when it finishes, never the ones finished before activation, and forgets unlisted jobs', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ createdAt: fc.integer({ min: 0, max: 100 }), runs: fc.integer({ min: 0, max: 10 }), listedFor: fc.integer({ min: 1, max: 60 }) }), { maxLength: 60 }),
				fc.integer({ min: 1, max: 5 }),
				(jobs, maxItems) => {
					let state: KeyState | undefined;
					const emitted = new Map<string, number>();
					let finishedAtActivation = new Set<string>();
					for (let t = 0; t < 200; t++) {
						const listed = jobs
							.map((j, i) => ({ key: `j${i}`, finished: t >= j.createdAt + j.runs, createdAt: j.createdAt, gone: j.createdAt + j.runs + j.listedFor }))
							.filter((j) => t >= j.createdAt && t < j.gone);
						const decision = decideFinished(state, listed, maxItems);
						if (!state) finishedAtActivation = new Set(listed.filter((j) => j.finished).map((j) => j.key));
						for (const j of decision.emit) emitted.set(j.key, (emitted.get(j.key) ?? 0) + 1);
						state = decision.next;
						expect(state.done.length).toBeLessThanOrEqual(listed.length);
					}
					for (const [key, count] of emitted) expect([key, count]).toEqual([key, 1]);
					for (const key of finishedAtActivation) expect(emitted.has(key)).toBe(false);
				},
			),
			{ numRuns: 200, seed: 7 },
		);
	});
});
