import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import type { Sandbox } from '../../sandbox/server';
import { sandboxBytes } from '../e2e/harness';
import { oauth2Credentials, runAction, runActionChain, startSandbox } from '../harness/vbc';

const transcriptionsPath = '/t/vbc.prod/call_recording/api/accounts/self/company_call_recordings/transcriptions';

describe('Transcription resource (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ companyRecordings: 30 });
	});
	afterEach(async () => {
		await sandbox.stop();
	});

	const creds = () => oauth2Credentials(sandbox);

	it('Get Many lists company transcriptions: ready ones with a transcription_url, failed ones with their error', async () => {
		const run = await runAction(creds(), { resource: 'transcription', operation: 'getMany', returnAll: true, simple: false });
		const items = run.output('VBC').map((i) => i.json);
		expect(items).toHaveLength(30);
		const failed = items.filter((t) => t.transcription_error);
		expect(failed.length).toBeGreaterThan(0);
		for (const t of failed) {
			expect(t.transcription_ready).toBe(false);
			expect(t.transcription_url).toBeUndefined();
		}
		for (const t of items.filter((x) => x.transcription_ready)) {
			expect(t.transcription_url).toBe(`${sandbox.apiBaseUrl}/v1/api/transcription/${t.recording_id}`);
		}
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it('Get Many sends the status filter with the recording filters; a Limit in one page is one request', async () => {
		const run = await runAction(creds(), {
			resource: 'transcription',
			operation: 'getMany',
			returnAll: false,
			limit: 2,
			filters: { status: 'failed', minDurationSeconds: 1 },
			simple: false,
		});
		const items = run.output('VBC');
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.json.transcription_error)).toBe(true);
		const [request] = sandbox.apiRequests();
		expect(request.path).toBe(transcriptionsPath);
		expect(request.query).toEqual({ status: 'failed', 'duration:gte': '1000', page_size: '2' });
	});

	it('Get Many (simplified) → Get Transcript costs one request per transcript, with text and, for JSON, segments and speakers', async () => {
		const run = await runActionChain(creds(), [
			{ resource: 'transcription', operation: 'getMany', returnAll: false, limit: 4, filters: { status: 'ready' } },
			{ resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.recordingId }}' },
		]);
		expect(run.error('VBC 2')).toBeUndefined();
		const items = run.output('VBC 2');
		expect(items).toHaveLength(4);
		expect(sandbox.apiRequests()).toHaveLength(1 + 4);
		const formats = new Set(items.map((i) => i.json.format));
		expect(formats).toEqual(new Set(['json', 'text']));
		for (const item of items) {
			expect(item.json.ready).toBe(true);
			expect(item.json.text).toContain('Agent: Thank you for calling, how can I help?');
			if (item.json.format === 'json') {
				expect(item.json.speakers).toEqual(['Agent', 'Customer']);
				expect(item.json.segments).toHaveLength(3);
				expect(item.json.language).toBe('en-US');
			} else {
				expect(item.json.segments).toEqual([]);
				expect(item.json.language).toBeNull();
			}
		}
	});

	it('with Simplify on, every transcription item has one shape and one naming style: Get Many, and Get Transcript ready or not', async () => {
		const failed = sandbox.visibleRecordings().find((r) => r.transcription.status === 'failed')!;
		const run = await runActionChain(creds(), [
			{ resource: 'transcription', operation: 'getMany', returnAll: true },
			{
				resource: 'transcription',
				operation: 'getTranscript',
				recordingId: '={{ $json.recordingId }}',
				transcriptOptions: { ifNotReady: 'output' },
			},
		]);
		const listed = run.output('VBC').map((i) => i.json);
		const transcripts = run.output('VBC 2').map((i) => i.json);
		expect(listed).toHaveLength(30);
		expect(transcripts).toHaveLength(30);
		const keysOf = (json: object) => Object.keys(json).sort();
		// One shape per output: n8n's table then shows no "undefined" cell.
		for (const json of listed) expect(keysOf(json)).toEqual(keysOf(listed[0]));
		for (const json of transcripts) expect(keysOf(json)).toEqual(keysOf(transcripts[0]));
		// Get Transcript adds the transcript to the transcription's own fields, named alike.
		expect(keysOf(transcripts[0])).toEqual(expect.arrayContaining(keysOf(listed[0])));
		for (const json of [...listed, ...transcripts]) for (const key of Object.keys(json)) expect(key).toMatch(/^[a-z][a-zA-Z]*$/);
		const failedItem = transcripts.find((t) => t.recordingId === failed.id)!;
		expect(failedItem).toMatchObject({
			ready: false,
			transcriptionReady: false,
			transcriptionError: 'Audio quality too low to transcribe',
			error: `VBC could not transcribe recording ${failed.id}: Audio quality too low to transcribe`,
			text: null,
			segments: [],
		});
		const readyItem = transcripts.find((t) => t.ready)!;
		expect(readyItem).toMatchObject({ transcriptionReady: true, transcriptionError: null, error: null, warning: null });
		expect(readyItem.startedAt).toBe(listed.find((l) => l.recordingId === readyItem.recordingId)!.startedAt);
	});

	it('with Simplify off, Get Transcript outputs the transcript as VBC sent it: its JSON, or its text under `transcript`', async () => {
		const [json, text] = (['json', 'text'] as const).map(
			(format) => sandbox.visibleRecordings().find((r) => r.transcription.status === 'ready' && r.transcription.format === format)!,
		);
		const run = await runAction(
			creds(),
			{ resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.id }}', simple: false },
			{ items: [{ id: json.id }, { id: text.id }] },
		);
		const [fromJson, fromText] = run.output('VBC').map((i) => i.json);
		const sent = JSON.parse((await sandboxBytes(sandbox, `/v1/api/transcription/${json.id}`)).toString('utf8'));
		expect(fromJson).toEqual(sent);
		expect(fromText).toEqual({ transcript: (await sandboxBytes(sandbox, `/v1/api/transcription/${text.id}`)).toString('utf8') });
	});

	it.each([
		['segments under `results`, text under `transcript`', { results: [{ speaker_label: 'spk_0', transcript: 'Hello there.' }, { speaker_label: 'spk_1', transcript: 'Hi.' }] }, 'spk_0: Hello there.\nspk_1: Hi.', ['spk_0', 'spk_1']],
		['utterances with numeric speakers next to an empty text', { text: '', utterances: [{ speaker: 0, text: 'One.' }, { speaker: 1, text: 'Two.' }] }, '0: One.\n1: Two.', ['0', '1']],
		['a whole transcript one level down', { results: { transcripts: [{ transcript: 'All of it.' }] } }, 'All of it.', []],
		['alternatives, as speech-to-text services send them', { results: [{ alternatives: [{ transcript: 'First.' }] }, { alternatives: [{ transcript: 'Second.' }] }] }, 'First.\nSecond.', []],
	])('Get Transcript reads the text of a transcript with %s', async (_shape, body, text, speakers) => {
		const target = sandbox.visibleRecordings().find((r) => r.transcription.status === 'ready')!;
		sandbox.injectFault({ path: /^\/api\/transcription\//, status: 200, body });
		const run = await runAction(creds(), { resource: 'transcription', operation: 'getTranscript', recordingId: String(target.id) });
		expect(run.output('VBC')[0].json).toMatchObject({ ready: true, format: 'json', text, speakers, warning: null });
	});

	it('a transcript whose text cannot be found keeps the raw content and says so', async () => {
		const target = sandbox.visibleRecordings().find((r) => r.transcription.status === 'ready')!;
		const body = { recording_id: target.id, chunks: [{ who: 'A', said: 'Hello' }] };
		sandbox.injectFault({ path: /^\/api\/transcription\//, status: 200, body });
		const run = await runAction(creds(), { resource: 'transcription', operation: 'getTranscript', recordingId: String(target.id) });
		expect(run.error('VBC')).toBeUndefined();
		const [item] = run.output('VBC');
		expect(item.json).toMatchObject({
			ready: true,
			text: '',
			rawTranscript: body,
			warning: "Found no transcript text in VBC's response (JSON with the keys recording_id, chunks): its content is kept as sent in rawTranscript",
		});
	});

	it('Get Transcript by recording ID alone finds the transcription through its call: three requests', async () => {
		const target = sandbox.visibleRecordings().find((r) => r.transcription.status === 'ready' && r.transcription.format === 'text')!;
		const run = await runAction(creds(), {
			resource: 'transcription',
			operation: 'getTranscript',
			recordingId: String(target.id),
			transcriptOptions: { binaryPropertyName: 'transcript' },
		});
		const [item] = run.output('VBC');
		expect(item.json).toMatchObject({ recordingId: target.id, ready: true, format: 'text' });
		const binary = item.binary!.transcript;
		expect(binary.fileName).toBe(`${target.id}.txt`);
		expect(binary.mimeType).toBe('text/plain');
		const bytes = await Container.get(BinaryDataService).getAsBuffer(binary);
		expect(bytes.toString('utf8')).toBe(item.json.text);
		expect(sandbox.apiRequests().map((r) => r.path)).toEqual([
			`/t/vbc.prod/call_recording/api/accounts/self/company_call_recordings/${target.id}`,
			transcriptionsPath,
			`/t/vbc.prod/call_recording/v1/api/transcription/${target.id}`,
		]);
		expect(sandbox.apiRequests()[1].query.call_id).toBe(target.call_id);
	});

	it('a JSON transcript can be output as a .json file', async () => {
		const target = sandbox.visibleRecordings().find((r) => r.transcription.status === 'ready' && r.transcription.format === 'json')!;
		const run = await runAction(creds(), {
			resource: 'transcription',
			operation: 'getTranscript',
			recordingId: String(target.id),
			transcriptOptions: { binaryPropertyName: 'file' },
		});
		const binary = run.output('VBC')[0].binary!.file;
		expect(binary.fileName).toBe(`${target.id}.json`);
		expect(binary.mimeType).toBe('application/json');
		const parsed = JSON.parse((await Container.get(BinaryDataService).getAsBuffer(binary)).toString('utf8'));
		expect(parsed.recording_id).toBe(target.id);
	});

	it('a failed transcription says why, plainly; with the option it outputs { ready: false, error }', async () => {
		const failed = sandbox.visibleRecordings().find((r) => r.transcription.status === 'failed')!;
		const errorRun = await runAction(creds(), { resource: 'transcription', operation: 'getTranscript', recordingId: String(failed.id) });
		expect(errorRun.error('VBC')?.message).toBe(`VBC could not transcribe recording ${failed.id}: Audio quality too low to transcribe`);

		const outputRun = await runAction(creds(), {
			resource: 'transcription',
			operation: 'getTranscript',
			recordingId: String(failed.id),
			transcriptOptions: { ifNotReady: 'output' },
		});
		expect(outputRun.output('VBC')[0].json).toMatchObject({
			recordingId: failed.id,
			ready: false,
			error: `VBC could not transcribe recording ${failed.id}: Audio quality too low to transcribe`,
		});
		const rawRun = await runAction(creds(), {
			resource: 'transcription',
			operation: 'getTranscript',
			recordingId: String(failed.id),
			transcriptOptions: { ifNotReady: 'output' },
			simple: false,
		});
		expect(rawRun.output('VBC')[0].json).toEqual({
			recording_id: failed.id,
			ready: false,
			error: `VBC could not transcribe recording ${failed.id}: Audio quality too low to transcribe`,
		});
	});

	it('a transcript not ready yet says so, and no transcript request is made', async () => {
		const fresh = sandbox.addRecording({ start: sandbox.clock.now() - 120_000, duration: 60_000, transcriptionDelayMs: 3_600_000 });
		sandbox.resetLog();
		const run = await runAction(creds(), { resource: 'transcription', operation: 'getTranscript', recordingId: String(fresh.id) });
		expect(run.error('VBC')?.message).toBe(`The transcript of recording ${fresh.id} is not ready yet: VBC is still transcribing it`);
		expect(sandbox.apiRequests().some((r) => r.path.includes('/transcription/'))).toBe(false);
	});

	it('continueOnFail: a not-ready transcript becomes { error } and the others are read', async () => {
		const ready = sandbox.visibleRecordings().find((r) => r.transcription.status === 'ready')!;
		const run = await runAction(
			creds(),
			{ resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.id }}' },
			{ items: [{ id: 999999 }, { id: ready.id }], node: { continueOnFail: true } },
		);
		const items = run.output('VBC');
		expect(items[0]).toEqual({ json: { error: expect.stringMatching(/^Not found: recording 999999/) }, pairedItem: { item: 0 } });
		expect(items[1].json).toMatchObject({ recordingId: ready.id, ready: true });
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('refuses a transcription_url on another host', async () => {
		const run = await runAction(
			creds(),
			{ resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.recording_id }}' },
			{ items: [{ recording_id: 5, transcription_ready: true, transcription_url: 'http://127.0.0.2:9/v1/api/transcription/5' }] },
		);
		expect(run.error('VBC')?.message).toContain('transcription_url of recording 5 points to 127.0.0.2:9');
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	it('Export creates a recordings + transcriptions job', async () => {
		const run = await runAction(creds(), { resource: 'transcription', operation: 'export', filters: { callDirection: 'OUTBOUND' } });
		const [item] = run.output('VBC');
		expect(item.json).toEqual({ job_id: expect.any(String), job_type: 'recordingsTranscriptions' });
		expect(sandbox.apiRequests()[0].path).toBe(
			'/t/vbc.prod/call_recording/api/accounts/self/company_call_recordings/recordings_transcriptions/export',
		);
	});
});
