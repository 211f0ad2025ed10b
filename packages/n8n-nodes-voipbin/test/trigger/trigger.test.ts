import { useTestClock } from '../../../../test/trigger/clock';
import { VoipbinCallRecordingTrigger } from '../../nodes/Voipbin/VoipbinCallRecordingTrigger.node';
import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, activeTrigger, registerVoipbinNode, startSandbox, TRIGGER_NODE_TYPE } from '../harness/voipbin';

registerVoipbinNode(TRIGGER_NODE_TYPE, new VoipbinCallRecordingTrigger());

const T0 = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;
const ids = (out: Awaited<ReturnType<ReturnType<typeof activeTrigger>['poll']>>) => (out?.[0] ?? []).map((item) => String(item.json.id));

describe('Trigger: Recording Finished, Transcription Done (PollContext, sandbox)', () => {
	let sandbox: Sandbox;
	let clock: ReturnType<typeof useTestClock>;
	const advance = (ms: number) => {
		clock.advance(ms);
		sandbox.clock.advance(ms);
	};
	beforeEach(async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, realTime: false, recordingCount: 20 });
	});
	afterEach(async () => {
		clock.restore();
		await sandbox.stop();
	});

	it('emits a recording once, when it reaches ended, not while initiating or recording; an idle poll costs 1 request', async () => {
		const trigger = activeTrigger(accessKeyCredentials(sandbox), { event: 'recordingFinished' });
		expect(await trigger.poll()).toBeNull();
		const live = sandbox.addRecording({ status: 'initiating', startsAfterMs: 30_000, endsAfterMs: 5 * MINUTE });
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
		expect(sandbox.recordingStatus(live.id)).toBe('recording');
		advance(5 * MINUTE);
		sandbox.resetLog();
		const out = await trigger.poll();
		expect(ids(out)).toEqual([live.id]);
		expect(out![0][0].json).toMatchObject({ id: live.id, status: 'ended' });
		expect(sandbox.apiRequests()).toHaveLength(1);
		advance(MINUTE);
		sandbox.resetLog();
		expect(await trigger.poll()).toBeNull();
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it('a call longer than the look-back window is asked for by ID until it ends, then emitted once', async () => {
		const trigger = activeTrigger(accessKeyCredentials(sandbox), { event: 'recordingFinished', options: { lookBackHours: 1 } });
		await trigger.poll();
		const long = sandbox.addRecording({ status: 'recording', endsAfterMs: 150 * MINUTE });
		const emitted: string[] = [];
		let byId = 0;
		for (let minute = 0; minute < 180; minute += 10) {
			advance(10 * MINUTE);
			sandbox.resetLog();
			emitted.push(...ids(await trigger.poll()));
			byId += sandbox.apiRequests().filter((entry) => entry.path === `/v1.0/recordings/${long.id}`).length;
		}
		expect(emitted).toEqual([long.id]);
		// Out of the window after 60 min, ended at 150 min: asked for on the polls in between.
		expect(byId).toBeGreaterThanOrEqual(9);
		expect(byId).toBeLessThanOrEqual(10);
	});

	it('Attach Audio: the ZIP as binary, without the access key reaching storage', async () => {
		const trigger = activeTrigger(accessKeyCredentials(sandbox), { event: 'recordingFinished', options: { attachAudio: true, binaryPropertyName: 'audio' } });
		await trigger.poll();
		const live = sandbox.addRecording({ status: 'recording', endsAfterMs: 2 * MINUTE });
		advance(3 * MINUTE);
		const out = await trigger.poll();
		expect(ids(out)).toEqual([live.id]);
		expect(out![0][0].binary?.audio).toMatchObject({ mimeType: 'application/zip', fileName: `${live.id}.zip` });
		expect(sandbox.storageCredentialLeaks()).toEqual([]);
	});

	it('Transcription Done: a transcription is emitted once, when done', async () => {
		const trigger = activeTrigger(accessKeyCredentials(sandbox), { event: 'transcriptionDone' });
		await trigger.poll();
		const recording = sandbox.visibleRecordings()[0];
		const response = await fetch(`${sandbox.apiBaseUrl}/transcribes?accesskey=${sandbox.options.accessKey}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ reference_type: 'recording', reference_id: recording.id, language: 'en-US', direction: 'both' }),
		});
		const { id } = (await response.json()) as { id: string };
		advance(1000);
		expect(await trigger.poll()).toBeNull();
		advance(MINUTE);
		const out = await trigger.poll();
		expect(ids(out)).toEqual([id]);
		expect(out![0][0].json).toMatchObject({ status: 'done', recordingId: recording.id });
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
	});

	it('Fetch Test Event (manual): the newest ended recording, state untouched', async () => {
		const trigger = activeTrigger(accessKeyCredentials(sandbox), { event: 'recordingFinished' });
		const newest = sandbox.visibleRecordings()[0];
		sandbox.addRecording({ status: 'recording', endsAfterMs: 10 * MINUTE });
		expect(ids(await trigger.poll('manual'))).toEqual([newest.id]);
		expect(trigger.persisted.staticData).toBe('{}');
	});

	it('Include Items From the Last N Hours: the first poll emits what ended in that period, oldest first', async () => {
		const trigger = activeTrigger(accessKeyCredentials(sandbox), { event: 'recordingFinished', options: { catchUpHours: 1 } });
		const out = await trigger.poll();
		const expected = sandbox.visibleRecordings().filter((r) => r.createUs >= (T0 - 3_600_000) * 1000).map((r) => r.id).reverse();
		expect(expected.length).toBeGreaterThan(3);
		expect(ids(out)).toEqual(expected);
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
	});
});
