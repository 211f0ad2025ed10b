import fc from 'fast-check';

import { useTestClock } from '../../../../test/trigger/clock';
import { KazooCallRecordingTrigger } from '../../nodes/Kazoo/KazooCallRecordingTrigger.node';
import type { KazooSandbox } from '../../sandbox/server';
import { activeTrigger, apiKeyCredentials, dataRequests, registerKazooNode, startSandbox, TRIGGER_NODE_TYPE } from '../harness/kazoo';

registerKazooNode(TRIGGER_NODE_TYPE, new KazooCallRecordingTrigger());

/**
 * Property tests of the trigger over random timelines, in n8n-core's PollContext against the sandbox:
 * recordings that show up late (their document saved minutes to days before they become visible),
 * audio attached late or never, deletions, expired tokens. Whatever the timeline: every recording
 * that is not deleted is emitted exactly once, and none is emitted twice.
 */

const T0 = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Step =
	| { kind: 'add'; lagMs: number; audioAfterPolls: number | null }
	| { kind: 'delete'; pick: number }
	| { kind: 'expireTokens' }
	| { kind: 'idle' };

const step = (maxLagMs: number) =>
	fc.oneof(
		{ weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), lagMs: fc.integer({ min: 0, max: maxLagMs }), audioAfterPolls: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 6 }) }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
		{ weight: 1, arbitrary: fc.constant({ kind: 'expireTokens' as const }) },
		{ weight: 2, arbitrary: fc.constant({ kind: 'idle' as const }) },
	);

interface Figures {
	emitted: number;
	lost: number;
	duplicated: number;
	idlePollRequests: number[];
}

async function runTimeline(
	steps: Step[][],
	settings: { lookBackHours: number; attachAudio: boolean; waitForAudioMinutes: number; pollEveryMs: number },
): Promise<Figures> {
	const clock = useTestClock(T0);
	const sandbox: KazooSandbox = await startSandbox({ now: T0, realTime: false, recordings: 20, seedSpacingSeconds: 3600 });
	try {
		const advance = (ms: number) => {
			clock.advance(ms);
			sandbox.clock.advance(ms);
		};
		const trigger = activeTrigger(apiKeyCredentials(sandbox), {
			event: 'newRecording',
			scope: 'account',
			simple: false,
			options: { lookBackHours: settings.lookBackHours, attachAudio: settings.attachAudio, waitForAudioMinutes: settings.waitForAudioMinutes },
		});
		await trigger.poll();
		const added = new Set<string>();
		const deleted = new Set<string>();
		const audioDue = new Map<string, number>();
		const emitted = new Map<string, number>();
		const idlePollRequests: number[] = [];
		const poll = async (pollIndex: number) => {
			for (const [id, due] of audioDue) {
				if (due <= pollIndex) {
					if (!deleted.has(id)) sandbox.attachAudio(id);
					audioDue.delete(id);
				}
			}
			// Requests answered (a 401 and its renewal are counted apart: tokens live an hour, polls may be rarer).
			const answered = () => dataRequests(sandbox).filter((entry) => entry.status !== 401).length;
			const before = answered();
			const out = await trigger.poll();
			for (const item of out?.[0] ?? []) {
				const id = String(item.json.id);
				emitted.set(id, (emitted.get(id) ?? 0) + 1);
				if (settings.attachAudio && !item.json.audioError) expect(item.binary?.data).toBeDefined();
			}
			return { requests: answered() - before, emittedNow: out?.[0]?.length ?? 0 };
		};
		let pollIndex = 0;
		for (const batch of steps) {
			let changed = false;
			for (const event of batch) {
				if (event.kind === 'add') {
					const withAudio = !settings.attachAudio || event.audioAfterPolls === 0;
					const recording = sandbox.addRecording({ createdAt: sandbox.clock.now() - event.lagMs, audio: withAudio });
					added.add(recording.id);
					if (!withAudio && event.audioAfterPolls !== null) audioDue.set(recording.id, pollIndex + event.audioAfterPolls);
					changed = true;
				} else if (event.kind === 'delete') {
					const candidates = [...added].filter((id) => !deleted.has(id));
					if (candidates.length) {
						const id = candidates[event.pick % candidates.length];
						sandbox.deleteRecording(id);
						deleted.add(id);
						changed = true;
					}
				} else if (event.kind === 'expireTokens') {
					sandbox.expireAllTokens();
				}
			}
			advance(settings.pollEveryMs);
			pollIndex++;
			const dueNow = [...audioDue.values()].some((due) => due <= pollIndex);
			const { requests, emittedNow } = await poll(pollIndex);
			if (!changed && !dueNow && emittedNow === 0 && !batch.some((e) => e.kind === 'expireTokens')) idlePollRequests.push(requests);
		}
		// Drain: long enough for every held recording to get its audio or its wait to run out.
		for (let i = 0; i < settings.waitForAudioMinutes + 8; i++) {
			advance(MINUTE);
			pollIndex++;
			await poll(pollIndex);
		}
		let lost = 0;
		let duplicated = 0;
		for (const id of added) if (!deleted.has(id) && !emitted.has(id)) lost++;
		for (const count of emitted.values()) if (count > 1) duplicated += count - 1;
		for (const id of emitted.keys()) expect(added.has(id)).toBe(true);
		return { emitted: emitted.size, lost, duplicated, idlePollRequests };
	} finally {
		clock.restore();
		await sandbox.stop();
	}
}

