import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { oauth2Credentials, runAction, runActionChain, startSandbox } from '../harness/vbc';

async function bytesOf(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

describe('Recording → Download (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	async function servedBytes(url: string): Promise<Buffer> {
		const { access_token } = sandbox.issueTokens();
		const response = await fetch(url, { headers: { authorization: `Bearer ${access_token}` } });
		return Buffer.from(await response.arrayBuffer());
	}

	it('Get Many (simplified) → Download: one request per recording, with file name, MIME type, size and bytes as served', async () => {
		sandbox = await startSandbox();
		const run = await runActionChain(oauth2Credentials(sandbox), [
			{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 3 },
			{ resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
		]);
		expect(run.error('VBC 2')).toBeUndefined();
		const items = run.output('VBC 2');
		const expected = sandbox.visibleRecordings().slice(0, 3);
		expect(items).toHaveLength(3);
		const requests = sandbox.apiRequests();
		expect(requests).toHaveLength(1 + 3);
		expect(requests.slice(1).map((r) => r.path)).toEqual(
			expected.map((r) => `/t/vbc.prod/call_recording/api/audio/recording/${r.id}`),
		);
		for (const [index, item] of items.entries()) {
			const recording = expected[index];
			const binary = item.binary!.data;
			expect(item.json.id).toBe(recording.id);
			expect(item.pairedItem).toEqual({ item: index });
			expect(binary.fileName).toBe(recording.file_name);
			expect(binary.mimeType).toBe('audio/mpeg');
			expect(binary.fileExtension).toBe('mp3');
			// Stored by n8n's binary data service on disk, not inline as base64: the body was streamed.
			expect(binary.id).toEqual(expect.any(String));
			const bytes = await bytesOf(binary);
			expect(bytes.length).toBe(recording.file_size_in_bytes);
			expect(bytes.equals(await servedBytes(item.json.downloadUrl as string))).toBe(true);
			// A real MP3: an ID3 tag, then MPEG audio frames.
			expect(bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
		}
	});

	it('Download by ID alone reads the recording first: two requests', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[4];
		const run = await runAction(oauth2Credentials(sandbox), {
			resource: 'recording',
			operation: 'download',
			scope: 'company',
			recordingId: String(target.id),
			binaryPropertyName: 'audio',
		});
		const [item] = run.output('VBC');
		expect(item.binary!.audio.fileName).toBe(target.file_name);
		expect((await bytesOf(item.binary!.audio)).length).toBe(target.file_size_in_bytes);
		expect(sandbox.apiRequests().map((r) => r.path)).toEqual([
			`/t/vbc.prod/call_recording/api/accounts/self/company_call_recordings/${target.id}`,
			`/t/vbc.prod/call_recording/api/audio/recording/${target.id}`,
		]);
	});

	it('keeps the MIME type the server sends', async () => {
		sandbox = await startSandbox({ audioContentType: 'audio/mp3' });
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(oauth2Credentials(sandbox), {
			resource: 'recording', operation: 'download', scope: 'company', recordingId: String(target.id), binaryPropertyName: 'data',
		});
		expect(run.output('VBC')[0].binary!.data.mimeType).toBe('audio/mp3');
	});

	it('refuses a download_url on another host: no request goes there and no token leaves', async () => {
		sandbox = await startSandbox();
		const foreign = await startSandbox();
		try {
			const run = await runAction(
				oauth2Credentials(sandbox),
				{ resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
				{ items: [{ id: 193228, download_url: `${foreign.apiBaseUrl}/api/audio/recording/193228`, file_name: 'x.mp3' }] },
			);
			const error = run.error('VBC');
			expect(error?.message).toContain(`points to ${new URL(foreign.url).host}, not to the API host in the credential`);
			expect(foreign.log).toHaveLength(0);
			expect(sandbox.apiRequests()).toHaveLength(0);
		} finally {
			await foreign.stop();
		}
	});

	it('continueOnFail: a missing recording gives { error } and the next item still downloads', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(
			oauth2Credentials(sandbox),
			{ resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
			{ items: [{ id: 999999 }, { id: target.id }], node: { continueOnFail: true } },
		);
		const items = run.output('VBC');
		expect(items[0].json.error).toMatch(/^Not found: recording 999999/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].binary!.data.fileName).toBe(target.file_name);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});
});
