import { Container } from '@n8n/di';
import type { IncomingMessage } from 'node:http';
import { BinaryDataService } from 'n8n-core';

import type { Sandbox, SandboxOptions } from '../../sandbox/server';
import { activeTrigger, oauth2Credentials, runAction, startSandbox } from '../harness/vbc';
import { useTestClock } from './clock';

/**
 * The trigger at the scale users have, and the faults an outside test run found (issue 15): each
 * test here failed on the code before that change.
 */

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Poll = Awaited<ReturnType<ReturnType<typeof activeTrigger>['poll']>>;
const ids = (result: Poll) => (result?.[0] ?? []).map((item) => item.json.id ?? item.json.recording_id ?? item.json.recordingId);

describe('Trigger at scale and under faults (PollContext, sandbox)', () => {
	let sandbox: Sandbox;
	let clock: ReturnType<typeof useTestClock>;
	const start = async (options: SandboxOptions = {}) => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, companyRecordings: 0, ...options });
	};
	afterEach(async () => {
		await sandbox.stop();
		clock.restore();
	});
	/** `count` company recordings spread over the 5 hours before now. */
	const fill = (count: number) => {
		for (let i = 0; i < count; i++) sandbox.addRecording({ start: clock.now() - 60_000 - Math.floor((i * 5 * HOUR) / Math.max(1, count)), duration: 30_000 });
	};

	it.each([0, 1000, 5000])('an idle poll costs 1 request with %i recordings in the window', async (count) => {
		await start();
		fill(count);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		expect(await trigger.poll()).toBeNull();
		const costs: number[] = [];
		for (let k = 0; k < 8; k++) {
			clock.advance(MINUTE);
			sandbox.resetLog();
			expect(await trigger.poll()).toBeNull();
			costs.push(sandbox.apiRequests().length);
		}
		expect(costs).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
		// A fresh recording costs no more than the idle poll.
		clock.advance(MINUTE);
		const fresh = sandbox.addRecording({ start: clock.now() - 40_000, duration: 30_000 });
		sandbox.resetLog();
		expect(ids(await trigger.poll())).toEqual([fresh.id]);
		expect(sandbox.apiRequests().length).toBeLessThanOrEqual(2);
	});

	it('a late recording deep in a 5,000-recording window, arriving with a deletion, is found within the sweep bound', async () => {
		await start();
		fill(5000);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		await trigger.poll();
		clock.advance(MINUTE);
		await trigger.poll();
		const late = sandbox.addRecording({ start: clock.now() - 4 * HOUR, duration: 4 * HOUR - 30_000 });
		sandbox.deleteRecording(sandbox.visibleRecordings()[3000].id);
		let polls = 0;
		for (;;) {
			clock.advance(MINUTE);
			polls++;
			if (ids(await trigger.poll()).includes(late.id)) break;
			if (polls > 200) throw new Error('never found');
		}
		console.log(`Deep late arrival with a deletion, 5,000 in the window: found on poll ${polls}`);
		expect(polls).toBeLessThanOrEqual(2 * 51);
	}, 120_000);

	it('Attach Audio at 100 new recordings an hour: requests per hour next to the floor (1 per poll + 1 per recording)', async () => {
		await start();
		fill(600); // a 6-hour window at 100 an hour
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company', options: { attachAudio: true } });
		await trigger.poll();
		sandbox.resetLog();
		let arrivals = 0;
		let emitted = 0;
		for (let minute = 1; minute <= 60; minute++) {
			clock.advance(MINUTE);
			// 100 an hour: 5 every 3 minutes, each a call that just ended.
			for (; arrivals < Math.floor((minute * 100) / 60); arrivals++) sandbox.addRecording({ start: clock.now() - 40_000, duration: 30_000 });
			emitted += (await trigger.poll())?.[0].length ?? 0;
		}
		const requests = sandbox.apiRequests().length;
		const floor = 60 + emitted;
		console.log(`Attach Audio, 100 new recordings an hour: ${requests} requests in 60 polls, ${emitted} emitted; floor ${floor}; ratio ${(requests / floor).toFixed(2)}`);
		expect(emitted).toBe(100);
		expect(requests).toBeLessThanOrEqual(Math.ceil(floor * 1.2));
	});

	it('without total_items the trigger lists the whole window, and still emits each recording once', async () => {
		await start({ omitTotals: true });
		fill(250);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		await trigger.poll();
		clock.advance(MINUTE);
		const late = sandbox.addRecording({ start: clock.now() - 4 * HOUR, duration: 4 * HOUR - 30_000 });
		sandbox.resetLog();
		expect(ids(await trigger.poll())).toEqual([late.id]);
		expect(sandbox.apiRequests()).toHaveLength(3);
		clock.advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
	});

	it('Attach Audio: a recording whose audio keeps failing holds back no other; after 3 polls it is emitted with audioError', async () => {
		await start();
		fill(20);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company', options: { attachAudio: true } });
		await trigger.poll();
		clock.advance(MINUTE);
		const [good1, bad, good2] = [0, 1, 2].map((i) => sandbox.addRecording({ start: clock.now() - 50_000 + i * 1000, duration: 20_000 }));
		sandbox.injectFault({ status: 404, path: new RegExp(`/api/audio/recording/${bad.id}$`), times: 1000 });
		const first = await trigger.poll();
		expect(ids(first)).toEqual([good1.id, good2.id]);
		expect(first![0].every((item) => item.binary?.data)).toBe(true);
		clock.advance(MINUTE);
		const good3 = sandbox.addRecording({ start: clock.now() - 50_000, duration: 20_000 });
		expect(ids(await trigger.poll())).toEqual([good3.id]);
		clock.advance(MINUTE);
		const last = await trigger.poll();
		expect(ids(last)).toEqual([bad.id]);
		expect(last![0][0].binary).toBeUndefined();
		expect(last![0][0].json.audioError).toMatch(/^Not found: the audio of recording \d+ does not exist/);
		clock.advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
	});

	it('Attach Audio: audio cut off before its Content-Length is downloaded again', async () => {
		await start();
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company', options: { attachAudio: true } });
		await trigger.poll();
		clock.advance(MINUTE);
		const recording = sandbox.addRecording({ start: clock.now() - 50_000, duration: 20_000 });
		sandbox.injectFault({ truncate: true, path: /\/api\/audio\/recording\// });
		const result = await trigger.poll();
		expect(ids(result)).toEqual([recording.id]);
		const bytes = await Container.get(BinaryDataService).getAsBuffer(result![0][0].binary!.data);
		expect(bytes.length).toBe(recording.file_size_in_bytes);
		expect(sandbox.apiRequests().filter((r) => r.path.includes('/api/audio/'))).toHaveLength(2);
	});

	it('Transcription Ready sends no status filter, so a server that reads status as true/false still gets every ready one', async () => {
		await start({ transcriptionStatusFilter: 'boolean' });
		fill(10);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'transcriptionReady', simple: false });
		await trigger.poll();
		const added: number[] = [];
		for (let k = 0; k < 30; k++) {
			clock.advance(MINUTE);
			added.push(sandbox.addRecording({ start: clock.now() - 40_000, duration: 30_000, transcriptionDelayMs: 3 * MINUTE }).id);
		}
		const emitted: unknown[] = [];
		for (let k = 0; k < 10; k++) {
			emitted.push(...ids(await trigger.poll()));
			clock.advance(MINUTE);
		}
		const ready = added.filter((id) => sandbox.recordings.get(id)!.transcription.status === 'ready');
		expect(emitted.sort()).toEqual(ready.sort());
		expect(sandbox.apiRequests().every((r) => r.query.status === undefined)).toBe(true);
	});
});

