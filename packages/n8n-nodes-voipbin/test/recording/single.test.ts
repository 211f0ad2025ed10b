import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, NODE_NAME, runAction, startSandbox } from '../harness/voipbin';

const recording = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation, ...extra });
const UNKNOWN = '0d9f7a4e-1111-4222-8333-944455556666';

describe('Recording: Get, Delete, Delete Many, Download (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('Get: one request; an unknown ID names VoIPbin\'s reason and request_id', async () => {
		sandbox = await startSandbox({ recordingCount: 3 });
		const target = sandbox.visibleRecordings()[1];
		const credentials = accessKeyCredentials(sandbox);
		const run = await runAction(credentials, recording('get', { recordingId: target.id, simple: false }));
		expect(run.output(NODE_NAME)[0].json).toEqual(sandbox.presentRecording(target.id));
		const missing = await runAction(credentials, recording('get', { recordingId: UNKNOWN }));
		const error = missing.error(NODE_NAME)!;
		expect(error.message).toMatch(/^Not found: recording 0d9f7a4e-.* VoIPbin said: "RECORDING_NOT_FOUND: .*\(request_id req_[0-9A-Fa-f]{16}\)"/);
		expect(sandbox.apiRequests()).toHaveLength(2);
	});

	it('Delete: 200 with the deleted recording; afterwards Get is a 404 RESOURCE_NOT_FOUND', async () => {
		sandbox = await startSandbox({ recordingCount: 3 });
		const target = sandbox.visibleRecordings()[0];
		const credentials = accessKeyCredentials(sandbox);
		const run = await runAction(credentials, recording('delete', { recordingId: target.id, simple: false }));
		expect(run.output(NODE_NAME)[0].json).toMatchObject({ id: target.id, deleted: true });
		expect(run.output(NODE_NAME)[0].json.tm_delete).toBeTruthy();
		const after = await runAction(credentials, recording('get', { recordingId: target.id }));
		expect(after.error(NODE_NAME)?.message).toContain('RESOURCE_NOT_FOUND');
	});

	it('Delete Many: dry run by default lists only recordings older than N days; then deletes them, one request each', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const now = sandbox.clock.now();
		const day = 86_400_000;
		const old = [100, 120, 200].map((days) => sandbox.addRecording({ createdAt: now - days * day }));
		const recent = [1, 10, 89].map((days) => sandbox.addRecording({ createdAt: now - days * day }));
		const credentials = accessKeyCredentials(sandbox);
		const dry = await runAction(credentials, recording('deleteMany', { olderThanDays: 90 }));
		expect(dry.output(NODE_NAME).map((item) => item.json.id)).toEqual(old.map((r) => r.id));
		expect(dry.output(NODE_NAME).every((item) => item.json.dryRun === true && item.json.deleted === false)).toBe(true);
		expect(sandbox.visibleRecordings()).toHaveLength(6);
		// The list starts at the cutoff: one request, newer recordings never read.
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()[0].query.page_token).toBeDefined();
		sandbox.resetLog();
		const real = await runAction(credentials, recording('deleteMany', { olderThanDays: 90, dryRun: false }));
		expect(real.output(NODE_NAME).map((item) => item.json.deleted)).toEqual([true, true, true]);
		expect(sandbox.visibleRecordings().map((r) => r.id).sort()).toEqual(recent.map((r) => r.id).sort());
		expect(sandbox.apiRequests().filter((entry) => entry.method === 'DELETE')).toHaveLength(3);
	});

	it.each([
		['zip', 'call', 'application/zip', '.zip', 'PK\u0003\u0004'],
		['zip', 'confbridge', 'application/zip', '.zip', 'PK\u0003\u0004'],
		['wav', 'call', 'audio/wav', '.wav', 'RIFF'],
	] as const)('Download (%s, %s): 307 followed to storage without credential; named and typed by magic bytes', async (downloadPayload, referenceType, mimeType, extension, magic) => {
		sandbox = await startSandbox({ recordingCount: 0, downloadPayload, storageContentType: 'application/octet-stream' });
		const target = sandbox.addRecording({ referenceType, durationMs: 3000 });
		const run = await runAction(accessKeyCredentials(sandbox), recording('download', { recordingId: target.id, binaryPropertyName: 'audio' }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const binary = run.output(NODE_NAME)[0].binary!.audio;
		expect(binary.mimeType).toBe(mimeType);
		expect(binary.fileName).toBe(`${target.id}${extension}`);
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()[0].status).toBe(307);
		expect(sandbox.storageRequests()).toHaveLength(1);
		expect(sandbox.storageCredentialLeaks()).toEqual([]);
		const { Container } = await import('@n8n/di');
		const { BinaryDataService } = await import('n8n-core');
		const bytes = await Container.get(BinaryDataService).getAsBuffer(binary);
		expect(bytes.subarray(0, 4).toString('latin1')).toBe(magic);
		expect(bytes.length).toBeGreaterThan(3000 * 16);
		if (extension === '.zip') {
			const names = [...bytes.toString('latin1').matchAll(/[\w-]+_(in|out)\.wav/g)].map((m) => m[0].replace(/^.*_/, '_'));
			expect(new Set(names)).toEqual(new Set(referenceType === 'call' ? ['_in.wav', '_out.wav'] : ['_in.wav']));
		}
	});

	it('Download before ended: an item that says so gets a clear error with no request; an empty ZIP says the same', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const live = sandbox.addRecording({ status: 'recording', endsAfterMs: 600_000 });
		const credentials = accessKeyCredentials(sandbox);
		const fromItem = await runAction(credentials, recording('download', { recordingId: '={{ $json.id }}', binaryPropertyName: 'data' }), {
			items: [{ id: live.id, status: 'recording' }],
		});
		expect(fromItem.error(NODE_NAME)?.message).toBe(
			`Recording ${live.id} has nothing to download yet (its status is recording): VoIPbin has its audio only once the recording has ended`,
		);
		expect(sandbox.log).toHaveLength(0);
		const byId = await runAction(credentials, recording('download', { recordingId: live.id, binaryPropertyName: 'data' }));
		expect(byId.error(NODE_NAME)?.message).toContain(`Recording ${live.id} has nothing to download yet`);
		expect(sandbox.storageRequests()).toHaveLength(1);
	});

	it('Download: 503 SIGNING_NOT_CONFIGURED is explained', async () => {
		sandbox = await startSandbox({ recordingCount: 1, signingConfigured: false });
		const run = await runAction(accessKeyCredentials(sandbox), recording('download', { recordingId: sandbox.visibleRecordings()[0].id, binaryPropertyName: 'data', requestOptions: { timeoutSeconds: 5 } }));
		expect(run.error(NODE_NAME)?.message).toContain('cannot sign download URLs');
		expect(run.error(NODE_NAME)?.message).toContain('SIGNING_NOT_CONFIGURED');
	});

	it('continueOnFail: a failing item does not stop the others, and every output item is paired', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		const [a, b] = sandbox.visibleRecordings();
		const { actionNode } = await import('../harness/voipbin');
		const { runOnItems } = await import('../../../../core/testing/engine');
		const node = { ...actionNode(recording('get', { recordingId: '={{ $json.id }}' })), continueOnFail: true };
		const run = await runOnItems(accessKeyCredentials(sandbox), node, { items: [{ id: a.id }, { id: UNKNOWN }, { id: 'nope' }, { id: b.id }] });
		const out = run.output(NODE_NAME);
		expect(out.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(out[0].json.id).toBe(a.id);
		expect(String(out[1].json.error)).toContain('Not found');
		expect(String(out[2].json.error)).toContain('Recording ID must be a VoIPbin ID');
		expect(out[3].json.id).toBe(b.id);
		expect(sandbox.apiRequests()).toHaveLength(3);
	});
});
