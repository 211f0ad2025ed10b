import fc from 'fast-check';

import { useTestClock } from '../../../../test/trigger/clock';
import { VoipbinCallRecordingTrigger } from '../../nodes/Voipbin/VoipbinCallRecordingTrigger.node';
import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, activeTrigger, registerVoipbinNode, startSandbox, TRIGGER_NODE_TYPE } from '../harness/voipbin';

registerVoipbinNode(TRIGGER_NODE_TYPE, new VoipbinCallRecordingTrigger());

/**
 * Property tests of Recording Finished over random timelines, in n8n-core's PollContext against the
 * sandbox: recordings appear while initiating or recording and end minutes to hours later (longer
 * than the look-back window too), some share one creation instant, some are deleted. Whatever the
 * timeline: every recording that ended and was not deleted is emitted exactly once, and none twice.
 */

const T0 = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

type Step =
	| { kind: 'add'; status: 'initiating' | 'recording' | 'ended'; endsAfterMs: number; sameInstantAsLast: boolean }
	| { kind: 'delete'; pick: number }
	| { kind: 'idle' };

const step = (maxCallMs: number) =>
	fc.oneof(
		{
			weight: 6,
			arbitrary: fc.record({
				kind: fc.constant('add' as const),
				status: fc.constantFrom('initiating' as const, 'recording' as const, 'ended' as const),
				endsAfterMs: fc.integer({ min: 1000, max: maxCallMs }),
				sameInstantAsLast: fc.boolean(),
			}),
		},
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
		{ weight: 2, arbitrary: fc.constant({ kind: 'idle' as const }) },
	);

interface Figures {
	ended: number;
	emitted: number;
	lost: number;
	duplicated: number;
	idlePollRequests: number[];
}

async function runTimeline(steps: Step[][], settings: { lookBackHours: number; pollEveryMs: number; maxItemsPerPoll: number }): Promise<Figures> {
	const clock = useTestClock(T0);
	const sandbox: Sandbox = await startSandbox({ now: T0, realTime: false, recordingCount: 10 });
	try {
		const advance = (ms: number) => {
			clock.advance(ms);
			sandbox.clock.advance(ms);
		};
		const trigger = activeTrigger(accessKeyCredentials(sandbox), {
			event: 'recordingFinished',
			simple: false,
			options: { lookBackHours: settings.lookBackHours, maxItemsPerPoll: settings.maxItemsPerPoll },
		});
		await trigger.poll();
		const added: string[] = [];
		const deleted = new Set<string>();
		const emitted = new Map<string, number>();
		const idlePollRequests: number[] = [];
		let lastCreateUs = 0;
		const poll = async () => {
			sandbox.resetLog();
			const out = await trigger.poll();
			for (const item of out?.[0] ?? []) {
				const id = String(item.json.id);
				expect(item.json.status).toBe('ended');
				emitted.set(id, (emitted.get(id) ?? 0) + 1);
			}
			return sandbox.apiRequests().length;
		};
		for (const batch of steps) {
			let changed = false;
			for (const event of batch) {
				if (event.kind === 'add') {
					const createUs = event.sameInstantAsLast && lastCreateUs ? lastCreateUs : sandbox.clock.now() * 1000 - 1000;
					lastCreateUs = createUs;
					const recording =
						event.status === 'ended'
							? sandbox.addRecording({ tmCreateUs: createUs, durationMs: 5000 })
							: sandbox.addRecording({ tmCreateUs: createUs, status: event.status, startsAfterMs: event.status === 'initiating' ? 500 : undefined, endsAfterMs: event.endsAfterMs });
					added.push(recording.id);
					changed = true;
				} else if (event.kind === 'delete') {
					const candidates = added.filter((id) => !deleted.has(id));
					if (candidates.length) {
						const id = candidates[event.pick % candidates.length];
						sandbox.deleteRecording(id);
						deleted.add(id);
						changed = true;
					}
				}
			}
			const unfinished = added.some((id) => !deleted.has(id) && sandbox.recordingStatus(id) !== 'ended');
			advance(settings.pollEveryMs);
			const requests = await poll();
			if (!changed && !unfinished) idlePollRequests.push(requests);
		}
		// Drain: every call ends, and the backlog is emitted.
		for (let i = 0; i < 60; i++) {
			advance(10 * MINUTE);
			await poll();
		}
		let lost = 0;
		let duplicated = 0;
		let ended = 0;
		for (const id of added) {
			if (deleted.has(id)) continue;
			expect(sandbox.recordingStatus(id)).toBe('ended');
			ended++;
			if (!emitted.has(id)) lost++;
		}
		for (const count of emitted.values()) if (count > 1) duplicated += count - 1;
		for (const id of emitted.keys()) expect(added).toContain(id);
		return { ended, emitted: emitted.size, lost, duplicated, idlePollRequests };
	} finally {
		clock.restore();
		await sandbox.stop();
	}
}

const totals: Record<string, Figures & { timelines: number }> = {};
function record(name: string, figures: Figures) {
	const total = (totals[name] ??= { ended: 0, emitted: 0, lost: 0, duplicated: 0, idlePollRequests: [], timelines: 0 });
	total.ended += figures.ended;
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
			`trigger property (${name}): ${t.timelines} timelines, ${t.ended} ended and kept, ${t.emitted} emitted (also those deleted later), ${t.lost} lost, ${t.duplicated} duplicated, idle-poll requests max ${Math.max(0, ...idle)} over ${idle.length} idle polls\n`,
		);
	}
});

describe('Trigger property tests over random timelines (PollContext, sandbox)', () => {
	it('calls of minutes to hours (longer than the window too), ties, deletions: 0 lost, 0 duplicated, 1 request per idle poll', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.array(step(4 * 60 * MINUTE), { maxLength: 4 }), { minLength: 5, maxLength: 25 }), async (steps) => {
				const figures = await runTimeline(steps, { lookBackHours: 1, pollEveryMs: 5 * MINUTE, maxItemsPerPoll: 100 });
				record('long calls', figures);
				expect([figures.lost, figures.duplicated]).toEqual([0, 0]);
				expect(figures.idlePollRequests.every((n) => n === 1)).toBe(true);
			}),
			{ numRuns: 25, seed: 1803 },
		);
	}, 300_000);

	it('a backlog larger than Max Items per Poll is emitted over several polls: 0 lost, 0 duplicated', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.array(step(30 * MINUTE), { minLength: 2, maxLength: 6 }), { minLength: 3, maxLength: 10 }), async (steps) => {
				const figures = await runTimeline(steps, { lookBackHours: 2, pollEveryMs: 10 * MINUTE, maxItemsPerPoll: 2 });
				record('small max items', figures);
				expect([figures.lost, figures.duplicated]).toEqual([0, 0]);
			}),
			{ numRuns: 15, seed: 1804 },
		);
	}, 300_000);
});
