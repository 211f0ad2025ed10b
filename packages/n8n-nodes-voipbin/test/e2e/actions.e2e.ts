/**
 * The VoIPbin package inside real n8n (n8n 2.x and 1.x), installed from its packed tarball as the Community
 * Nodes installer does, run by `n8n execute` against the sandbox over HTTP: Return All over the strict-<
 * cursor with ties, a ZIP download through the 307 to storage, the login credential, a transcript, an
 * example workflow as shipped, and the access key in no output and no log line of n8n.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { N8nInstance } from '../../../../scripts/lib/n8n-instance';
import { describeN8n } from '../../../../scripts/n8n-runtime';
import { createSandbox, type Sandbox } from '../../sandbox/server';

type Line = 'current' | 'legacy';
const LINES = (process.env.E2E_N8N_LINES ?? 'current').split(',').map((l) => l.trim() as Line);
/** VoIPbin's e2e ports: 6400–6499 (n8n's port and its task broker's port + 1). */
const PORTS: Record<Line, number> = { current: 6400, legacy: 6450 };
const PACKAGE_DIR = resolve(__dirname, '../..');
const ACTION = 'n8n-nodes-voipbin.voipbinCallRecording';

function packPackage(): string {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: PACKAGE_DIR, stdio: 'ignore' });
	const packDir = mkdtempSync(join(tmpdir(), 'voipbin-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', packDir, '--silent'], { cwd: PACKAGE_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
	return join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
}

const credentialRef = (type: string, id: string) => ({ [type]: { id, name: id } });

function workflow(id: string, steps: Array<Record<string, unknown>>, credential: Record<string, unknown>) {
	const nodes = [
		{ id: `${id}-0`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		...steps.map((parameters, index) => ({ id: `${id}-${index + 1}`, name: `VoIPbin ${index + 1}`, type: ACTION, typeVersion: 1, position: [240 * (index + 1), 0], parameters, credentials: credential })),
	];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name: id, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

describe.each(LINES)('n8n (%s line): the VoIPbin package in real n8n', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	const outputs: string[] = [];
	const accessKey = { id: 'voipbinKey', type: 'voipbinAccessKeyApi' };
	const login = { id: 'voipbinLogin', type: 'voipbinLoginApi' };
	let tiesAt = 0;

	const run = async (id: string, last: string) => {
		const result = await n8n.execute(id);
		outputs.push(result.stdout, result.stderr);
		const runData = result.run?.data?.resultData?.runData ?? {};
		const task = runData[last]?.[0];
		return { items: (task?.data?.main?.[0] ?? []) as Array<{ json: Record<string, any>; binary?: Record<string, any> }>, error: task?.error ?? result.run?.data?.resultData?.error };
	};

	beforeAll(async () => {
		sandbox = await createSandbox({ now: Date.now(), recordingCount: 0, transcribeDelayMs: 0 }).start();
		const newest = (Date.now() - 3_600_000) * 1000;
		tiesAt = newest - 90 * 1e6;
		for (let i = 0; i < 250; i++) sandbox.addRecording({ tmCreateUs: i < 90 ? newest - i * 1e6 : i < 110 ? tiesAt : newest - (i - 19) * 1e6 });
		n8n = new N8nInstance(describeN8n(line), { port: PORTS[line], env: { GENERIC_TIMEZONE: 'UTC' } });
		n8n.installPackage(packPackage());
		await n8n.importCredentials([
			{ id: accessKey.id, name: accessKey.id, type: accessKey.type, data: { apiKey: sandbox.options.accessKey, baseUrl: sandbox.url, requestsPerSecond: 16.7, burst: 33 } },
			{ id: login.id, name: login.id, type: login.type, data: { username: 'admin@voipbin.test', password: 'sandbox-password', baseUrl: sandbox.url, requestsPerSecond: 16.7, burst: 33 } },
		]);
		const target = sandbox.visibleRecordings()[0].id;
		const key = credentialRef(accessKey.type, accessKey.id);
		const example = JSON.parse(readFileSync(join(PACKAGE_DIR, 'examples', 'download-yesterdays-recordings.json'), 'utf8'));
		for (const node of example.nodes) if (node.credentials) node.credentials = key;
		await n8n.importWorkflows([
			workflow('vbReturnAll', [{ resource: 'recording', operation: 'getMany', returnAll: true, simple: false }], key),
			workflow('vbDownload', [{ resource: 'recording', operation: 'download', recordingId: target, binaryPropertyName: 'audio' }], key),
			workflow('vbLogin', [{ authentication: 'login', resource: 'recording', operation: 'get', recordingId: target }], credentialRef(login.type, login.id)),
			workflow('vbTranscript', [
				{ resource: 'transcription', operation: 'start', recordingId: target, language: 'en-US' },
				{ resource: 'transcription', operation: 'getTranscript', transcriptionId: '={{ $json.id }}' },
			], key),
			workflow('vbNotFound', [{ resource: 'recording', operation: 'get', recordingId: '0d9f7a4e-1111-4222-8333-944455556666' }], key),
			{ ...example, id: 'vbExample', active: false },
		]);
	}, 600_000);

	afterAll(async () => {
		await sandbox?.stop();
	});

	it('Return All over 250 recordings, 20 sharing the first page\'s boundary timestamp: 250 items, none twice, 3 list requests', async () => {
		sandbox.resetLog();
		const { items, error } = await run('vbReturnAll', 'VoIPbin 1');
		expect(error).toBeUndefined();
		const ids = items.map((item) => item.json.id);
		expect(ids).toHaveLength(250);
		expect(new Set(ids).size).toBe(250);
		expect(sandbox.apiRequests()).toHaveLength(3);
		expect(sandbox.apiRequests().every((entry) => entry.status === 200)).toBe(true);
	});

	it('Download: the ZIP through the 307, stored by n8n, named <id>.zip; no credential reached storage', async () => {
		sandbox.resetLog();
		const { items, error } = await run('vbDownload', 'VoIPbin 1');
		expect(error).toBeUndefined();
		const binary = items[0].binary!.audio;
		expect(binary).toMatchObject({ mimeType: 'application/zip', fileName: `${items[0].json.id}.zip` });
		expect(readFileSync(n8n.binaryFilePath(binary)).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
		expect(sandbox.storageRequests()).toHaveLength(1);
		expect(sandbox.storageCredentialLeaks()).toEqual([]);
	});

	it('Login credential: one login at the API root, then Bearer', async () => {
		sandbox.resetLog();
		const { items, error } = await run('vbLogin', 'VoIPbin 1');
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('ended');
		expect(sandbox.loginRequests().map((entry) => entry.path)).toEqual(['/auth/login']);
		expect(sandbox.apiRequests()[0].headers.authorization).toMatch(/^Bearer /);
	});

	it('Transcription Start then Get Transcript: one /transcripts request', async () => {
		sandbox.resetLog();
		const { items, error } = await run('vbTranscript', 'VoIPbin 2');
		expect(error).toBeUndefined();
		expect(items[0].json.lineCount).toBeGreaterThan(1);
		expect(sandbox.apiRequests().filter((entry) => entry.path === '/v1.0/transcripts')).toHaveLength(1);
	});

	it('an unknown recording: the reason and request_id in the error', async () => {
		const { error } = await run('vbNotFound', 'VoIPbin 1');
		expect(String(error?.message)).toMatch(/RECORDING_NOT_FOUND.*request_id req_/);
	});

	it('the example "download yesterday\'s recordings" runs as shipped', async () => {
		const yesterdayNoon = Date.now() - ((Date.now() % 86_400_000) + 12 * 3_600_000);
		const added = [0, 1, 2].map((i) => sandbox.addRecording({ createdAt: yesterdayNoon - i * 60_000 }));
		const { items, error } = await run('vbExample', 'Download audio');
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(added.map((r) => r.id));
		expect(items.every((item) => item.binary?.data?.fileName?.endsWith('.zip'))).toBe(true);
	});

	it("the access key is in no output and no log line of n8n", () => {
		expect(outputs.length).toBeGreaterThan(10);
		for (const text of outputs) expect(text).not.toContain(sandbox.options.accessKey);
	});
});
