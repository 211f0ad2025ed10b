import fc from 'fast-check';

import {
	isListState,
	listFrom,
	outputFailed,
	pollList,
	sweepBound,
	WINDOW_PAGE_SIZE,
	type ListPage,
	type ListState,
	type Listed,
	type PageReader,
} from '../../nodes/VonageBusiness/shared/pollState';
import { seededRandom } from '../harness/random';

/**
 * Random timelines replayed against the poll state exactly as the trigger uses it, with a simulated
 * list that behaves as the API documents: newest first, pages of 100, `total_items` and `total_pages`
 * on every page, `_links.next` up to the last page. The list changes between polls (arrivals, late
 * arrivals deep in the window, same-second arrivals, deletions) and while a poll pages through it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WINDOW = 6 * HOUR;

/** Deletions so far, so the simulated API knows when its sorted list is stale. */
const deletions = { count: 0 };

interface Recording {
	key: string;
	at: number;
	visibleAt: number;
	deletedAt: number;
}

/** The list as the API serves it at `now()`: the items of the window, newest first, paged. */
function listApi(
	world: Recording[],
	now: () => number,
	from: number,
	options: { omitTotals?: boolean; duringPaging?: () => void; failChance?: () => boolean } = {},
) {
	let requests = 0;
	let cache: { stamp: string; listed: Recording[] } | undefined;
	const read: PageReader<null> = async (page) => {
		requests++;
		if (options.failChance?.()) throw new Error('injected failure');
		if (page !== undefined) options.duringPaging?.();
		const t = now();
		const stamp = `${t}:${world.length}:${deletions.count}`;
		if (cache?.stamp !== stamp) {
			const listed = world
				.filter((r) => r.visibleAt <= t && r.deletedAt > t && r.at >= from)
				.sort((a, b) => b.at - a.at || Number(b.key) - Number(a.key));
			cache = { stamp, listed };
		}
		const { listed } = cache;
		const index = page ?? 0;
		const pages = Math.ceil(listed.length / WINDOW_PAGE_SIZE);
		const items: Array<Listed<null>> = listed
			.slice(index * WINDOW_PAGE_SIZE, (index + 1) * WINDOW_PAGE_SIZE)
			.map((r) => ({ key: r.key, at: r.at, ready: true, item: null }));
		const result: ListPage<null> = { items, next: index + 1 < pages ? index + 1 : undefined };
		if (!options.omitTotals) Object.assign(result, { total: listed.length, pages });
		return result;
	};
	return { read, requests: () => requests };
}

const scenarioArb = fc.record({
	seed: fc.integer(),
	/** Recordings in the window at activation. */
	preload: fc.constantFrom(5000, 1000),
	polls: fc.integer({ min: 150, max: 300 }),
	/** New recordings per poll while busy (a poll is a minute). */
	rate: fc.double({ min: 0.5, max: 14, noNaN: true }),
	busyShare: fc.double({ min: 0.2, max: 1, noNaN: true }),
	lateShare: fc.double({ min: 0.02, max: 0.3, noNaN: true }),
	deleteChance: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 0.3, noNaN: true })),
	driftChance: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 0.2, noNaN: true })),
	failChance: fc.double({ min: 0, max: 0.05, noNaN: true }),
	omitTotals: fc.boolean(),
	maxItems: fc.constantFrom(5, 100),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

