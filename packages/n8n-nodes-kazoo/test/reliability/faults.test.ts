import type { KazooSandbox } from '../../sandbox/server';
import { apiKeyCredentials, dataRequests, listRequests, NODE_NAME, runAction, startSandbox } from '../harness/kazoo';

describe('Faults: rate limit without Retry-After, 5xx, resets, cut-off audio (engine, sandbox)', () => {
	let sandbox: KazooSandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('429 without Retry-After: backs off and retries, within the limit', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, body: { status: 'error', error: '429', message: 'too_many_requests', data: { message: 'too many requests' } }, path: '/recordings', times: 2 });
		const run = await runAction(apiKeyCredentials(sandbox), { resource: 'recording', operation: 'getMany', scope: 'account', returnAll: true });
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(listRequests(sandbox)).toHaveLength(3);
	});

	it('429 past Max Wait: a clear rate-limit message', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, body: { status: 'error', error: '429', message: 'too_many_requests' }, path: '/recordings', times: 100 });
		const run = await runAction(apiKeyCredentials(sandbox), { resource: 'recording', operation: 'getMany', scope: 'account', returnAll: true, requestOptions: { maxRateLimitWaitSeconds: 0 } });
		expect(run.error(NODE_NAME)?.message).toContain("Kazoo's rate limit for this account is used up, and it was still used up after waiting 0 s");
	});

	it('the real token bucket: 300 pages in a row at the default pace never see a 429', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const now = sandbox.clock.now();
		for (let i = 0; i < 150; i++) sandbox.addRecording({ createdAt: now - 1000 - i * 1000 });
		const credentials = apiKeyCredentials(sandbox, { requestsPerSecond: 10 });
		const started = Date.now();
		const run = await runAction(credentials, { resource: 'recording', operation: 'getMany', scope: 'account', returnAll: false, limit: 150, filters: { fieldFilters: { filter: [{ field: 'media_type', value: 'none' }] } } });
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(sandbox.apiRequests().filter((r) => r.status === 429)).toHaveLength(0);
		expect(Date.now() - started).toBeLessThan(30_000);
	});

	it('503 and a reset on a GET are retried', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		sandbox.injectFault({ status: 503, body: { status: 'error', error: '503', message: 'datastore_unreachable' }, path: target.id, times: 1 });
		sandbox.injectFault({ reset: true, path: target.id, times: 1 });
		const run = await runAction(apiKeyCredentials(sandbox), { resource: 'recording', operation: 'get', recordingId: target.id });
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(dataRequests(sandbox).length).toBeGreaterThanOrEqual(3);
	});

	it('a PATCH is not retried after a 503', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[0];
		sandbox.injectFault({ status: 503, body: { status: 'error', error: '503', message: 'datastore_fault' }, path: target.id, method: 'PATCH', times: 1 });
		const run = await runAction(apiKeyCredentials(sandbox), { resource: 'recording', operation: 'updateMetadata', recordingId: target.id, userMetadata: '{"a":1}' });
		expect(run.error(NODE_NAME)?.message).toContain('Kazoo had a server error (HTTP 503)');
		expect(dataRequests(sandbox)).toHaveLength(1);
	});

	it('a range Kazoo refuses (400) names the field', async () => {
		sandbox = await startSandbox({ maxRangeSeconds: 3600 });
		const run = await runAction(apiKeyCredentials(sandbox), { resource: 'recording', operation: 'getMany', scope: 'account', returnAll: true });
		expect(run.error(NODE_NAME)?.message).toMatch(/Kazoo rejected the request as invalid\. Kazoo said: "created_from: created_to \d+ is more than 3600 seconds from created_from/);
	});
});
