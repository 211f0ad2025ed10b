import type { Sandbox } from '../../sandbox/server';
import { oauth2Credentials, runAction, startSandbox } from '../harness/vbc';

/** Fault injection: the sandbox answers 429, 5xx, resets or slowly; the node must ride it out or fail clearly. */
describe('Faults and pacing (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	const list = { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true };
	const listPath = /company_call_recordings$/;
	const gaps = () => {
		const at = sandbox.apiRequests().map((r) => r.at);
		return at.slice(1).map((t, i) => t - at[i]);
	};

	it('429 with Retry-After in seconds: waits that long, then succeeds', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, headers: { 'retry-after': '1' }, path: listPath });
		const run = await runAction(oauth2Credentials(sandbox), list);
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(25);
		expect(sandbox.apiRequests().map((r) => r.status)).toEqual([429, 200]);
		expect(gaps()[0]).toBeGreaterThanOrEqual(990);
	});

	it('429 with Retry-After as an HTTP date: waits until then', async () => {
		sandbox = await startSandbox();
		const until = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000).toUTCString();
		sandbox.injectFault({ status: 429, headers: { 'retry-after': until }, path: listPath });
		const run = await runAction(oauth2Credentials(sandbox), list);
		expect(run.output('VBC')).toHaveLength(25);
		const [first, second] = sandbox.apiRequests();
		expect(second.at).toBeGreaterThanOrEqual(Date.parse(until) - 20);
		expect(first.status).toBe(429);
	});

	it('429 without Retry-After: backs off and retries', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, path: listPath, times: 2 });
		const run = await runAction(oauth2Credentials(sandbox), list);
		expect(run.output('VBC')).toHaveLength(25);
		expect(sandbox.apiRequests().map((r) => r.status)).toEqual([429, 429, 200]);
	});

	it('429 beyond the node’s wait limit fails as rate-limited, saying how to raise the quota', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, headers: { 'retry-after': '30' }, path: listPath, times: 5 });
		const started = Date.now();
		const run = await runAction(oauth2Credentials(sandbox), { ...list, requestOptions: { maxRateLimitWaitSeconds: 5 } });
		const error = run.error('VBC') as unknown as { message: string; description: string; httpCode: string; failure: unknown; name: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('429');
		expect(error.message).toMatch(/^VBC's request quota for this token is used up/);
		expect(error.description).toContain('Ask Vonage to raise it');
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 30_000 });
		expect(Date.now() - started).toBeLessThan(3000); // it did not sit out a wait it could not afford
	});

	it('502/503/504 on a GET are retried; the run succeeds', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 502, path: listPath });
		sandbox.injectFault({ status: 503, path: listPath });
		sandbox.injectFault({ status: 504, path: listPath });
		const run = await runAction(oauth2Credentials(sandbox), list);
		expect(run.output('VBC')).toHaveLength(25);
		expect(sandbox.apiRequests().map((r) => r.status)).toEqual([502, 503, 504, 200]);
	});

	it('a connection reset and a slow answer (timeout) on a GET are retried', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ reset: true, path: listPath });
		sandbox.injectFault({ delayMs: 2500, status: 200, body: { late: true }, path: listPath });
		const run = await runAction(oauth2Credentials(sandbox), { ...list, requestOptions: { timeoutSeconds: 1 } });
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(25);
		expect(sandbox.apiRequests()).toHaveLength(3);
	});

	it('a 5xx that persists fails clearly after the retries', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 503, path: listPath, times: 10 });
		const run = await runAction(oauth2Credentials(sandbox), list);
		expect(run.error('VBC')?.message).toBe('VBC had a server error (HTTP 503) 4 times in a row. VBC said: "Injected 503"');
		expect(sandbox.apiRequests()).toHaveLength(4);
	});

	it('never creates an export job twice: a 503 on the POST is not retried', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 503, method: 'POST' });
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'export', scope: 'company' });
		expect(run.error('VBC')?.message).toMatch(/^VBC had a server error \(HTTP 503\)/);
		expect(sandbox.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(sandbox.jobs.size).toBe(0);
	});

	it('a 429 on the export POST is retried (the server did nothing), and exactly one job is created', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 429, headers: { 'retry-after': '1' }, method: 'POST' });
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'export', scope: 'company' });
		expect(run.output('VBC')).toHaveLength(1);
		expect(sandbox.apiRequests().filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([429, 202]);
		expect(sandbox.jobs.size).toBe(1);
	});

	it('a DELETE whose first answer was lost counts as done when its retry finds the recording gone', async () => {
		sandbox = await startSandbox();
		const [target] = sandbox.visibleRecordings();
		// The server deletes, then the connection drops before the answer arrives.
		sandbox.server.prependListener('request', (req) => {
			if (req.method === 'DELETE' && sandbox.apiRequests().filter((r) => r.method === 'DELETE').length === 0) {
				sandbox.deleteRecording(target.id);
			}
		});
		sandbox.injectFault({ reset: true, method: 'DELETE' });
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'delete', scope: 'company', recordingId: String(target.id) });
		expect(run.output('VBC')[0].json).toEqual({ id: target.id, deleted: true });
		expect(sandbox.apiRequests().map((r) => r.status)).toEqual([0, 404]);
	});

	describe('pacing under the quota (10 per window; the window scaled to 1 s)', () => {
		const paced = (s: Sandbox) => oauth2Credentials(s, undefined, { requestsPerMinute: 10, quotaWindowSeconds: 1 });

		it('Return All of 300 recordings finishes with 0 errors', async () => {
			sandbox = await startSandbox({ companyRecordings: 300, quotaPerMinute: 10, quotaWindowMs: 1000 });
			const run = await runAction(paced(sandbox), list);
			expect(run.output('VBC')).toHaveLength(300);
			expect(sandbox.apiRequests().map((r) => r.status)).toEqual([200, 200, 200]);
		});

		it('a Delete loop of 25 items is spread out and never trips 429; unpaced, the same loop does', async () => {
			sandbox = await startSandbox({ companyRecordings: 60, quotaPerMinute: 10, quotaWindowMs: 1000 });
			const targets = sandbox.visibleRecordings().slice(0, 25).map((r) => ({ id: r.id }));
			const run = await runAction(paced(sandbox), { resource: 'recording', operation: 'delete', scope: 'company', recordingId: '={{ $json.id }}' }, { items: targets });
			expect(run.output('VBC')).toHaveLength(25);
			const statuses = sandbox.apiRequests().map((r) => r.status);
			expect(statuses.filter((s) => s === 429)).toHaveLength(0);
			const span = sandbox.apiRequests().at(-1)!.at - sandbox.apiRequests()[0].at;
			expect(span).toBeGreaterThanOrEqual(2000); // 25 requests at 10 per second: at least 2 full windows

			sandbox.resetLog();
			const more = sandbox.visibleRecordings().slice(0, 25).map((r) => ({ id: r.id }));
			await new Promise((resolve) => setTimeout(resolve, 1100));
			const unpaced = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'delete', scope: 'company', recordingId: '={{ $json.id }}' }, { items: more });
			expect(unpaced.output('VBC')).toHaveLength(25); // 429s were waited out...
			const unpacedStatuses = sandbox.apiRequests().map((r) => r.status);
			console.log(`Delete 25 under 10/s: paced ${statuses.length} requests, 0 × 429, ${span} ms; unpaced ${unpacedStatuses.length} requests, ${unpacedStatuses.filter((s) => s === 429).length} × 429`);
			expect(unpacedStatuses.filter((s) => s === 429).length).toBeGreaterThan(0); // ...but they happened
		});

		it('a single request is never delayed', async () => {
			sandbox = await startSandbox({ quotaPerMinute: 10, quotaWindowMs: 1000 });
			const started = Date.now();
			await runAction(paced(sandbox), { resource: 'recording', operation: 'get', scope: 'company', recordingId: String(sandbox.visibleRecordings()[0].id) });
			expect(sandbox.apiRequests()[0].at - started).toBeLessThan(500);
		});
	});
});
