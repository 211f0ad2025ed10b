import type { IncomingMessage } from 'node:http';

import type { Sandbox } from '../../sandbox/server';
import { activeTrigger, oauth2Credentials, startSandbox } from '../harness/vbc';
import { useTestClock } from './clock';
import { seededRandom } from '../harness/random';

/**
 * Long simulated timelines: the sandbox adds recordings (late, same-second, deleted again, inserted
 * while the trigger is paging) and sometimes fails a request, while the trigger polls once a minute
 * in n8n-core's PollContext with its static data persisted between polls.
 */

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const rng = seededRandom;

function countEmitted(emitted: Map<unknown, number>, items: Array<{ json: Record<string, unknown> }> | undefined, key: string) {
	for (const item of items ?? []) emitted.set(item.json[key], (emitted.get(item.json[key]) ?? 0) + 1);
}

describe('Trigger timelines (PollContext, sandbox)', () => {
	let sandbox: Sandbox;
	let clock: ReturnType<typeof useTestClock>;
	afterEach(async () => {
		await sandbox.stop();
		clock.restore();
	});

	it('New Recording over 1,000 polls: 0 lost, 0 emitted twice, bounded static data', async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, companyRecordings: 30 });
		const random = rng(1130);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		const added = new Set<number>();
		const emitted = new Map<unknown, number>();
		let midPagingInserts = 0;
		sandbox.server.prependListener('request', (req: IncomingMessage) => {
			// While the trigger lists, a call that started hours ago finishes: the list shifts under it.
			if (req.url?.includes('company_call_recordings?') && random() < 0.1) {
				const ago = Math.floor(random() * 5 * HOUR);
				added.add(sandbox.addRecording({ start: clock.now() - ago, duration: Math.max(1000, ago - 1000) }).id);
				midPagingInserts++;
			}
		});

		const POLLS = Number(process.env.TIMELINE_POLLS ?? 1000);
		const DRAIN = 200; // after the last arrival, long enough for the longest call to show up
		let failures = 0;
		let deleted = 0;
		let sameSecondGroups = 0;
		let maxStaticBytes = 0;
		let maxSeen = 0;
		let seenBoundViolations = 0;
		expect(await trigger.poll()).toBeNull();
		for (let k = 1; k <= POLLS + DRAIN; k++) {
			clock.advance(MINUTE);
			const now = clock.now();
			if (k <= POLLS) {
				if (random() < 0.4) {
					const duration = Math.floor(random() * 3 * HOUR);
					added.add(sandbox.addRecording({ start: now - Math.floor(random() * MINUTE), duration, processingDelayMs: Math.floor(random() * 5 * MINUTE) }).id);
				}
				if (random() < 0.1) {
					const start = Math.floor((now - Math.floor(random() * HOUR)) / 1000) * 1000;
					for (let i = 0; i < 3; i++) added.add(sandbox.addRecording({ start, duration: Math.floor(random() * HOUR) + 1000 }).id);
					sameSecondGroups++;
				}
				if (random() < 0.03) {
					const visible = sandbox.visibleRecordings().filter((r) => added.has(r.id));
					if (visible.length) {
						sandbox.deleteRecording(visible[Math.floor(random() * visible.length)].id);
						deleted++;
					}
				}
				// A failure that is not retried (500s and 503s are), so the poll fails and must store nothing.
				if (random() < 0.02) sandbox.injectFault({ status: 400, path: /company_call_recordings$/, when: () => random() < 0.7 });
			}
			try {
				countEmitted(emitted, (await trigger.poll())?.[0], 'id');
			} catch {
				failures++;
			}
			const state = JSON.parse(trigger.persisted.staticData).state as { seen: Record<string, number>; cursor?: number };
			const seen = Object.keys(state.seen).length;
			maxSeen = Math.max(maxSeen, seen);
			maxStaticBytes = Math.max(maxStaticBytes, trigger.persisted.staticData.length);
			const possible = [...sandbox.recordings.values()].filter((r) => r.scope === 'company' && r.start >= now - 6 * HOUR - MINUTE).length;
			if (seen > possible) seenBoundViolations++;
		}

		const duplicated = [...emitted.values()].filter((count) => count > 1).length;
		const survivors = [...added].filter((id) => !sandbox.recordings.get(id)!.deleted);
		const lost = survivors.filter((id) => !emitted.has(id));
		const baselineEmitted = [...emitted.keys()].filter((id) => !added.has(id as number)).length;
		console.log(
			`New Recording timeline: ${POLLS + DRAIN} polls, ${added.size} recordings added (${sameSecondGroups} same-second groups of 3, ` +
				`${midPagingInserts} inserted mid-paging, ${deleted} deleted), ${failures} polls failed by injected 400s; ` +
				`emitted ${emitted.size}, lost ${lost.length}, duplicated ${duplicated}; largest static data ${maxStaticBytes} bytes (${maxSeen} ids)`,
		);
		expect(lost).toEqual([]);
		expect(duplicated).toBe(0);
		expect(baselineEmitted).toBe(0);
		expect(failures).toBeGreaterThan(0);
		expect(midPagingInserts).toBeGreaterThan(0);
		expect(seenBoundViolations).toBe(0);
	}, 180_000);

	it('an idle poll costs exactly one request whenever the look-back window fits in one page', async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, companyRecordings: 40 });
		const random = rng(7);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		await trigger.poll();
		const idleCosts: number[] = [];
		for (let k = 1; k <= 300; k++) {
			clock.advance(MINUTE);
			if (random() < 0.1) sandbox.addRecording({ start: clock.now() - 2 * MINUTE, duration: MINUTE });
			sandbox.resetLog();
			const result = await trigger.poll();
			if (!result) idleCosts.push(sandbox.apiRequests().length);
		}
		console.log(`Idle polls: ${idleCosts.length}, requests each: ${[...new Set(idleCosts)].join(', ')}`);
		expect(idleCosts.length).toBeGreaterThan(200);
		expect(new Set(idleCosts)).toEqual(new Set([1]));
	});

	it('Transcription Ready over 400 polls: each ready transcription once, failed ones only when asked', async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, companyRecordings: 20 });
		const random = rng(99);
		const ready = activeTrigger(oauth2Credentials(sandbox), { event: 'transcriptionReady' });
		const withFailed = activeTrigger(oauth2Credentials(sandbox), { event: 'transcriptionReady', simple: false, options: { includeFailed: true } });
		await ready.poll();
		await withFailed.poll();
		const added: number[] = [];
		const emitted = new Map<unknown, number>();
		const emittedWithFailed = new Map<unknown, number>();
		for (let k = 1; k <= 400; k++) {
			clock.advance(MINUTE);
			if (k <= 250 && random() < 0.5) {
				const duration = Math.floor(random() * 2 * HOUR);
				added.push(sandbox.addRecording({ start: clock.now() - duration - 1000, duration, transcriptionDelayMs: Math.floor(random() * HOUR) }).id);
			}
			// Simplified (the default) and raw items name the recording differently.
			countEmitted(emitted, (await ready.poll())?.[0], 'recordingId');
			countEmitted(emittedWithFailed, (await withFailed.poll())?.[0], 'recording_id');
		}
		const failed = added.filter((id) => sandbox.recordings.get(id)!.transcription.status === 'failed');
		const readyIds = added.filter((id) => !failed.includes(id));
		console.log(`Transcription timeline: 400 polls, ${added.length} recordings (${failed.length} failed transcriptions); emitted ${emitted.size} ready, ${emittedWithFailed.size} with failed`);
		expect(failed.length).toBeGreaterThan(0);
		expect([...emitted.keys()].sort()).toEqual([...readyIds].sort());
		expect([...emittedWithFailed.keys()].sort()).toEqual([...added].sort());
		expect([...emitted.values(), ...emittedWithFailed.values()].every((count) => count === 1)).toBe(true);
	});

	it('Export Job Finished over 300 polls: each job once when it completes, fails or expires', async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, jobDurationMs: 7 * MINUTE });
		const random = rng(5);
		const { access_token } = sandbox.issueTokens();
		const createJob = async (kind: 'export' | 'recordings_transcriptions/export') => {
			const response = await fetch(`${sandbox.apiBaseUrl}/api/accounts/self/company_call_recordings/${kind}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
				body: '{}',
			});
			return ((await response.json()) as { job_ids: string[] }).job_ids;
		};
		const before = [...(await createJob('export'))];
		clock.advance(10 * MINUTE); // finished before activation: never emitted
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'exportJobFinished', jobType: 'all', jobUserId: 'self' });
		expect(await trigger.poll()).toBeNull();
		const created: string[] = [];
		const emitted = new Map<unknown, number>();
		for (let k = 1; k <= 300; k++) {
			clock.advance(MINUTE);
			if (k <= 250 && random() < 0.15) {
				const fate = (['complete', 'failed', 'expired'] as const)[Math.floor(random() * 3)];
				sandbox.setNextJobFates([fate]);
				created.push(...(await createJob(random() < 0.5 ? 'export' : 'recordings_transcriptions/export')));
			}
			countEmitted(emitted, (await trigger.poll())?.[0], 'id');
		}
		console.log(`Export job timeline: 300 polls, ${created.length} jobs; emitted ${emitted.size}`);
		expect([...emitted.keys()].sort()).toEqual([...created].sort());
		expect([...emitted.values()].every((count) => count === 1)).toBe(true);
		for (const id of before) expect(emitted.has(id)).toBe(false);
	});
});