const totals: Record<string, Figures & { timelines: number }> = {};
function record(name: string, figures: Figures) {
	const total = (totals[name] ??= { emitted: 0, lost: 0, duplicated: 0, idlePollRequests: [], timelines: 0 });
	total.emitted += figures.emitted;
	total.lost += figures.lost;
	total.duplicated += figures.duplicated;
	total.idlePollRequests.push(...figures.idlePollRequests);
	total.timelines++;
}

afterAll(() => {
	for (const [name, t] of Object.entries(totals)) {
		const idle = t.idlePollRequests;
		process.stdout.write(
			`trigger property (${name}): ${t.timelines} timelines, ${t.emitted} emitted, ${t.lost} lost, ${t.duplicated} duplicated, idle-poll requests max ${Math.max(0, ...idle)} over ${idle.length} idle polls\n`,
		);
	}
});

describe('Trigger property tests over random timelines (PollContext, sandbox)', () => {
	it('late arrivals, deletions, token expiry: 0 lost, 0 duplicated, 1 request per idle poll', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.array(step(90 * MINUTE), { maxLength: 4 }), { minLength: 5, maxLength: 25 }), async (steps) => {
				const figures = await runTimeline(steps, { lookBackHours: 2, attachAudio: false, waitForAudioMinutes: 0, pollEveryMs: MINUTE });
				record('late arrivals', figures);
				expect([figures.lost, figures.duplicated]).toEqual([0, 0]);
				expect(figures.idlePollRequests.every((n) => n === 1)).toBe(true);
			}),
			{ numRuns: 25, seed: 1703 },
		);
	});

	it('late audio with Attach Audio: held back, emitted once (with audio, or after the wait with audioError)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.array(step(30 * MINUTE), { maxLength: 3 }), { minLength: 5, maxLength: 20 }), async (steps) => {
				const figures = await runTimeline(steps, { lookBackHours: 2, attachAudio: true, waitForAudioMinutes: 5, pollEveryMs: MINUTE });
				record('late audio', figures);
				expect([figures.lost, figures.duplicated]).toEqual([0, 0]);
			}),
			{ numRuns: 20, seed: 1704 },
		);
	});

	it('a look-back window over 31 days (each poll walks two listing windows): 0 lost, 0 duplicated', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.array(step(33 * DAY), { maxLength: 4 }), { minLength: 3, maxLength: 12 }), async (steps) => {
				const figures = await runTimeline(steps, { lookBackHours: 34 * 24, attachAudio: false, waitForAudioMinutes: 0, pollEveryMs: 6 * 60 * MINUTE });
				record('31-day boundary', figures);
				expect([figures.lost, figures.duplicated]).toEqual([0, 0]);
				expect(figures.idlePollRequests.every((n) => n === 2)).toBe(true);
			}),
			{ numRuns: 12, seed: 1705 },
		);
	});
});
