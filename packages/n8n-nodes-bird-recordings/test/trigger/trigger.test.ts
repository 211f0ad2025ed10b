import { useTestClock } from '../../../../test/trigger/clock';
import type { Sandbox } from '../../sandbox/server';
import { activeTrigger, birdCredentials, listRequests, startSandbox } from '../harness/bird';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

describe('Trigger (PollContext, sandbox)', () => {
	let sandbox: Sandbox;
	let clock: ReturnType<typeof useTestClock>;
	const advance = (ms: number) => {
		clock.advance(ms);
		sandbox.clock.advance(ms);
	};
	beforeEach(async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, realTime: false, recordingCount: 30, seedSpacingMs: 10 * MINUTE });
	});
	afterEach(async () => {
		await sandbox.stop();
		clock.restore();
	});
	const ids = (out: Awaited<ReturnType<ReturnType<typeof activeTrigger>['poll']>>) => (out?.[0] ?? []).map((item) => String(item.json.id));

	it('New Recording: the first poll emits nothing; a recording is emitted once, when it becomes available', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording' });
		expect(await trigger.poll()).toBeNull();
		const live = sandbox.addRecording({ live: true });
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
		sandbox.finishRecording(live.id, 2 * MINUTE);
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
		advance(2 * MINUTE);
		expect(ids(await trigger.poll())).toEqual([live.id]);
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
	});

	it('an idle poll is one request with startAt and no endAt; failed and absent recordings are never emitted', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording' });
		await trigger.poll();
		const failed = sandbox.addRecording({ live: true });
		const absent = sandbox.addRecording({ live: true });
		sandbox.failRecording(failed.id, 'failed');
		sandbox.failRecording(absent.id, 'absent');
		sandbox.resetLog();
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
		const [list] = listRequests(sandbox);
		expect(listRequests(sandbox)).toHaveLength(1);
		expect(list.query.startAt).toBe(new Date(T0 + MINUTE - 6 * 60 * MINUTE - 1000).toISOString());
		expect(list.query.endAt).toBeUndefined();
	});

	it('one recording that is slow to become available does not hold back the next', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording' });
		await trigger.poll();
		const slow = sandbox.addRecording({ live: true });
		advance(MINUTE);
		const quick = sandbox.addRecording();
		advance(MINUTE);
		expect(ids(await trigger.poll())).toEqual([quick.id]);
		sandbox.finishRecording(slow.id, 0);
		advance(MINUTE);
		expect(ids(await trigger.poll())).toEqual([slow.id]);
	});

	it('Go zero time or absent end times do not matter: the axis is createdAt', async () => {
		for (const unsetTime of ['zeroTime', 'absent'] as const) {
			await sandbox.stop();
			sandbox = await startSandbox({ now: clock.now(), realTime: false, recordingCount: 0, unsetTime });
			const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording' });
			await trigger.poll();
			const live = sandbox.addRecording({ live: true });
			advance(MINUTE);
			expect(await trigger.poll()).toBeNull();
			sandbox.finishRecording(live.id, 0);
			advance(MINUTE);
			expect(ids(await trigger.poll())).toEqual([live.id]);
		}
	});

	it('Attach Audio: the MP3 comes along, storage gets no key; a failing download is tried again later, others go on', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording', options: { attachAudio: true, waitForAudioMinutes: 5 } });
		await trigger.poll();
		const first = sandbox.addRecording();
		const second = sandbox.addRecording();
		sandbox.injectFault({ target: 'storage', status: 500, path: new RegExp(`${first.id}\\.mp3$`), times: 1 });
		advance(MINUTE);
		const out = await trigger.poll();
		expect(ids(out)).toEqual([second.id]);
		expect(out![0][0].binary?.data?.mimeType).toBe('audio/mpeg');
		advance(MINUTE);
		const later = await trigger.poll();
		expect(ids(later)).toEqual([first.id]);
		expect(later![0][0].binary?.data).toBeDefined();
		expect(sandbox.credentialReachedStorage()).toBe(false);
	});

	it('Attach Audio: a download that keeps failing is emitted once after the wait, with audioError', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording', options: { attachAudio: true, waitForAudioMinutes: 2 } });
		await trigger.poll();
		const broken = sandbox.addRecording();
		sandbox.injectFault({ target: 'storage', status: 403, path: new RegExp(`${broken.id}\\.mp3$`), times: 1000 });
		const emitted: string[] = [];
		for (let i = 0; i < 6; i++) {
			advance(MINUTE);
			const out = await trigger.poll();
			for (const item of out?.[0] ?? []) {
				emitted.push(String(item.json.id));
				expect(String(item.json.audioError)).toContain('No audio after 2 min');
			}
		}
		expect(emitted).toEqual([broken.id]);
	});

	it('Include Items From the Last N Hours: the catch-up is emitted oldest first, in pages of Max Items per Poll', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording', options: { catchUpHours: 2, maxItemsPerPoll: 5 } });
		const expected = sandbox
			.listedRecordings()
			.filter((r) => sandbox.recordingStatus(r.id) === 'available' && r.createdAt >= T0 - 2 * 60 * MINUTE)
			.sort((a, b) => a.createdAt - b.createdAt)
			.map((r) => r.id);
		expect(expected.length).toBeGreaterThan(5);
		const emitted: string[] = [];
		for (let i = 0; i < 4; i++) {
			emitted.push(...ids(await trigger.poll()));
			advance(MINUTE);
		}
		expect(emitted).toEqual(expected);
	});

	it('Transcription Available: emitted once when it finishes', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'transcriptionAvailable' });
		await trigger.poll();
		const recording = sandbox.listedRecordings().find((r) => sandbox.recordingStatus(r.id) === 'available')!;
		const transcription = sandbox.addTranscription(recording.id, { status: 'ongoing' });
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
		sandbox.finishTranscription(transcription.id);
		advance(MINUTE);
		const out = await trigger.poll();
		expect(ids(out)).toEqual([transcription.id]);
		expect(out![0][0].json).toMatchObject({ recordingId: recording.id, status: 'available' });
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
	});

	it.each([
		['newest', 1],
		['oldest', 4],
	] as const)('Transcription Available over 300 old transcriptions listed %s first: an idle poll reads %i page(s)', async (sortOrder, pages) => {
		await sandbox.stop();
		sandbox = await startSandbox({ now: clock.now(), realTime: false, recordingCount: 0, sortOrder });
		const recording = sandbox.addRecording({ createdAt: T0 - 48 * 60 * MINUTE, startedAt: T0 - 48 * 60 * MINUTE, endedAt: T0 - 47 * 60 * MINUTE, readyAt: T0 - 47 * 60 * MINUTE });
		for (let i = 0; i < 300; i++) sandbox.addTranscription(recording.id, { createdAt: T0 - 24 * 60 * MINUTE - i * MINUTE, readyAt: T0 - 24 * 60 * MINUTE, status: 'available' });
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'transcriptionAvailable' });
		await trigger.poll();
		sandbox.resetLog();
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
		expect(sandbox.apiRequests()).toHaveLength(pages);
		const fresh = sandbox.addTranscription(recording.id, { status: 'available' });
		advance(MINUTE);
		expect(ids(await trigger.poll())).toEqual([fresh.id]);
	});

	it('manual mode (Fetch Test Event): the newest available recording, state untouched', async () => {
		const trigger = activeTrigger(birdCredentials(sandbox), { event: 'newRecording', simple: false });
		const out = await trigger.poll('manual');
		const newest = sandbox
			.listedRecordings()
			.filter((r) => sandbox.recordingStatus(r.id) === 'available')
			.sort((a, b) => b.createdAt - a.createdAt)[0];
		expect(ids(out)).toEqual([newest.id]);
		expect(trigger.persisted.staticData).toBe('{}');
	});
});

