import fc from 'fast-check';

import { useTestClock } from '../../../../test/trigger/clock';
import { VoipbinCallRecordingTrigger } from '../../nodes/Voipbin/VoipbinCallRecordingTrigger.node';
import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, activeTrigger, registerVoipbinNode, startSandbox, TRIGGER_NODE_TYPE } from '../harness/voipbin';

registerVoipbinNode(TRIGGER_NODE_TYPE, new VoipbinCallRecordingTrigger());

/**
 * Transcription Done over random timelines: transcriptions started at random polls finish after 0 to 20
 * polls (10 minutes apart, with a 1-hour window: many finish after leaving it). Each is emitted once.
 */
const T0 = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

describe('Trigger property test: Transcription Done (PollContext, sandbox)', () => {
	it('0 lost, 0 duplicated', async () => {
		let totals = { started: 0, emitted: 0, lost: 0, duplicated: 0 };
		await fc.assert(
			fc.asyncProperty(fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3 }), { minLength: 3, maxLength: 12 }), async (batches) => {
				const clock = useTestClock(T0);
				const sandbox: Sandbox = await startSandbox({ now: T0, realTime: false, recordingCount: 30, transcribeDelayMs: 86_400_000 });
				try {
					const trigger = activeTrigger(accessKeyCredentials(sandbox), { event: 'transcriptionDone', simple: false, options: { lookBackHours: 1 } });
					await trigger.poll();
					const due = new Map<string, number>();
					const emitted = new Map<string, number>();
					const recordings = sandbox.visibleRecordings();
					let pollIndex = 0;
					let next = 0;
					const poll = async () => {
						pollIndex++;
						for (const [id, at] of due) if (at <= pollIndex && sandbox.transcribes.get(id)!.doneUs === null) sandbox.finishTranscribe(id);
						clock.advance(10 * MINUTE);
						sandbox.clock.advance(10 * MINUTE);
						for (const item of (await trigger.poll())?.[0] ?? []) emitted.set(String(item.json.id), (emitted.get(String(item.json.id)) ?? 0) + 1);
					};
					for (const batch of [...batches, ...Array(25).fill([])] as number[][]) {
						for (const finishAfter of batch) {
							const recording = recordings[next++ % recordings.length];
							const response = await fetch(`${sandbox.apiBaseUrl}/transcribes?accesskey=${sandbox.options.accessKey}`, {
								method: 'POST',
								headers: { 'content-type': 'application/json' },
								body: JSON.stringify({ reference_type: 'recording', reference_id: recording.id, language: `en-${String(next).padStart(2, '0').replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)])}`, direction: 'both' }),
							});
							const { id } = (await response.json()) as { id: string };
							due.set(id, pollIndex + finishAfter);
						}
						await poll();
					}
					const lost = [...due.keys()].filter((id) => !emitted.has(id)).length;
					const duplicated = [...emitted.values()].reduce((sum, count) => sum + count - 1, 0);
					totals = { started: totals.started + due.size, emitted: totals.emitted + emitted.size, lost: totals.lost + lost, duplicated: totals.duplicated + duplicated };
					expect([lost, duplicated]).toEqual([0, 0]);
				} finally {
					clock.restore();
					await sandbox.stop();
				}
			}),
			{ numRuns: 12, seed: 1805 },
		);
		process.stdout.write(`trigger property (transcriptions): ${totals.started} started, ${totals.emitted} emitted, ${totals.lost} lost, ${totals.duplicated} duplicated\n`);
	}, 300_000);
});