describe('Export Job Finished under list drift (PollContext, sandbox)', () => {
	let sandbox: Sandbox;
	let clock: ReturnType<typeof useTestClock>;
	afterEach(async () => {
		await sandbox.stop();
		clock.restore();
	});

	it('150 completed jobs, the newest deleted while page 2 is read: nothing old is emitted again', async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, jobDurationMs: MINUTE });
		const { access_token } = sandbox.issueTokens();
		for (let i = 0; i < 150; i++) {
			await fetch(`${sandbox.apiBaseUrl}/api/accounts/self/company_call_recordings/export`, {
				method: 'POST',
				headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
				body: '{}',
			});
			clock.advance(1000);
		}
		clock.advance(10 * MINUTE);
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'exportJobFinished', jobType: 'recordings', jobUserId: 'self' });
		let deleteNext = false;
		sandbox.server.prependListener('request', (req: IncomingMessage) => {
			if (deleteNext && req.url?.includes('/call_recordings/jobs?') && req.url.includes('page=')) {
				const jobs = [...sandbox.jobs.values()] as Array<{ id: string; createdAt: number }>;
				const newest = jobs.sort((a, b) => b.createdAt - a.createdAt)[0];
				sandbox.jobs.delete(newest.id);
				deleteNext = false;
			}
		});
		deleteNext = true;
		expect(await trigger.poll()).toBeNull();
		const emitted: unknown[] = [];
		for (let k = 0; k < 20; k++) {
			clock.advance(MINUTE);
			if (k % 3 === 0) deleteNext = true;
			emitted.push(...ids(await trigger.poll()));
		}
		expect(emitted).toEqual([]);
		// No undeclared parameter went to the job list (the strict sandbox refuses page_size there).
		expect(sandbox.apiRequests().every((r) => r.query.page_size === undefined)).toBe(true);
	});
});

describe('Retries (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('a 500 on one page of a Return All is retried, and the run succeeds', async () => {
		sandbox = await startSandbox({ companyRecordings: 250 });
		sandbox.injectFault({ status: 500, path: /company_call_recordings$/, when: (url) => url.searchParams.get('page') === '1' });
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true });
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(250);
		expect(sandbox.apiRequests().map((r) => r.status).filter((s) => s === 500)).toHaveLength(1);
	});

	it('a list page cut off before its Content-Length is read again', async () => {
		sandbox = await startSandbox({ companyRecordings: 30 });
		sandbox.injectFault({ truncate: true, path: /company_call_recordings$/ });
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true });
		expect(run.error('VBC')?.message).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(30);
	});

	it('a 500 on the export POST is not retried: one job at most', async () => {
		sandbox = await startSandbox();
		sandbox.injectFault({ status: 500, method: 'POST' });
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'export', scope: 'company' });
		expect(run.error('VBC')?.message).toMatch(/^VBC had a server error \(HTTP 500\)/);
		expect(sandbox.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('Export with no filters sends the JSON body {} the spec requires', async () => {
		sandbox = await startSandbox();
		const bodies: string[] = [];
		sandbox.server.prependListener('request', (req: IncomingMessage) => {
			if (req.method !== 'POST' || !req.url?.endsWith('/export')) return;
			let text = '';
			req.on('data', (chunk: Buffer) => (text += chunk.toString()));
			req.on('end', () => bodies.push(text));
		});
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'export', scope: 'company' });
		expect(run.error('VBC')).toBeUndefined();
		expect(bodies).toEqual(['{}']);
	});
});
