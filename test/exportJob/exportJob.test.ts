import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { readZipEntries } from '../../sandbox/zip';
import { mp3Buffer } from '../../sandbox/mp3';
import { oauth2Credentials, runAction, runActionChain, startSandbox } from '../harness/vbc';

const jobsPath = '/t/vbc.prod/call_recording/api/accounts/self/users/self/call_recordings/jobs';

async function zipEntries(binary: IBinaryData) {
	return readZipEntries(await Container.get(BinaryDataService).getAsBuffer(binary));
}

describe('Export jobs (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	const creds = () => oauth2Credentials(sandbox);
	const jobReads = () => sandbox.apiRequests().filter((r) => r.method === 'GET' && r.path.includes('/jobs/'));

	it('Recording Export with "wait and download": create → wait → download, a ZIP whose entries are the exported recordings', async () => {
		sandbox = await startSandbox({ jobDurationMs: 600 });
		const run = await runAction(creds(), {
			resource: 'recording',
			operation: 'export',
			scope: 'company',
			filters: { callDirection: 'INBOUND' },
			exportOptions: { waitAndDownload: true, pollIntervalSeconds: 0.25, timeoutSeconds: 20 },
		});
		expect(run.error('VBC')).toBeUndefined();
		const [item] = run.output('VBC');
		expect(item.json).toMatchObject({ status: 'complete', job_type: 'recordings', job_id: item.json.id });
		const binary = item.binary!.data;
		expect(binary.fileName).toBe(`${item.json.id}.zip`);
		expect(binary.mimeType).toBe('application/zip');
		const exported = sandbox.visibleRecordings().filter((r) => r.call_direction === 'INBOUND');
		const entries = await zipEntries(binary);
		expect(entries.map((e) => e.name).sort()).toEqual(exported.map((r) => r.file_name).sort());
		for (const recording of exported) {
			const entry = entries.find((e) => e.name === recording.file_name)!;
			expect(entry.data.equals(mp3Buffer(recording.file_size_in_bytes, recording.file_name))).toBe(true);
		}
		const posts = sandbox.apiRequests().filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(sandbox.apiRequests().at(-1)!.path).toBe('/t/vbc.prod/call_recording/api/bulkDownload/retrieve');
	});

	it('Transcription Export with "wait and download" holds the recordings and their ready transcripts', async () => {
		sandbox = await startSandbox({ jobDurationMs: 400, companyRecordings: 15 });
		const run = await runAction(creds(), {
			resource: 'transcription',
			operation: 'export',
			exportOptions: { waitAndDownload: true, pollIntervalSeconds: 0.2, timeoutSeconds: 20, binaryPropertyName: 'archive' },
		});
		const [item] = run.output('VBC');
		const entries = await zipEntries(item.binary!.archive);
		const recordings = sandbox.visibleRecordings();
		const transcripts = recordings
			.filter((r) => r.transcription.status === 'ready')
			.map((r) => `${r.id}.${r.transcription.format === 'json' ? 'json' : 'txt'}`);
		expect(entries.map((e) => e.name).sort()).toEqual([...recordings.map((r) => r.file_name), ...transcripts].sort());
		expect(sandbox.apiRequests().some((r) => r.path.endsWith('/recordings_transcriptions/jobs/' + item.json.id))).toBe(true);
	});

	it('Wait for Completion reads the job once per poll interval, never in a busy loop, and outputs the final job', async () => {
		sandbox = await startSandbox({ jobDurationMs: 1200 });
		const interval = 0.3;
		const run = await runActionChain(creds(), [
			{ resource: 'recording', operation: 'export', scope: 'company' },
			{ resource: 'exportJob', operation: 'waitForCompletion', jobType: 'recordings', userId: 'self', jobId: '={{ $json.job_id }}', pollIntervalSeconds: interval, timeoutSeconds: 30 },
		]);
		expect(run.error('VBC 2')).toBeUndefined();
		const [item] = run.output('VBC 2');
		expect(item.json.status).toBe('complete');
		const reads = jobReads();
		const created = sandbox.apiRequests().find((r) => r.method === 'POST')!.at;
		// One read per interval: every gap is at least the interval...
		for (let i = 1; i < reads.length; i++) expect(reads[i].at - reads[i - 1].at).toBeGreaterThanOrEqual(interval * 1000 - 5);
		// ...and the loop stopped at the first read after completion: every earlier read saw it unfinished.
		expect(reads.at(-2)!.at - created).toBeLessThan(1200);
		expect(reads.at(-1)!.at - created).toBeGreaterThanOrEqual(1200);
		// 1.2 s of job at 0.3 s per read: 5 reads (t = 0, 0.3, 0.6, 0.9, 1.2), give or take scheduling.
		expect(reads.length).toBeGreaterThanOrEqual(4);
		expect(reads.length).toBeLessThanOrEqual(6);
	});

	it.each([
		['failed', /^Export job [0-9a-f-]+ failed on the VBC side$/],
		['expired', /^Export job [0-9a-f-]+ expired: its archive is no longer available$/],
	] as const)('Wait for Completion on a %s job says which happened', async (fate, message) => {
		sandbox = await startSandbox({ jobDurationMs: 300 });
		sandbox.setNextJobFates([fate]);
		const run = await runActionChain(creds(), [
			{ resource: 'recording', operation: 'export', scope: 'company' },
			{ resource: 'exportJob', operation: 'waitForCompletion', jobType: 'recordings', userId: 'self', jobId: '={{ $json.job_id }}', pollIntervalSeconds: 0.2, timeoutSeconds: 10 },
		]);
		expect(run.error('VBC 2')?.message).toMatch(message);
	});

	it('Wait for Completion times out with a clear error, after a last read at the deadline', async () => {
		sandbox = await startSandbox({ jobDurationMs: 60_000 });
		const run = await runActionChain(creds(), [
			{ resource: 'recording', operation: 'export', scope: 'company' },
			{ resource: 'exportJob', operation: 'waitForCompletion', jobType: 'recordings', userId: 'self', jobId: '={{ $json.job_id }}', pollIntervalSeconds: 0.4, timeoutSeconds: 1 },
		]);
		expect(run.error('VBC 2')?.message).toMatch(/^Timed out after 1 s waiting for export job [0-9a-f-]+: it is still (pending|in_progress)/);
		// Reads at 0, 0.4, 0.8 and at the 1 s deadline.
		expect(jobReads()).toHaveLength(4);
	});

	it('Download Archive of an unfinished job says so, and downloads nothing', async () => {
		sandbox = await startSandbox({ jobDurationMs: 60_000 });
		const run = await runActionChain(creds(), [
			{ resource: 'recording', operation: 'export', scope: 'company' },
			{ resource: 'exportJob', operation: 'downloadArchive', jobType: 'recordings', userId: 'self', jobId: '={{ $json.job_id }}', binaryPropertyName: 'data' },
		]);
		expect(run.error('VBC 2')?.message).toMatch(/^Export job [0-9a-f-]+ is pending, so it has no archive to download yet$/);
		expect(sandbox.apiRequests().some((r) => r.path.includes('bulkDownload'))).toBe(false);
	});

	it('Get Many (status filter) → Download Archive: the listed job is used as is, one request per archive', async () => {
		sandbox = await startSandbox({ jobDurationMs: 100 });
		await runAction(creds(), { resource: 'recording', operation: 'export', scope: 'company', filters: { callDirection: 'OUTBOUND' } });
		await new Promise((resolve) => setTimeout(resolve, 150));
		sandbox.resetLog();
		const run = await runActionChain(creds(), [
			{ resource: 'exportJob', operation: 'getMany', jobType: 'recordings', userId: 'self', returnAll: true, filters: { status: 'complete' } },
			{ resource: 'exportJob', operation: 'downloadArchive', jobType: 'recordings', userId: 'self', jobId: '={{ $json.id }}', binaryPropertyName: 'data' },
		]);
		const [item] = run.output('VBC 2');
		const outbound = sandbox.visibleRecordings().filter((r) => r.call_direction === 'OUTBOUND');
		expect((await zipEntries(item.binary!.data)).map((e) => e.name).sort()).toEqual(outbound.map((r) => r.file_name).sort());
		expect(sandbox.apiRequests().map((r) => r.path)).toEqual([jobsPath, '/t/vbc.prod/call_recording/api/bulkDownload/retrieve']);
		expect(sandbox.apiRequests()[0].query.status).toBe('complete');
	});

	it('Get reads a job by ID from the right list; a malformed ID is refused before any request', async () => {
		sandbox = await startSandbox();
		const created = await runAction(creds(), { resource: 'transcription', operation: 'export' });
		const jobId = created.output('VBC')[0].json.job_id as string;
		sandbox.resetLog();
		const run = await runAction(creds(), { resource: 'exportJob', operation: 'get', jobType: 'recordingsTranscriptions', userId: 'self', jobId });
		expect(run.output('VBC')[0].json).toMatchObject({ id: jobId, files_total: expect.any(Number) });
		expect(sandbox.apiRequests()[0].path).toBe(`/t/vbc.prod/call_recording/api/accounts/self/users/self/call_recordings/recordings_transcriptions/jobs/${jobId}`);

		sandbox.resetLog();
		const bad = await runAction(creds(), { resource: 'exportJob', operation: 'get', jobType: 'recordings', userId: 'self', jobId: '../../recordings' });
		expect(bad.error('VBC')?.message).toContain('Job ID must be the UUID of an export job');
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	it('continueOnFail on Wait for Completion: the failed job becomes { error }, the other completes', async () => {
		sandbox = await startSandbox({ jobDurationMs: 200 });
		sandbox.setNextJobFates(['failed', 'complete']);
		const first = await runAction(creds(), { resource: 'recording', operation: 'export', scope: 'company' });
		const second = await runAction(creds(), { resource: 'recording', operation: 'export', scope: 'company' });
		const ids = [first, second].map((r) => r.output('VBC')[0].json.job_id);
		const run = await runAction(
			creds(),
			{ resource: 'exportJob', operation: 'waitForCompletion', jobType: 'recordings', userId: 'self', jobId: '={{ $json.job_id }}', pollIntervalSeconds: 0.1, timeoutSeconds: 10 },
			{ items: ids.map((job_id) => ({ job_id })), node: { continueOnFail: true } },
		);
		const items = run.output('VBC');
		expect(items[0]).toEqual({ json: { error: `Export job ${ids[0]} failed on the VBC side` }, pairedItem: { item: 0 } });
		expect(items[1].json).toMatchObject({ id: ids[1], status: 'complete' });
	});
});
