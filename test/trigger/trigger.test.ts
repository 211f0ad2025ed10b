import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import type { Sandbox } from '../../sandbox/server';
import { activeTrigger, oauth2Credentials, startSandbox } from '../harness/vbc';
import { useTestClock } from './clock';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('Trigger (PollContext, sandbox)', () => {
	let sandbox: Sandbox;
	let clock: ReturnType<typeof useTestClock>;
	beforeEach(async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, companyRecordings: 12 });
	});
	afterEach(async () => {
		await sandbox.stop();
		clock.restore();
	});

	const ids = (result: Awaited<ReturnType<ReturnType<typeof activeTrigger>['poll']>>) =>
		(result?.[0] ?? []).map((item) => item.json.id ?? item.json.recording_id);

	it('first activation emits nothing old; then each new recording once; an idle poll costs one request', async () => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		expect(await trigger.poll()).toBeNull();
		clock.advance(MINUTE);
		const late = sandbox.addRecording({ start: clock.now() - 2 * HOUR, duration: 2 * HOUR - 30_000 }); // a two-hour call, just ended
		const fresh = sandbox.addRecording({ start: clock.now() - 40_000, duration: 30_000 });
		expect(ids(await trigger.poll())).toEqual([late.id, fresh.id]);
		for (let i = 0; i < 5; i++) {
			clock.advance(MINUTE);
			sandbox.resetLog();
			expect(await trigger.poll()).toBeNull();
			expect(sandbox.apiRequests()).toHaveLength(1);
		}
		const [request] = sandbox.apiRequests();
		expect(request.query).toMatchObject({ order: 'start:DESC', page_size: '100', 'start:gte': sandbox.formatVbcTime(clock.now() - 6 * HOUR) });
	});

	it('a recording that appears hours after its call started is still emitted (the look-back window)', async () => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		await trigger.poll();
		const long = sandbox.addRecording({ start: clock.now() - 10 * MINUTE, duration: 3 * HOUR, processingDelayMs: 4 * MINUTE });
		for (let minute = 1; minute <= 3 * 60 + 20; minute++) {
			clock.advance(MINUTE);
			const result = await trigger.poll();
			const emitted = ids(result);
			if (clock.now() < long.visibleAt) expect(emitted).toEqual([]);
			else if (emitted.length) {
				expect(emitted).toEqual([long.id]);
				return;
			}
		}
		throw new Error('the late recording was never emitted');
	});

	it('"Include recordings from the last N hours" catches up, oldest first, max items per poll', async () => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), {
			event: 'newRecording',
			scope: 'company',
			options: { catchUpHours: 5, maxItemsPerPoll: 2 },
		});
		const expected = sandbox
			.visibleRecordings()
			.filter((r) => r.start >= T0 - 5 * HOUR)
			.sort((a, b) => a.start - b.start)
			.map((r) => r.id);
		expect(expected.length).toBeGreaterThan(2);
		const emitted: unknown[] = [];
		for (let i = 0; i < 5; i++) {
			const result = ids(await trigger.poll());
			expect(result.length).toBeLessThanOrEqual(2);
			emitted.push(...result);
			clock.advance(MINUTE);
		}
		expect(emitted).toEqual(expected);
	});

	it('Fetch Test Event (manual mode) returns the newest matching recording with one request and leaves the state alone', async () => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company', filters: { callDirection: 'OUTBOUND' } });
		await trigger.poll();
		const before = trigger.persisted.staticData;
		sandbox.resetLog();
		const result = await trigger.poll('manual');
		const newest = sandbox.visibleRecordings().find((r) => r.call_direction === 'OUTBOUND')!;
		expect(ids(result)).toEqual([newest.id]);
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()[0].query).toMatchObject({ page_size: '1', order: 'start:DESC', call_direction: 'OUTBOUND' });
		expect(trigger.persisted.staticData).toBe(before);
	});

	it('a failure in the middle of a poll stores nothing; the next poll emits what that one would have', async () => {
		for (let i = 0; i < 150; i++) sandbox.addRecording({ start: T0 - 3 * HOUR + i * 1000, duration: 1000 });
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company' });
		await trigger.poll();
		clock.advance(MINUTE);
		// A call that started 4 hours ago ends: it sits on page 2, so the poll reads on past the newest page.
		const deep = sandbox.addRecording({ start: clock.now() - 4 * HOUR, duration: 4 * HOUR - 30_000 });
		const added = [deep, ...[0, 1, 2].map(() => sandbox.addRecording({ start: clock.now() - 50_000, duration: 20_000 }))];
		const before = trigger.persisted.staticData;
		// The first page is served; the second (which carries a page number) fails with an error not worth retrying.
		sandbox.injectFault({ status: 400, path: /company_call_recordings$/, when: (url) => url.searchParams.has('page') });
		await expect(trigger.poll()).rejects.toThrow('VBC rejected the request as invalid');
		expect(trigger.persisted.staticData).toBe(before);
		clock.advance(MINUTE);
		expect(ids(await trigger.poll())).toEqual(added.map((r) => r.id));
	});

	it('Attach Audio: each emitted recording carries its audio, one request per recording', async () => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company', options: { attachAudio: true, binaryPropertyName: 'audio' } });
		await trigger.poll();
		clock.advance(MINUTE);
		const added = [sandbox.addRecording({ start: clock.now() - 50_000, duration: 20_000 }), sandbox.addRecording({ start: clock.now() - 45_000, duration: 20_000 })];
		sandbox.resetLog();
		const result = await trigger.poll();
		expect(sandbox.apiRequests()).toHaveLength(1 + 2);
		for (const [index, item] of (result?.[0] ?? []).entries()) {
			expect(item.json.id).toBe(added[index].id);
			const bytes = await Container.get(BinaryDataService).getAsBuffer(item.binary!.audio);
			expect(bytes.length).toBe(added[index].file_size_in_bytes);
			expect(item.binary!.audio.fileName).toBe(added[index].file_name);
		}
	});

	it('On-Demand scope and filters are sent with every poll', async () => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), {
			event: 'newRecording',
			scope: 'onDemand',
			userId: 'self',
			filters: { callDirection: 'INBOUND', extension: '101', callerId: '17325550100', dnis: '17325550101', minDurationSeconds: 30 },
		});
		await trigger.poll();
		const [request] = sandbox.apiRequests();
		expect(request.path).toBe('/t/vbc.prod/call_recording/api/accounts/self/users/self/call_recordings');
		expect(request.query).toMatchObject({ call_direction: 'INBOUND', extension: '101', caller_id: '17325550100', dnis: '17325550101', 'duration:gte': '30000' });
	});

	it('bad options are refused before any request', async () => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'company', options: { lookBackHours: 0 } });
		await expect(trigger.poll()).rejects.toThrow('Look-Back Window (Hours) must be a number above 0');
		const bad = activeTrigger(oauth2Credentials(sandbox), { event: 'newRecording', scope: 'onDemand', userId: '../1' });
		await expect(bad.poll()).rejects.toThrow("User ID must be 'self' or a numeric ID");
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});
