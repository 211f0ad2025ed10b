/**
 * The packed package in real n8n, installed as the Community Nodes installer installs it: every action
 * through `n8n execute`, the examples imported and one run, and the trigger under `n8n start`, against
 * the Bird sandbox over HTTP. Checks output items, the audio n8n stored, and the sandbox's request log.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describeN8n } from '../../../../scripts/n8n-runtime';
import { N8nInstance } from '../../../../scripts/lib/n8n-instance';
import { createSandbox, type Sandbox } from '../../sandbox/server';

type Line = 'current' | 'legacy';
const LINES = (process.env.E2E_N8N_LINES ?? 'current').split(',').map((l) => l.trim() as Line);
/** Bird's ports: 6500–6599 (n8n's port and its task broker's, + 1). */
const PORTS: Record<Line, number> = { current: 6500, legacy: 6550 };
const PACKAGE_DIR = resolve(__dirname, '../..');
const PACKAGE = 'n8n-nodes-bird-recordings';
const ACTION = `${PACKAGE}.birdCallRecording`;
const TRIGGER = `${PACKAGE}.birdCallRecordingTrigger`;
const CREDENTIAL = { id: 'birdSandbox1', name: 'Bird Recordings API', type: 'birdRecordingsApi' };

function buildAndPack(): string {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: PACKAGE_DIR, stdio: 'ignore' });
	const dir = mkdtempSync(join(tmpdir(), 'bird-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: PACKAGE_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
	return join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
}

type Params = Record<string, unknown>;
const ref = { [CREDENTIAL.type]: { id: CREDENTIAL.id, name: CREDENTIAL.name } };

/** Manual Trigger → one Bird node per parameter set, chained. */
function chain(id: string, steps: Params[]) {
	const names = ['Start', ...steps.map((_, i) => `Bird ${i + 1}`)];
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: names.map((name, i) => ({
			id: `b12d0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			name,
			type: i === 0 ? 'n8n-nodes-base.manualTrigger' : ACTION,
			typeVersion: 1,
			position: [i * 240, 0],
			parameters: i === 0 ? {} : steps[i - 1],
			...(i === 0 ? {} : { credentials: ref }),
		})),
		connections: Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }])),
	};
}

/** An example workflow with its credentials pointed at the sandbox credential. */
function example(file: string, id: string) {
	const workflow = JSON.parse(readFileSync(join(PACKAGE_DIR, 'examples', file), 'utf8'));
	for (const node of workflow.nodes) if (node.credentials?.birdRecordingsApi) node.credentials = ref;
	return { ...workflow, id, active: false };
}

async function lastOutput(n8n: N8nInstance, id: string, node: string) {
	const { status, run } = await n8n.execute(id);
	const runData = run?.data?.resultData?.runData ?? {};
	const task = runData[node]?.[0];
	return { status, items: (task?.data?.main?.[0] ?? []) as Array<{ json: Params; binary?: Record<string, Params> }>, error: task?.error ?? run?.data?.resultData?.error };
}

const tarball = process.env.BIRD_E2E_TARBALL || buildAndPack();

describe.each(LINES)('n8n (%s line): the Bird package in real n8n', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	const available = () => sandbox.listedRecordings().filter((r) => sandbox.recordingStatus(r.id) === 'available');

	beforeAll(async () => {
		sandbox = await createSandbox({ now: Date.now(), recordingCount: 40, seedMaxDurationSeconds: 10, transcribeEvery: 2 }).start();
		n8n = new N8nInstance(describeN8n(line), { port: PORTS[line] });
		n8n.installPackage(tarball);
		await n8n.importCredentials([{ ...CREDENTIAL, data: { apiKey: sandbox.accessKey, workspaceId: sandbox.workspaceId, baseUrl: sandbox.url, requestsPerSecond: 0 } }]);
		const transcription = [...sandbox.transcriptions.values()].find((t) => sandbox.presentTranscription(t.id).status === 'available')!;
		await n8n.importWorkflows([
			chain('birdListDownload', [
				{ resource: 'recording', operation: 'getMany', limit: 5, filters: {} },
				{ resource: 'recording', operation: 'download', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
			]),
			chain('birdReturnAll', [{ resource: 'recording', operation: 'getMany', returnAll: true, filters: {} }]),
			chain('birdTranscribe', [{ resource: 'transcription', operation: 'create', recordingId: available()[0].id, locale: 'de-DE' }]),
			chain('birdTranscript', [{ resource: 'transcription', operation: 'getContent', transcriptionId: transcription.id, format: 'vtt', output: 'text' }]),
			chain('birdDelete', [{ resource: 'recording', operation: 'delete', recordingId: available()[1].id }]),
			chain('birdBadLocale', [{ resource: 'transcription', operation: 'create', recordingId: available()[0].id, locale: 'xx-XX' }]),
			example('list-and-download.json', 'birdExampleList'),
			example('new-recording-transcribe.json', 'birdExampleTranscribe'),
			example('transcript-to-slack.json', 'birdExampleSlack'),
			example('archive-new-recordings.json', 'birdExampleArchive'),
			example('nightly-retention-cleanup.json', 'birdExampleRetention'),
		]);
	});
	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});
	beforeEach(() => sandbox.resetLog());

	it('Get Many (Limit 5) → Download: 1 list request, 5 × (307 + storage), real MP3 bytes, no key at storage', async () => {
		const { items, error } = await lastOutput(n8n, 'birdListDownload', 'Bird 2');
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		for (const item of items) expect(item.binary?.data?.mimeType).toBe('audio/mpeg');
		const stored = readFileSync(n8n.binaryFilePath(items[0].binary!.data));
		expect(stored.subarray(0, 3).toString('latin1')).toMatch(/ID3|\xff/);
		expect(sandbox.apiRequests().filter((e) => e.path.endsWith('/recordings'))).toHaveLength(1);
		expect(sandbox.apiRequests().filter((e) => e.status === 307)).toHaveLength(5);
		expect(sandbox.storageRequests()).toHaveLength(5);
		expect(sandbox.credentialReachedStorage()).toBe(false);
	});

	it('Return All over 40 recordings: 1 request', async () => {
		const { items } = await lastOutput(n8n, 'birdReturnAll', 'Bird 1');
		expect(items).toHaveLength(sandbox.listedRecordings().length);
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it('Transcription Create and Get Content (VTT as text)', async () => {
		const created = await lastOutput(n8n, 'birdTranscribe', 'Bird 1');
		expect(created.items[0].json).toMatchObject({ status: 'accepted', locale: 'de-DE' });
		const content = await lastOutput(n8n, 'birdTranscript', 'Bird 1');
		expect(String(content.items[0].json.content)).toMatch(/^WEBVTT/);
	});

	it('Delete: 204', async () => {
		const { items } = await lastOutput(n8n, 'birdDelete', 'Bird 1');
		expect(items[0].json.deleted).toBe(true);
		expect(sandbox.apiRequests().map((e) => e.status)).toEqual([204]);
	});

	it('a locale Bird does not have: a clear error, no request', async () => {
		const { error } = await lastOutput(n8n, 'birdBadLocale', 'Bird 1');
		expect(String(error?.message)).toContain('Locale must be one of');
		expect(sandbox.log).toHaveLength(0);
	});

	it('the examples import, and "list and download" runs', async () => {
		const { items, error } = await lastOutput(n8n, 'birdExampleList', 'Download audio');
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		expect(items.every((item) => item.binary?.data)).toBe(true);
	});

	it('the trigger under n8n start: a recording that becomes available starts one execution, with its audio', async () => {
		const workflow = {
			id: 'birdTrigger',
			name: 'birdTrigger',
			active: false,
			settings: { executionOrder: 'v1' },
			pinData: {},
			nodes: [
				{
					id: 'b12d1000-0000-4000-8000-000000000001',
					name: 'Trigger',
					type: TRIGGER,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newRecording', options: { attachAudio: true } },
					credentials: ref,
				},
			],
			connections: {},
		};
		await n8n.importWorkflows([workflow]);
		await n8n.activateWorkflow('birdTrigger');
		await n8n.start();
		// The first poll (at activation) remembers what is there; a call then ends and becomes available.
		const deadline = Date.now() + 60_000;
		while (!sandbox.apiRequests().some((e) => e.path.endsWith('/recordings')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
		const live = sandbox.addRecording({ live: true });
		sandbox.finishRecording(live.id, 1000);
		const until = Date.now() + 150_000;
		while (!sandbox.storageRequests().some((e) => e.path.includes(live.id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 1000));
		expect(sandbox.storageRequests().filter((e) => e.path.includes(live.id))).toHaveLength(1);
		expect(sandbox.credentialReachedStorage()).toBe(false);
		await n8n.stop();
	});
});