async function simulate(scenario: Scenario) {
	const random = seededRandom(scenario.seed);
	const t0 = Date.UTC(2026, 0, 1, 12);
	let now = t0;
	let nextKey = 100_000;
	const world: Recording[] = [];
	const byKey = new Map<string, Recording>();
	const add = (at: number, visibleAt: number) => {
		const recording = { key: String(nextKey++), at: Math.floor(at / 1000) * 1000, visibleAt, deletedAt: Infinity };
		world.push(recording);
		byKey.set(recording.key, recording);
		return recording;
	};
	for (let i = 0; i < scenario.preload; i++) add(t0 - 1000 - Math.floor((i / Math.max(1, scenario.preload)) * (WINDOW - 2 * HOUR)), t0 - 1);
	const deleteOne = () => {
		const alive = world.filter((r) => r.visibleAt <= now && r.deletedAt === Infinity);
		if (alive.length) alive[Math.floor(random() * alive.length)].deletedAt = now;
		deletions.count++;
	};

	let state: ListState | undefined;
	const emitted = new Map<string, number>();
	const foundAfter = new Map<string, number>(); // key → polls between visible and emitted
	let activation = 0;
	let idlePolls = 0;
	const idleRequests: number[] = [];
	let maxStateBytes = 0;
	let changedSinceLastPoll = true;
	let largestWindow = 0;
	const drain = 120;
	for (let k = 0; k < scenario.polls + drain; k++) {
		now += MINUTE;
		const active = k < scenario.polls;
		const busy = active && random() < scenario.busyShare;
		let changed = false;
		if (busy) {
			const count = Math.floor(scenario.rate) + (random() < scenario.rate % 1 ? 1 : 0);
			for (let i = 0; i < count; i++) {
				const late = random() < scenario.lateShare;
				// A late recording: a call of up to 4 hours that just ended, so it lands deep in the window.
				const duration = late ? Math.floor(random() * 4 * HOUR) : Math.floor(random() * 5 * MINUTE);
				const copies = random() < 0.1 ? 3 : 1; // same-second arrivals
				for (let c = 0; c < copies; c++) add(now - duration - 1000, now - Math.floor(random() * MINUTE));
				changed = true;
			}
			if (random() < scenario.deleteChance) {
				deleteOne();
				changed = true;
			}
		}
		const from = listFrom(state, { now, windowMs: WINDOW, maxItems: scenario.maxItems });
		largestWindow = Math.max(largestWindow, world.filter((r) => r.visibleAt <= now && r.deletedAt > now && r.at >= from).length);
		const api = listApi(world, () => now, from, {
			omitTotals: scenario.omitTotals,
			failChance: () => active && random() < scenario.failChance,
			duringPaging: () => {
				// (Not at activation: that listing is tested under drift with the export jobs below.)
				if (!active || !state || random() >= scenario.driftChance) return;
				// The list moves under the paging poll: a deletion and a late arrival at once.
				deleteOne();
				add(now - Math.floor(random() * 4 * HOUR), now - 1);
				changed = true;
			},
		});
		let outcome: Awaited<ReturnType<typeof pollList<null>>>;
		try {
			outcome = await pollList(state, api.read, { now, windowMs: WINDOW, maxItems: scenario.maxItems });
		} catch {
			changedSinceLastPoll = true;
			continue; // a failed poll stores nothing
		}
		if (!state) activation = now;
		for (const item of outcome.emit) {
			emitted.set(item.key, (emitted.get(item.key) ?? 0) + 1);
			const recording = byKey.get(item.key)!;
			foundAfter.set(item.key, Math.ceil((now - recording.visibleAt) / MINUTE));
		}
		const wasIdle = state !== undefined && !changed && !changedSinceLastPoll && outcome.emit.length === 0;
		if (wasIdle && !scenario.omitTotals) {
			idlePolls++;
			idleRequests.push(api.requests());
		}
		changedSinceLastPoll = changed || outcome.emit.length > 0;
		const stored = JSON.stringify(outcome.next);
		maxStateBytes = Math.max(maxStateBytes, stored.length);
		state = JSON.parse(stored) as ListState; // as n8n persists it
		if (!isListState(state)) throw new Error('stored state is not readable');
	}
	return { world, emitted, foundAfter, activation, end: now, idlePolls, idleRequests, maxStateBytes, largestWindow };
}

