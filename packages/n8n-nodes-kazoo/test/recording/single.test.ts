import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import type { KazooSandbox } from '../../sandbox/server';
import { apiKeyCredentials, dataRequests, NODE_NAME, runAction, startSandbox } from '../harness/kazoo';

const recording = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation, ...extra });

describe('Get, Download, Update Metadata, Delete, Delete Many (engine, sandbox)', () => {
	let sandbox: KazooSandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('Get: one request, the document without the envelope (which carries the token)', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(apiKeyCredentials(sandbox), recording('get', { recordingId: target.id, simple: false }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const [item] = run.output(NODE_NAME);
		expect(item.json).toEqual(target.doc);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(dataRequests(sandbox)).toHaveLength(1);
		expect(dataRequests(sandbox)[0].path).toBe(`/v2/accounts/${sandbox.account.id}/recordings/${target.id}`);
	});

	it('Get of an unknown recording: a clear 404', async () => {
		sandbox = await startSandbox();
		const run = await runAction(apiKeyCredentials(sandbox), recording('get', { recordingId: '202611-00000000000000000000000000000000' }));
		expect(run.error(NODE_NAME)?.message).toContain('Not found: recording 202611-00000000000000000000000000000000 does not exist, was deleted, or is not in this account');
	});

	it('Download: one request with Accept: audio/mpeg, streamed, named by Content-Disposition, typed by the response', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(apiKeyCredentials(sandbox), recording('download', { recordingId: target.id, binaryPropertyName: 'audio' }), {
			items: [{ id: target.id, name: target.doc.name }],
		});
		expect(run.error(NODE_NAME)).toBeUndefined();
		const [item] = run.output(NODE_NAME);
		const binary = item.binary!.audio;
		expect(binary.fileName).toBe(target.attachment!.name);
		expect(binary.mimeType).toBe('audio/mpeg');
		expect(binary.id).toBeDefined(); // in the binary data store, not in memory
		const bytes = await Container.get(BinaryDataService).getAsBuffer(binary);
		expect(bytes.length).toBe(target.attachment!.size);
		expect(item.json).toEqual({ id: target.id, name: target.doc.name });
		const requests = dataRequests(sandbox);
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.accept).toBe('audio/mpeg');
	});

	it('Download of a WAV recording keeps the served type', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const wav = sandbox.addRecording({ mediaType: 'wav', createdAt: sandbox.clock.now() - 1000 });
		const run = await runAction(apiKeyCredentials(sandbox), recording('download', { recordingId: wav.id, binaryPropertyName: 'data' }));
		expect(run.output(NODE_NAME)[0].binary!.data.mimeType).toBe('audio/wav');
		expect(run.output(NODE_NAME)[0].binary!.data.fileName).toMatch(/\.wav$/);
	});

	it('Download before the audio is attached: a clear message, not a 404 dump', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const early = sandbox.addRecording({ audio: false, createdAt: sandbox.clock.now() - 1000 });
		const run = await runAction(apiKeyCredentials(sandbox), recording('download', { recordingId: early.id, binaryPropertyName: 'data' }));
		const error = run.error(NODE_NAME)!;
		expect(error.message).toBe(`Recording ${early.id} has no audio yet: Kazoo stores the audio after the recording's document, or keeps it on an external storage URL.`);
		expect(error.description).toContain('Try again in a minute');
	});

	it('Update Metadata: PATCH of user_metadata, the updated document back', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(apiKeyCredentials(sandbox), recording('updateMetadata', {
			recordingId: target.id,
			userMetadata: '{"tags": {"important": 1}}',
			simple: false,
		}));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)[0].json.user_metadata).toEqual({ tags: { important: 1 } });
		const [patch] = dataRequests(sandbox);
		expect(patch.method).toBe('PATCH');
		expect(JSON.parse(patch.body!)).toEqual({ data: { user_metadata: { tags: { important: 1 } } } });
		expect(sandbox.recordings.get(target.id)!.doc.user_metadata).toEqual({ tags: { important: 1 } });
	});

	it('Update Metadata on open-source Kazoo (405): says exactly that', async () => {
		sandbox = await startSandbox({ patchSupported: false });
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(apiKeyCredentials(sandbox), recording('updateMetadata', { recordingId: target.id, userMetadata: '{"a":1}' }));
		expect(run.error(NODE_NAME)?.message).toBe(
			'This Kazoo cluster does not allow changing recordings (HTTP 405 Method Not Allowed): Update Metadata needs hosted Kazoo 5.x, which has PATCH of user_metadata; open-source Kazoo 4.x clusters allow only GET and DELETE on recordings',
		);
		expect(dataRequests(sandbox)).toHaveLength(1);
	});

	it('Delete: one DELETE; the recording leaves the list', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(apiKeyCredentials(sandbox), recording('delete', { recordingId: target.id }));
		expect(run.output(NODE_NAME)[0].json).toEqual({ id: target.id, deleted: true });
		expect(sandbox.visibleRecordings().some((r) => r.id === target.id)).toBe(false);
		expect(dataRequests(sandbox).map((r) => r.method)).toEqual(['DELETE']);
	});

	it('Delete Many: a dry run by default lists and deletes nothing; then deletes exactly those', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const now = sandbox.clock.now();
		const DAY = 86_400_000;
		const old = [100, 120, 200].map((days) => sandbox.addRecording({ createdAt: now - days * DAY }));
		sandbox.addRecording({ createdAt: now - 10 * DAY });
		const dry = await runAction(apiKeyCredentials(sandbox), recording('deleteMany', { olderThanDays: 90 }));
		expect(dry.output(NODE_NAME).map((item) => item.json.id).sort()).toEqual(old.map((r) => r.id).sort());
		expect(dry.output(NODE_NAME).every((item) => item.json.dryRun === true && item.json.deleted === false)).toBe(true);
		expect(dataRequests(sandbox).every((r) => r.method === 'GET')).toBe(true);
		sandbox.resetLog();
		const real = await runAction(apiKeyCredentials(sandbox), recording('deleteMany', { olderThanDays: 90, dryRun: false }));
		expect(real.output(NODE_NAME).every((item) => item.json.deleted === true)).toBe(true);
		expect(dataRequests(sandbox).filter((r) => r.method === 'DELETE')).toHaveLength(3);
		expect(sandbox.visibleRecordings()).toHaveLength(1);
	});

	it('continueOnFail: a bad item becomes an error item, paired, and the others go on', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		const { actionNode } = await import('../harness/kazoo');
		const { runOnItems } = await import('../../../../core/testing/engine');
		const node = { ...actionNode({ resource: 'recording', operation: 'get', recordingId: '={{ $json.id }}' }), continueOnFail: true };
		const run = await runOnItems(apiKeyCredentials(sandbox), node, { items: [{ id: 'nope' }, { id: target.id }] });
		const output = run.output(NODE_NAME);
		expect(output).toHaveLength(2);
		expect(output[0].json.error).toContain('Recording ID must be the ID of a Kazoo recording');
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json.id).toBe(target.id);
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});
});
