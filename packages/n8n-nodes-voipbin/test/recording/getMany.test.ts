import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, addRecordings, limited, listRequests, NODE_NAME, runAction, startSandbox } from '../harness/voipbin';

const getMany = (extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation: 'getMany', ...extra });
const ids = (run: Awaited<ReturnType<typeof runAction>>) => run.output(NODE_NAME).map((item) => String(item.json.id));

describe('Recording: Get Many (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('Return All over 250 recordings, 20 sharing the boundary timestamp of page 1: all 250, none twice, 3 requests', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const newest = (sandbox.clock.now() - 60_000) * 1000;
		// Recordings 0..89 one second apart, 90..109 share one instant (page 1 ends at 99), 110..249 older.
		for (let i = 0; i < 250; i++) {
			const tmCreateUs = i < 90 ? newest - i * 1e6 : i < 110 ? newest - 90 * 1e6 : newest - (i - 19) * 1e6;
			sandbox.addRecording({ tmCreateUs });
		}
		const run = await runAction(accessKeyCredentials(sandbox), getMany({ returnAll: true, simple: false, filters: {} }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const got = ids(run);
		expect(got).toHaveLength(250);
		expect(new Set(got).size).toBe(250);
		expect(new Set(got)).toEqual(new Set(sandbox.visibleRecordings().map((r) => r.id)));
		const lists = listRequests(sandbox);
		expect(lists.map((entry) => entry.query.page_size)).toEqual(['100', '100', '100']);
		expect(lists).toHaveLength(3);
		// The second page starts one microsecond after the shared instant, so its 10 unread ties come back.
		expect(lists[1].query.page_token).toBe(sandbox.formatPageToken(newest - 90 * 1e6 + 1));
	});

	it('the plain strict-< cursor would have lost the 10 ties beyond page 1 (what the sandbox does)', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const newest = (sandbox.clock.now() - 60_000) * 1000;
		for (let i = 0; i < 120; i++) sandbox.addRecording({ tmCreateUs: i < 90 ? newest - i * 1e6 : newest - 90 * 1e6 });
		const page1 = await fetch(`${sandbox.apiBaseUrl}/recordings?page_size=100&accesskey=${sandbox.options.accessKey}`).then(async (r) => (await r.json()) as { result: unknown[]; next_page_token: string });
		const page2 = await fetch(`${sandbox.apiBaseUrl}/recordings?page_size=100&accesskey=${sandbox.options.accessKey}&page_token=${encodeURIComponent(page1.next_page_token)}`).then(async (r) => (await r.json()) as { result: unknown[]; next_page_token: string });
		expect(page1.result.length + page2.result.length).toBe(100);
	});

	it('Limit 5 asks for a page of 5: one request', async () => {
		sandbox = await startSandbox({ recordingCount: 30 });
		const run = await runAction(accessKeyCredentials(sandbox), getMany({ returnAll: false, limit: 5 }));
		expect(run.output(NODE_NAME)).toHaveLength(5);
		expect(listRequests(sandbox).map((entry) => entry.query.page_size)).toEqual(['5']);
	});

	it('0 recordings: one request, no items', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const run = await runAction(accessKeyCredentials(sandbox), getMany({ returnAll: true }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)).toHaveLength(0);
		expect(listRequests(sandbox)).toHaveLength(1);
	});

	it('5,000 recordings: Return All in 51 requests (the 51st re-reads the last instant and is short), paced under the limit with no 429', async () => {
		sandbox = await startSandbox(limited({ recordingCount: 0 }));
		addRecordings(sandbox, 5000);
		const credentials = accessKeyCredentials(sandbox, { requestsPerSecond: 16.7, burst: 33 });
		const started = Date.now();
		const run = await runAction(credentials, getMany({ returnAll: true, simple: false }));
		const seconds = (Date.now() - started) / 1000;
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(new Set(ids(run)).size).toBe(5000);
		const lists = listRequests(sandbox);
		expect(lists).toHaveLength(51);
		expect(lists.filter((entry) => entry.status === 429)).toHaveLength(0);
		process.stdout.write(`Get Many, Return All over 5,000 recordings at 16.7 rps / burst 33: ${lists.length} requests, 0 × 429, ${seconds.toFixed(1)} s\n`);
	});

	it('date range: the first page starts at Created Before, reading stops at the first page past Created After', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const all = addRecordings(sandbox, 1000); // one second apart, newest first
		const before = new Date(all[150].createUs / 1000).toISOString();
		const after = new Date(all[420].createUs / 1000).toISOString();
		const run = await runAction(accessKeyCredentials(sandbox), getMany({ returnAll: true, simple: false, filters: { createdAfter: after, createdBefore: before } }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(ids(run)).toEqual(all.slice(150, 421).map((r) => r.id));
		// 271 recordings from the start token: pages of 100 → 3 requests, the third already past the range.
		expect(listRequests(sandbox)).toHaveLength(3);
	});

	it('status, reference type and reference filters run in the node', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		addRecordings(sandbox, 30);
		const live = sandbox.addRecording({ status: 'recording' });
		const conference = sandbox.addRecording({ referenceType: 'confbridge' });
		const credentials = accessKeyCredentials(sandbox);
		const recordingOnly = await runAction(credentials, getMany({ returnAll: true, filters: { status: ['recording'] } }));
		expect(ids(recordingOnly)).toEqual([live.id]);
		const conferences = await runAction(credentials, getMany({ returnAll: true, filters: { referenceType: 'confbridge' } }));
		expect(ids(conferences)).toEqual([conference.id]);
		const byReference = await runAction(credentials, getMany({ returnAll: false, limit: 3, filters: { referenceId: conference.referenceId } }));
		expect(ids(byReference)).toEqual([conference.id]);
	});

	it('Simplify: readable times in the workflow time zone, whatever the time style; unset times left out', async () => {
		for (const [timeFormat, unsetTime] of [['rfc3339nano', 'absent'], ['legacySpace', 'emptyString'], ['legacySpace', 'sentinel9999']] as const) {
			sandbox = await startSandbox({ recordingCount: 0, timeFormat, unsetTime });
			const ended = sandbox.addRecording({ tmCreateUs: Date.UTC(2026, 10, 1, 9, 0, 0) * 1000 + 76735, durationMs: 10_000 });
			sandbox.addRecording({ status: 'initiating', startsAfterMs: 600_000 });
			const run = await runAction(accessKeyCredentials(sandbox), getMany({ returnAll: true }), { timezone: 'Europe/Berlin' });
			const [first, second] = run.output(NODE_NAME).map((item) => item.json);
			expect(second).toMatchObject({ id: ended.id, status: 'ended', createdAt: '2026-11-01T10:00:00.076+01:00', durationSeconds: 10 });
			expect(first.status).toBe('initiating');
			expect(first).not.toHaveProperty('endedAt');
			expect(first).not.toHaveProperty('startedAt');
			await sandbox.stop();
		}
		sandbox = await startSandbox({ recordingCount: 0 });
	});
});