describe('poll state over random timelines at scale (property-based)', () => {
	it('5,000 recordings in 6 hours, late and same-second arrivals, deletions, drift: 0 lost, 0 twice, 1 request per idle poll', async () => {
		let worstDeep = 0;
		let worstBound = 0;
		let emittedTotal = 0;
		let idleTotal = 0;
		let idleCostly = 0;
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (scenario) => {
				const { world, emitted, foundAfter, activation, end, idleRequests, maxStateBytes, largestWindow } = await simulate(scenario);
				for (const [key, count] of emitted) if (count !== 1) throw new Error(`${key} emitted ${count} times`);
				for (const r of world) {
					const mustEmit = r.visibleAt > activation && r.deletedAt > end && r.at >= end - WINDOW;
					if (mustEmit && !emitted.has(r.key)) throw new Error(`recording ${r.key} (start ${r.at}, visible ${r.visibleAt}) was lost`);
					if (r.visibleAt <= activation && emitted.has(r.key)) throw new Error(`${r.key} was there at activation`);
				}
				// Exactly 1 when nothing is ever deleted. A deletion the trigger has not seen yet is found by
				// the sweep, which then reads the page before (2 requests) on an otherwise idle poll.
				const costly = idleRequests.filter((n) => n !== 1);
				const deletes = scenario.deleteChance > 0 || scenario.driftChance > 0;
				idleTotal += idleRequests.length;
				idleCostly += costly.length;
				if ((!deletes && costly.length) || costly.length > idleRequests.length / 10) {
					throw new Error(`idle polls cost ${[...new Set(idleRequests)].join(', ')} requests (${costly.length} of ${idleRequests.length} more than 1)`);
				}
				// The bound, plus the polls a backlog over Max Items per Poll may take to drain.
				const bound = sweepBound(largestWindow) + Math.ceil(world.length / scenario.maxItems / 10);
				const deep = Math.max(0, ...foundAfter.values());
				emittedTotal += emitted.size;
				worstDeep = Math.max(worstDeep, deep);
				worstBound = Math.max(worstBound, bound);
				if (!scenario.omitTotals && deep > bound) throw new Error(`a recording was found ${deep} polls after it appeared (bound ${bound})`);
				// Bounded: a few dozen bytes per recording in the window.
				if (maxStateBytes > 40 * (largestWindow + 100)) throw new Error(`state grew to ${maxStateBytes} bytes`);
			}),
			{ numRuns: Number(process.env.PROPERTY_RUNS ?? 12), seed: 20261203, endOnFailure: true },
		);
		console.log(
			`${emittedTotal} recordings emitted over the runs; largest number of polls until one was found: ${worstDeep} (bound ${worstBound}); ` +
				`${idleTotal} idle polls, ${idleCostly} of them over 1 request (a deletion found by the sweep)`,
		);
		expect(emittedTotal).toBeGreaterThan(0);
	}, 600_000);

	it('an idle poll costs exactly one request with 0, 1,000 and 5,000 recordings in the window', async () => {
		for (const size of [0, 1000, 5000]) {
			const now0 = Date.UTC(2026, 0, 1, 12);
			const world: Recording[] = Array.from({ length: size }, (_, i) => ({ key: String(i + 1), at: now0 - 1000 - i * 3000, visibleAt: 0, deletedAt: Infinity }));
			let state: ListState | undefined;
			const costs: number[] = [];
			for (let k = 0; k < 60; k++) {
				const now = now0 + k * 1000;
				const api = listApi(world, () => now, listFrom(state, { now, windowMs: WINDOW, maxItems: 100 }));
				const { next, emit } = await pollList(state, api.read, { now, windowMs: WINDOW, maxItems: 100 });
				expect(emit).toEqual([]);
				if (state) costs.push(api.requests());
				state = next;
			}
			expect(new Set(costs)).toEqual(new Set([1]));
		}
	});

	it('a deep late arrival hidden by a deletion in the same poll is found within the sweep bound', async () => {
		const now0 = Date.UTC(2026, 0, 1, 12);
		const world: Recording[] = Array.from({ length: 5000 }, (_, i) => ({ key: String(100_000 + i), at: now0 - 1000 - i * 3000, visibleAt: 0, deletedAt: Infinity }));
		const worst: number[] = [];
		for (const busy of [false, true]) {
			for (const depth of [150, 2500, 4900]) {
				let state: ListState | undefined;
				let now = now0;
				const poll = async () => {
					const api = listApi(world, () => now, listFrom(state, { now, windowMs: WINDOW, maxItems: 100 }));
					const outcome = await pollList(state, api.read, { now, windowMs: WINDOW, maxItems: 100 });
					state = outcome.next;
					return outcome.emit.map((e) => e.key);
				};
				await poll();
				for (let k = 0; k < 7; k++) {
					now += MINUTE;
					await poll();
				}
				// One poll interval: a recording deep in the window appears and another one is deleted.
				const late = { key: `late-${busy}-${depth}`, at: world[depth].at + 500, visibleAt: now + 1, deletedAt: Infinity };
				world.push(late);
				world.find((r) => r.deletedAt === Infinity && r.key !== late.key && Number(r.key) > 100_000 + Math.min(depth + 300, 4990))!.deletedAt = now + 1;
				deletions.count++;
				let polls = 0;
				for (;;) {
					now += MINUTE;
					if (busy) world.push({ key: `b${now}`, at: now - 2000, visibleAt: now - 1, deletedAt: Infinity });
					polls++;
					if ((await poll()).includes(late.key)) break;
					if (polls > 1000) throw new Error('never found');
				}
				worst.push(polls);
				expect(polls).toBeLessThanOrEqual(sweepBound(5000) + 1);
			}
		}
		console.log(`Deep late arrival hidden by a deletion, 5,000 in the window: found after ${worst.join(', ')} polls (idle, then busy; depth 150, 2,500, 4,900); bound ${sweepBound(5000)}`);
	});

	it('an item whose output fails is tried on the next polls, then given up on, while the others go on', async () => {
		const now0 = Date.UTC(2026, 0, 1, 12);
		const world: Recording[] = [];
		let state: ListState | undefined;
		let now = now0;
		const run = async () => {
			const api = listApi(world, () => now, listFrom(state, { now, windowMs: WINDOW, maxItems: 100 }));
			const outcome = await pollList(state, api.read, { now, windowMs: WINDOW, maxItems: 100 });
			const ok: string[] = [];
			const givenUp: string[] = [];
			for (const item of outcome.emit) {
				if (item.key === 'bad') {
					if (!outputFailed(outcome.next, item)) givenUp.push(item.key);
				} else ok.push(item.key);
			}
			state = outcome.next;
			return { ok, givenUp };
		};
		await run();
		now += MINUTE;
		world.push({ key: 'good1', at: now - 5000, visibleAt: now - 1, deletedAt: Infinity });
		world.push({ key: 'bad', at: now - 4000, visibleAt: now - 1, deletedAt: Infinity });
		world.push({ key: 'good2', at: now - 3000, visibleAt: now - 1, deletedAt: Infinity });
		expect(await run()).toEqual({ ok: ['good1', 'good2'], givenUp: [] });
		now += MINUTE;
		world.push({ key: 'good3', at: now - 3000, visibleAt: now - 1, deletedAt: Infinity });
		expect(await run()).toEqual({ ok: ['good3'], givenUp: [] });
		now += MINUTE;
		expect(await run()).toEqual({ ok: [], givenUp: ['bad'] });
		now += MINUTE;
		expect(await run()).toEqual({ ok: [], givenUp: [] });
	});
});

