import fc from 'fast-check';

import { useTestClock } from '../../../../test/trigger/clock';
import type { Sandbox, SandboxOptions } from '../../sandbox/server';
import { activeTrigger, birdCredentials, startSandbox } from '../harness/bird';

/**
 * Property tests of the trigger over random timelines, in n8n-core's PollContext against the sandbox:
 * calls that end and become available late (or fail, or come back absent), deletions, storage that
 * fails downloads for a while, and each of the sandbox's switches for what Bird does not document
 * (sort order, last-page marker, unset times, which time startAt compares and its inclusivity).
 * Whatever the timeline: every recording that became available and was not deleted is emitted exactly
 * once, and none is emitted twice.
 */

const T0 = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

type Step =
	| { kind: 'call'; endsAfterPolls: number; processingMinutes: number; fate: 'available' | 'failed' | 'absent' }
	| { kind: 'delete'; pick: number }
	| { kind: 'storageFault'; pick: number }
	| { kind: 'idle' };

const stepArbitrary = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('call' as const),
			endsAfterPolls: fc.integer({ min: 0, max: 5 }),
			processingMinutes: fc.integer({ min: 0, max: 8 }),
			fate: fc.constantFrom<'available' | 'failed' | 'absent'>('available', 'available', 'available', 'failed', 'absent'),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('storageFault' as const), pick: fc.nat() }) },
	{ weight: 2, arbitrary: fc.constant({ kind: 'idle' as const }) },
);

const switchesArbitrary: fc.Arbitrary<SandboxOptions> = fc.record({
	sortOrder: fc.constantFrom('newest', 'oldest'),
	lastPageMarker: fc.constantFrom('absent', 'emptyString', 'null'),
	tokenOnFullLastPage: fc.boolean(),
	unsetTime: fc.constantFrom('absent', 'zeroTime'),
	timeFilterField: fc.constantFrom('createdAt', 'startedAt', 'endedAt'),
	startAtInclusive: fc.boolean(),
});

interface Figures {
	emitted: number;
	lost: number;
	duplicated: number;
	idlePollRequests: number[];
}

async function runTimeline(
	steps: Step[][],
	switches: SandboxOptions,
	settings: { attachAudio: boolean; pollEveryMinutes: number },
): Promise<Figures> {
	const clock = useTestClock(T0);
	// 150 recordings two minutes apart: the look-back window holds two pages of them.
	const sandbox: Sandbox = await startSandbox({ now: T0, realTime: false, recordingCount: 150, seedSpacingMs: 2 * MINUTE, ...switches });
	try {
		const advance = (ms: number) => {
			clock.advance(ms);
			sandbox.clock.advance(ms);
		};
		const trigger = activeTrigger(birdCredentials(sandbox), {
			event: 'newRecording',
			simple: false,
			options: { attachAudio: settings.attachAudio, waitForAudioMinutes: 30, maxItemsPerPoll: 4 },
		});
		await trigger.poll();
		const calls = new Map<string, { endsAtPoll: number; processingMs: number; fate: 'available' | 'failed' | 'absent' }>();
		const deleted = new Set<string>();
		const emitted = new Map<string, number>();
		const idlePollRequests: number[] = [];
		let pollIndex = 0;
		const poll = async () => {
			for (const [id, call] of calls) {
				if (call.endsAtPoll === pollIndex && !deleted.has(id)) {
					if (call.fate === 'available') sandbox.finishRecording(id, call.processingMs);
					else sandbox.failRecording(id, call.fate);
				}
			}
			const before = sandbox.apiRequests().length;
			const out = await trigger.poll();
			for (const item of out?.[0] ?? []) {
				const id = String(item.json.id);
				emitted.set(id, (emitted.get(id) ?? 0) + 1);
				if (settings.attachAudio && !item.json.audioError) expect(item.binary?.data).toBeDefined();
			}
			return { requests: sandbox.apiRequests().length - before, emittedNow: out?.[0]?.length ?? 0 };
		};
		for (const batch of steps) {
			let changed = false;
			for (const event of batch) {
				if (event.kind === 'call') {
					const recording = sandbox.addRecording({ live: true });
					calls.set(recording.id, { endsAtPoll: pollIndex + 1 + event.endsAfterPolls, processingMs: event.processingMinutes * MINUTE, fate: event.fate });
					changed = true;
				} else if (event.kind === 'delete') {
					const candidates = [...calls.keys()].filter((id) => !deleted.has(id));
					if (candidates.length) {
						const id = candidates[event.pick % candidates.length];
						sandbox.deleteRecording(id);
						deleted.add(id);
						changed = true;
					}
				} else if (event.kind === 'storageFault' && settings.attachAudio) {
					const candidates = [...calls.keys()];
					if (candidates.length) {
						const id = candidates[event.pick % candidates.length];
						sandbox.injectFault({ target: 'storage', status: 500, path: new RegExp(`${id}\\.mp3$`), times: 3 });
					}
				}
			}
			advance(settings.pollEveryMinutes * MINUTE);
			pollIndex++;
			const due = [...calls.values()].some((call) => call.endsAtPoll <= pollIndex + 1);
			const { requests, emittedNow } = await poll();
			if (!changed && !due && emittedNow === 0) idlePollRequests.push(requests);
		}
		// Drain: every call ends, its processing passes, every backlog and retry is worked off.
		for (let i = 0; i < 20; i++) {
			advance(2 * MINUTE);
			pollIndex++;
			await poll();
		}
		let lost = 0;
		let duplicated = 0;
		for (const [id, call] of calls) {
			if (call.fate === 'available' && !deleted.has(id) && !emitted.has(id)) lost++;
		}
		for (const [id, count] of emitted) {
			if (count > 1) duplicated += count - 1;
			if (!calls.has(id)) duplicated++; // a seeded (old) recording must never be emitted
			else if (calls.get(id)!.fate !== 'available') duplicated++;
		}
		return { emitted: emitted.size, lost, duplicated, idlePollRequests };
	} finally {
		await sandbox.stop();
		clock.restore();
	}
}

describe('Trigger over random timelines: 0 lost, 0 duplicated (PollContext, sandbox)', () => {
	jest.setTimeout(240_000);
	const totals = { runs: 0, emitted: 0, lost: 0, duplicated: 0, idle: [] as number[] };
	afterAll(() => {
		// The figures the README quotes.
		console.log(`trigger timelines: ${totals.runs} runs, ${totals.emitted} emitted, ${totals.lost} lost, ${totals.duplicated} duplicated, idle-poll requests ${Math.min(...totals.idle)}–${Math.max(...totals.idle)} (150 recordings in the window: 2 pages)`);
	});

	it.each([false, true])('attach audio: %s', async (attachAudio) => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.array(stepArbitrary, { maxLength: 4 }), { minLength: 5, maxLength: 25 }),
				switchesArbitrary,
				fc.integer({ min: 1, max: 10 }),
				async (steps, switches, pollEveryMinutes) => {
					const figures = await runTimeline(steps, switches, { attachAudio, pollEveryMinutes });
					totals.runs++;
					totals.emitted += figures.emitted;
					totals.lost += figures.lost;
					totals.duplicated += figures.duplicated;
					totals.idle.push(...figures.idlePollRequests);
					expect(figures.lost).toBe(0);
					expect(figures.duplicated).toBe(0);
					for (const requests of figures.idlePollRequests) expect(requests).toBeLessThanOrEqual(switches.tokenOnFullLastPage ? 3 : 2);
				},
			),
			{ numRuns: 10 },
		);
	});
});
