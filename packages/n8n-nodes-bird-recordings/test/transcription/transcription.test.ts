import type { Sandbox } from '../../sandbox/server';
import { birdCredentials, NODE_NAME, runAction, startSandbox } from '../harness/bird';

const transcription = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'transcription', operation, ...extra });

describe('Transcription: Create, Get Many, Get, Get Content (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});
	const available = () => sandbox.listedRecordings().find((r) => sandbox.recordingStatus(r.id) === 'available')!;
	const finished = () => [...sandbox.transcriptions.values()].find((t) => sandbox.presentTranscription(t.id).status === 'available')!;

	it('Create: one POST with the locale; Bird answers 202 accepted', async () => {
		sandbox = await startSandbox();
		const target = available();
		const run = await runAction(birdCredentials(sandbox), transcription('create', { recordingId: target.id, locale: 'nl-NL', simple: false }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)[0].json).toMatchObject({ recordingId: target.id, locale: 'nl-NL', status: 'accepted' });
		expect(sandbox.apiRequests().map((e) => [e.method, e.path, e.status])).toEqual([
			['POST', `/workspaces/${sandbox.workspaceId}/recordings/${target.id}/transcriptions`, 202],
		]);
	});

	it('Create on a recording still in progress: Bird’s code and message', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const live = sandbox.addRecording({ live: true });
		const run = await runAction(birdCredentials(sandbox), transcription('create', { recordingId: live.id, locale: 'en-US' }));
		expect(run.error(NODE_NAME)?.message).toMatch(/Bird said: "RecordingNotAvailable: /);
	});

	it('Get Many: Return All over 250 in 3 requests, Limit 5 in one', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		for (let i = 0; i < 250; i++) sandbox.addTranscription(sandbox.addRecording().id);
		const all = await runAction(birdCredentials(sandbox), transcription('getMany', { returnAll: true }));
		expect(new Set(all.output(NODE_NAME).map((i) => i.json.id)).size).toBe(250);
		expect(sandbox.apiRequests()).toHaveLength(3);
		sandbox.resetLog();
		const five = await runAction(birdCredentials(sandbox), transcription('getMany', { limit: 5 }));
		expect(five.output(NODE_NAME)).toHaveLength(5);
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()[0].query.limit).toBe('5');
	});

	it('Get: one request, simplified', async () => {
		sandbox = await startSandbox();
		const target = finished();
		const run = await runAction(birdCredentials(sandbox), transcription('get', { transcriptionId: target.id }));
		expect(run.output(NODE_NAME)[0].json).toMatchObject({ id: target.id, status: 'available', locale: 'en-US' });
	});

	it.each(['json', 'srt', 'vtt', 'txt'])('Get Content as %s text, one request', async (format) => {
		sandbox = await startSandbox();
		const target = finished();
		const run = await runAction(birdCredentials(sandbox), transcription('getContent', { transcriptionId: target.id, format, output: 'text' }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const { content } = run.output(NODE_NAME)[0].json;
		if (format === 'json') expect(typeof content).toBe('object');
		else expect(String(content).length).toBeGreaterThan(10);
		if (format === 'vtt') expect(String(content)).toMatch(/^WEBVTT/);
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it.each(['direct', 'redirect'] as const)('Get Content as a binary file (%s), storage gets no key', async (transcriptContent) => {
		sandbox = await startSandbox({ transcriptContent });
		const target = finished();
		const run = await runAction(birdCredentials(sandbox), transcription('getContent', { transcriptionId: target.id, format: 'srt', output: 'binary', binaryPropertyName: 'subtitles' }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const binary = run.output(NODE_NAME)[0].binary!.subtitles;
		expect(binary.fileName).toBe(`${target.id}.srt`);
		expect(sandbox.credentialReachedStorage()).toBe(false);
		expect(sandbox.storageRequests()).toHaveLength(transcriptContent === 'redirect' ? 1 : 0);
	});

	it('Get Content of an unfinished transcription: not ready, said plainly', async () => {
		sandbox = await startSandbox();
		const created = sandbox.addTranscription(available().id, { status: 'ongoing' });
		const run = await runAction(birdCredentials(sandbox), transcription('getContent', { transcriptionId: created.id, format: 'txt' }));
		expect(run.error(NODE_NAME)?.message).toContain('not ready');
	});
});