describe('lists without a time axis (export jobs) under drift', () => {
	it('emits each finished job once, even when jobs disappear from a listing while it pages', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer(), fc.double({ min: 0, max: 0.2, noNaN: true }), async (seed, driftChance) => {
				const random = seededRandom(seed);
				interface Job { key: string; created: number; finishes: number; deleted: number }
				const jobs: Job[] = Array.from({ length: 150 }, (_, i) => ({ key: `j${i}`, created: -200 + i, finishes: -100 + i, deleted: Infinity }));
				let t = 0;
				let next = 150;
				const read: PageReader<null> = async (page) => {
					if (page !== undefined && random() < driftChance) {
						const alive = jobs.filter((j) => j.created <= t && j.deleted === Infinity);
						alive[Math.floor(random() * Math.min(15, alive.length))].deleted = t; // a new one is deleted mid-listing
					}
					const listed = jobs.filter((j) => j.created <= t && j.deleted > t).sort((a, b) => b.created - a.created);
					const index = page ?? 0;
					const pages = Math.ceil(listed.length / 10);
					return {
						items: listed.slice(index * 10, index * 10 + 10).map((j) => ({ key: j.key, at: 0, ready: t >= j.finishes, item: null })),
						total: listed.length,
						pages,
						next: index + 1 < pages ? index + 1 : undefined,
					};
				};
				let state: ListState | undefined;
				const emitted = new Map<string, number>();
				for (; t < 400; t++) {
					if (t < 300 && random() < 0.3) jobs.push({ key: `j${next++}`, created: t, finishes: t + 1 + Math.floor(random() * 5), deleted: Infinity });
					if (random() < 0.05) {
						const alive = jobs.filter((j) => j.deleted === Infinity && j.created <= t);
						if (alive.length) alive[Math.floor(random() * alive.length)].deleted = t;
					}
					const outcome = await pollList(state, read, { now: t, maxItems: 100 });
					for (const e of outcome.emit) emitted.set(e.key, (emitted.get(e.key) ?? 0) + 1);
					state = JSON.parse(JSON.stringify(outcome.next)) as ListState;
				}
				for (const [key, count] of emitted) if (count !== 1) throw new Error(`${key} emitted ${count} times`);
				for (const j of jobs) {
					if (j.created < 0 && emitted.has(j.key) && j.finishes < 0) throw new Error(`${j.key} finished before activation`);
					if (j.created >= 0 && j.deleted === Infinity && !emitted.has(j.key)) throw new Error(`${j.key} was lost`);
				}
			}),
			{ numRuns: 30, seed: 15 },
		);
	});
});