describe('Trigger bad input: a clear error before any request', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	it.each([
		[{ event: 'newRecording', options: { lookBackHours: 0 } }, 'Look-Back Window (Hours) must be a number of hours above 0'],
		[{ event: 'newRecording', options: { attachAudio: true, waitForAudioMinutes: 200, lookBackHours: 6 } }, 'must be more than twice Wait for Audio'],
		[{ event: 'newRecording', options: { maxItemsPerPoll: 0 } }, 'Max Items per Poll must be a whole number from 1 to 10000'],
		[{ event: 'newRecording', options: { catchUpHours: -1 } }, 'Include Items From the Last N Hours must be a number of hours from 0'],
		[{ event: 'newCall' }, 'Event must be one of newRecording, transcriptionAvailable'],
		[{ event: 'newRecording', filters: { direction: 'inbound' } }, 'Direction must be one of incoming, outgoing'],
		[{ event: 'newRecording', filters: { channelId: 'x' } }, 'Channel ID must be a Bird ID'],
		[{ event: 'newRecording', options: { attachAudio: true, binaryPropertyName: ' ' } }, 'Put Audio in Field is empty'],
	])('%j', async (parameters, message) => {
		sandbox.resetLog();
		const trigger = activeTrigger(birdCredentials(sandbox), parameters);
		await expect(trigger.poll()).rejects.toThrow(message);
		expect(sandbox.log).toHaveLength(0);
	});
});
