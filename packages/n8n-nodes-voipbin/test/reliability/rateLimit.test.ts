import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, limited, NODE_NAME, runAction, startSandbox } from '../harness/voipbin';

describe('Rate limit: pacing under 16.7 rps / burst 33, and 429 Retry-After through the core (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('60 Gets in one execution with the credential\'s default pacing: no 429', async () => {
		sandbox = await startSandbox(limited({ recordingCount: 60 }));
		const items = sandbox.visibleRecordings().map((recording) => ({ id: recording.id }));
		const run = await runAction(accessKeyCredentials(sandbox, { requestsPerSecond: 16.7, burst: 33 }), { resource: 'recording', operation: 'get', recordingId: '={{ $json.id }}' }, { items });
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)).toHaveLength(60);
		expect(sandbox.apiRequests().filter((entry) => entry.status === 429)).toHaveLength(0);
		expect(sandbox.apiRequests()).toHaveLength(60);
	});

	it('without pacing the same run meets 429s, waits as Retry-After says, and still gets all 60', async () => {
		sandbox = await startSandbox(limited({ recordingCount: 60 }));
		const items = sandbox.visibleRecordings().map((recording) => ({ id: recording.id }));
		const run = await runAction(accessKeyCredentials(sandbox, { requestsPerSecond: 0 }), { resource: 'recording', operation: 'get', recordingId: '={{ $json.id }}' }, { items });
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)).toHaveLength(60);
		const refused = sandbox.apiRequests().filter((entry) => entry.status === 429);
		expect(refused.length).toBeGreaterThan(0);
	});

	it('a 429 beyond Max Wait fails with the rate-limit advice', async () => {
		sandbox = await startSandbox({ recordingCount: 1 });
		sandbox.injectFault({ status: 429, headers: { 'Retry-After': '30' }, times: 5 });
		const run = await runAction(accessKeyCredentials(sandbox), { resource: 'recording', operation: 'get', recordingId: sandbox.visibleRecordings()[0].id, requestOptions: { maxRateLimitWaitSeconds: 5 } });
		expect(run.error(NODE_NAME)?.message).toContain("VoIPbin's rate limit was still used up after waiting 0 s");
		expect(sandbox.apiRequests()).toHaveLength(1);
	});
});
