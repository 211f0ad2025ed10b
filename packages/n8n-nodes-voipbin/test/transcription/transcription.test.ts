import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, NODE_NAME, runAction, startSandbox } from '../harness/voipbin';

const transcription = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'transcription', operation, ...extra });

describe('Transcription: Start, Get Many, Get Transcript (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('Start posts reference_type recording, the language and the direction; starting again returns the same one', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		const target = sandbox.visibleRecordings()[0];
		const credentials = accessKeyCredentials(sandbox);
		const first = await runAction(credentials, transcription('start', { recordingId: target.id, language: 'de-DE', direction: 'in' }));
		expect(first.error(NODE_NAME)).toBeUndefined();
		expect(first.output(NODE_NAME)[0].json).toMatchObject({ status: 'progressing', recordingId: target.id, language: 'de-DE', direction: 'in' });
		const second = await runAction(credentials, transcription('start', { recordingId: target.id, language: 'de-DE', direction: 'in' }));
		expect(second.output(NODE_NAME)[0].json.id).toBe(first.output(NODE_NAME)[0].json.id);
		const [post] = sandbox.apiRequests();
		expect([post.method, post.path]).toEqual(['POST', '/v1.0/transcribes']);
	});

	it('Start on a recording that has not ended: VoIPbin\'s 400 with its reason', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const live = sandbox.addRecording({ status: 'recording', endsAfterMs: 600_000 });
		const run = await runAction(accessKeyCredentials(sandbox), transcription('start', { recordingId: live.id }));
		expect(run.error(NODE_NAME)?.message).toMatch(/VoIPbin rejected the request as invalid\. VoIPbin said: "INVALID_ARGUMENT/);
	});

	it('Get Many lists the transcriptions of one recording (both reference parameters), one request', async () => {
		sandbox = await startSandbox({ recordingCount: 2, transcribeDelayMs: 0 });
		const [a, b] = sandbox.visibleRecordings();
		const credentials = accessKeyCredentials(sandbox);
		for (const language of ['en-US', 'ja-JP']) await runAction(credentials, transcription('start', { recordingId: a.id, language }));
		await runAction(credentials, transcription('start', { recordingId: b.id }));
		sandbox.resetLog();
		const run = await runAction(credentials, transcription('getMany', { recordingId: a.id, returnAll: true }));
		expect(run.output(NODE_NAME).map((item) => item.json.language).sort()).toEqual(['en-US', 'ja-JP']);
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()[0].query).toMatchObject({ reference_type: 'recording', reference_id: a.id });
	});

	it('Get Transcript: one request although VoIPbin always sends a next_page_token; lines in spoken order', async () => {
		sandbox = await startSandbox({ recordingCount: 0, transcribeDelayMs: 0 });
		const target = sandbox.addRecording({ durationMs: 60_000, transcriptLines: 12 });
		const credentials = accessKeyCredentials(sandbox);
		const started = await runAction(credentials, transcription('start', { recordingId: target.id }));
		const id = String(started.output(NODE_NAME)[0].json.id);
		sandbox.finishTranscribe(id);
		sandbox.resetLog();
		const run = await runAction(credentials, transcription('getTranscript', { transcriptionId: id }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(sandbox.apiRequests()).toHaveLength(1);
		const [item] = run.output(NODE_NAME);
		expect(item.json.lineCount).toBe(12);
		const expected = [...sandbox.transcribes.get(id)!.lines].sort((x, y) => x.spokenUs - y.spokenUs).map((line) => `${line.direction}: ${line.message}`);
		expect(String(item.json.text).split('\n')).toEqual(expected);
		expect(item.json).not.toHaveProperty('mayBeTruncated');
		const raw = await runAction(credentials, transcription('getTranscript', { transcriptionId: id, simple: false }));
		expect(raw.output(NODE_NAME)).toHaveLength(12);
		expect(sandbox.apiRequests()).toHaveLength(2);
	});

	it('Get Transcript of a long conversation: VoIPbin sends the newest 100 lines only, the node says it may be truncated', async () => {
		sandbox = await startSandbox({ recordingCount: 0, transcribeDelayMs: 0 });
		const target = sandbox.addRecording({ durationMs: 600_000, transcriptLines: 130 });
		const credentials = accessKeyCredentials(sandbox);
		const started = await runAction(credentials, transcription('start', { recordingId: target.id }));
		const id = String(started.output(NODE_NAME)[0].json.id);
		sandbox.finishTranscribe(id);
		const run = await runAction(credentials, transcription('getTranscript', { transcriptionId: id }));
		expect(run.output(NODE_NAME)[0].json).toMatchObject({ lineCount: 100, mayBeTruncated: true });
		expect(sandbox.apiRequests().filter((entry) => entry.path === '/v1.0/transcripts')).toHaveLength(1);
	});

	it('Get Transcript of an unknown transcription names the reason', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const run = await runAction(accessKeyCredentials(sandbox), transcription('getTranscript', { transcriptionId: '0d9f7a4e-1111-4222-8333-944455556666' }));
		expect(run.error(NODE_NAME)?.message).toMatch(/^Not found: transcription 0d9f7a4e-.* VoIPbin said: "RESOURCE_NOT_FOUND: .*\(request_id req_/);
	});
});
