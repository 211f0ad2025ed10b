import type { Sandbox } from '../../sandbox/server';
import { birdCredentials, NODE_NAME, runAction, startSandbox } from '../harness/bird';

const recording = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation, ...extra });
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('Recording: Get, Delete, Delete Many, Download (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});
	const firstAvailable = () => sandbox.listedRecordings().find((r) => sandbox.recordingStatus(r.id) === 'available')!;

	it('Get: one request; raw keeps Bird’s fields, simplified is readable', async () => {
		sandbox = await startSandbox();
		const target = firstAvailable();
		const raw = await runAction(birdCredentials(sandbox), recording('get', { recordingId: target.id, simple: false }));
		expect(raw.output(NODE_NAME)[0].json).toMatchObject({ id: target.id, status: 'available', format: 'mp3' });
		const simple = await runAction(birdCredentials(sandbox), recording('get', { recordingId: target.id }));
		expect(simple.output(NODE_NAME)[0].json).toMatchObject({ id: target.id, status: 'available' });
		expect(sandbox.apiRequests()).toHaveLength(2);
		expect(sandbox.apiRequests()[0].headers.authorization).toBe(`AccessKey ${sandbox.accessKey}`);
	});

	it('Get of an unknown recording names Bird’s code and message', async () => {
		sandbox = await startSandbox();
		const run = await runAction(birdCredentials(sandbox), recording('get', { recordingId: MISSING }));
		const error = run.error(NODE_NAME)!;
		expect(error.message).toContain(`Not found: recording ${MISSING}`);
		expect(error.message).toMatch(/Bird said: "NotFound: .+"/);
	});

	it('Delete: 204, then Get answers 404', async () => {
		sandbox = await startSandbox();
		const target = firstAvailable();
		const run = await runAction(birdCredentials(sandbox), recording('delete', { recordingId: target.id }));
		expect(run.output(NODE_NAME)[0].json).toEqual({ id: target.id, deleted: true });
		expect(sandbox.apiRequests().map((e) => [e.method, e.status])).toEqual([['DELETE', 204]]);
		const after = await runAction(birdCredentials(sandbox), recording('get', { recordingId: target.id }));
		expect(after.error(NODE_NAME)?.message).toContain('Not found');
	});

	it('Delete Many: dry run by default deletes nothing; then deletes exactly the old ones', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const now = sandbox.clock.now();
		const DAY = 86_400_000;
		const old = [100, 120, 200].map((days) => sandbox.addRecording({ createdAt: now - days * DAY, startedAt: now - days * DAY, endedAt: now - days * DAY + 5000, readyAt: now - days * DAY + 6000 }).id);
		for (const days of [1, 10, 80]) sandbox.addRecording({ createdAt: now - days * DAY, startedAt: now - days * DAY, endedAt: now - days * DAY + 5000, readyAt: now - days * DAY + 6000 });
		const dry = await runAction(birdCredentials(sandbox), recording('deleteMany', { olderThanDays: 90 }));
		expect(dry.output(NODE_NAME).map((i) => i.json.id).sort()).toEqual([...old].sort());
		expect(dry.output(NODE_NAME).every((i) => i.json.dryRun === true && i.json.deleted === false)).toBe(true);
		expect(sandbox.apiRequests().filter((e) => e.method === 'DELETE')).toHaveLength(0);
		const real = await runAction(birdCredentials(sandbox), recording('deleteMany', { olderThanDays: 90, dryRun: false }));
		expect(real.output(NODE_NAME).filter((i) => i.json.deleted === true)).toHaveLength(3);
		expect(sandbox.listedRecordings()).toHaveLength(3);
	});

	it('Delete Many with Bird’s endAt comparing endedAt (undocumented which time): still only the old one', async () => {
		sandbox = await startSandbox({ recordingCount: 0, timeFilterField: 'endedAt' });
		const now = sandbox.clock.now();
		const DAY = 86_400_000;
		sandbox.addRecording({ createdAt: now - 100 * DAY, startedAt: now - 100 * DAY, endedAt: now - 100 * DAY + 5000, readyAt: now - 100 * DAY + 6000 });
		sandbox.addRecording({ createdAt: now - DAY, startedAt: now - DAY, endedAt: now - DAY + 5000, readyAt: now - DAY + 6000 });
		const dry = await runAction(birdCredentials(sandbox), recording('deleteMany', { olderThanDays: 90 }));
		expect(dry.output(NODE_NAME)).toHaveLength(1);
	});

	it('Download: one API request (307) and one storage request without the access key', async () => {
		sandbox = await startSandbox();
		const target = firstAvailable();
		const run = await runAction(birdCredentials(sandbox), recording('download', { recordingId: target.id, binaryPropertyName: 'audio' }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const binary = run.output(NODE_NAME)[0].binary!.audio;
		expect(binary.mimeType).toBe('audio/mpeg');
		expect(binary.fileName).toBe(`${target.id}.mp3`);
		expect(sandbox.apiRequests().map((e) => [e.path, e.status])).toEqual([[`/workspaces/${sandbox.workspaceId}/recordings/${target.id}.mp3`, 307]]);
		expect(sandbox.storageRequests().map((e) => e.status)).toEqual([200]);
		expect(sandbox.credentialReachedStorage()).toBe(false);
	});

	it('Download of an expired link: one fresh retry through the API', async () => {
		sandbox = await startSandbox();
		const target = firstAvailable();
		const expired = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>600</X-Amz-Expires></Error>';
		sandbox.injectFault({ target: 'storage', status: 403, headers: { 'content-type': 'application/xml' }, body: expired, times: 1 });
		const run = await runAction(birdCredentials(sandbox), recording('download', { recordingId: target.id }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)[0].binary!.data).toBeDefined();
		expect(sandbox.apiRequests()).toHaveLength(2);
		expect(sandbox.storageRequests().map((e) => e.status)).toEqual([403, 200]);
	});

	it('Download whose fresh link expires too: a clear message, not S3’s XML', async () => {
		sandbox = await startSandbox({ presignedUrlTtlSeconds: 0 });
		const target = firstAvailable();
		sandbox.clock.advance(5000);
		const run = await runAction(birdCredentials(sandbox), recording('download', { recordingId: target.id }));
		const error = run.error(NODE_NAME)!;
		expect(error.message).toContain(`The pre-signed link to the audio of recording ${target.id} expired`);
		expect(error.message).not.toContain('<Error>');
		expect(sandbox.apiRequests()).toHaveLength(2);
	});

	it('Download of a recording that is not available yet: Bird’s 404, said plainly', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const live = sandbox.addRecording({ live: true });
		const run = await runAction(birdCredentials(sandbox), recording('download', { recordingId: live.id }));
		expect(run.error(NODE_NAME)?.message).toContain('not ready');
		expect(sandbox.storageRequests()).toHaveLength(0);
	});

	it('Download with continueOnFail: the failing item is reported, the others download, each paired', async () => {
		sandbox = await startSandbox();
		const target = firstAvailable();
		const { runOnItems } = await import('../../../../core/testing/engine');
		const { actionNode } = await import('../harness/bird');
		const node = { ...actionNode(recording('download', { recordingId: '={{ $json.id }}' })), continueOnFail: true };
		const run = await runOnItems(birdCredentials(sandbox), node, { items: [{ id: MISSING }, { id: target.id }] });
		const out = run.output(NODE_NAME);
		expect(out).toHaveLength(2);
		expect(out[0].json.error).toContain('Not found');
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].binary?.data).toBeDefined();
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Rate limits and Bird errors (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('429 with Retry-After: waits as asked, then succeeds', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, headers: { 'retry-after': '1' }, body: { code: 'TooManyRequests', message: 'slow down' }, times: 1 });
		const started = Date.now();
		const run = await runAction(birdCredentials(sandbox), { resource: 'recording', operation: 'getMany', limit: 5 });
		expect(run.output(NODE_NAME)).toHaveLength(5);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(sandbox.apiRequests().map((e) => e.status)).toEqual([429, 200]);
	});

	it('429 without Retry-After: backs off, then succeeds', async () => {
		sandbox = await startSandbox({ retryAfterHeader: false, rateLimit: { limit: 2, windowMs: 400 } });
		const target = sandbox.listedRecordings()[0];
		const run = await runAction(
			birdCredentials(sandbox),
			{ resource: 'recording', operation: 'get', recordingId: '={{ $json.id }}' },
			{ items: Array.from({ length: 5 }, () => ({ id: target.id })) },
		);
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)).toHaveLength(5);
		expect(sandbox.apiRequests().some((e) => e.status === 429)).toBe(true);
	});

	it('a 429 that lasts beyond Max Wait: a rate-limit error naming the wait', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, headers: { 'retry-after': '5' }, times: 5 });
		const run = await runAction(birdCredentials(sandbox), { resource: 'recording', operation: 'getMany', limit: 5, requestOptions: { maxRateLimitWaitSeconds: 1 } });
		expect(run.error(NODE_NAME)?.message).toContain("Bird's rate limit for this access key is used up");
	});

	it('a validation error names Bird’s code, message and details (nested shape too)', async () => {
		for (const errorShape of ['detailed', 'nested'] as const) {
			sandbox = await startSandbox({ errorShape });
			sandbox.injectFault({ status: 422, body: errorShape === 'detailed' ? { code: 'InvalidParameters', message: 'The request did not pass validation', details: { limit: ['must be at most 99'] } } : { error: { code: 'InvalidParameters', message: 'The request did not pass validation' } } });
			const run = await runAction(birdCredentials(sandbox), { resource: 'recording', operation: 'getMany', limit: 5 });
			expect(run.error(NODE_NAME)?.message).toContain('Bird rejected the request as invalid. Bird said: "InvalidParameters: The request did not pass validation');
			await sandbox.stop();
		}
		sandbox = await startSandbox();
	});

	it('a wrong access key: 401 with what to check', async () => {
		sandbox = await startSandbox();
		const run = await runAction(birdCredentials(sandbox, { apiKey: 'wrong' }), { resource: 'recording', operation: 'getMany', limit: 5 });
		expect(run.error(NODE_NAME)?.message).toContain('Bird did not accept the access key');
	});
});
