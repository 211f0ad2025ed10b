import type { Sandbox } from '../../sandbox/server';
import { oauth2Credentials, runAction, startSandbox } from '../harness/vbc';

/** Recording → Delete Many (retention clean-up): dry run by default, a hard cap, honest per-recording results. */
describe('Recording → Delete Many (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	const DAY = 86_400_000;
	const base = { resource: 'recording', operation: 'deleteMany', scope: 'company' };
	const olderThan = (days: number) =>
		sandbox
			.visibleRecordings()
			.filter((r) => r.start < Date.now() - days * DAY)
			.sort((a, b) => a.start - b.start);
	const deletedIds = () => [...sandbox.recordings.values()].filter((r) => r.deleted).map((r) => r.id);

	it('dry run is the default: lists the matches oldest first, deletes nothing, 1 request', async () => {
		// 60 recordings one hour apart, half an hour off the hour (no start sits on the one-day boundary).
		sandbox = await startSandbox({ companyRecordings: 60, now: Date.now() - 1_800_000 });
		const expected = olderThan(1);
		const run = await runAction(oauth2Credentials(sandbox), { ...base, olderThanDays: 1 });
		expect(run.error('VBC')).toBeUndefined();
		const items = run.output('VBC');
		expect(items.map((i) => i.json.id)).toEqual(expected.map((r) => r.id));
		expect(items.every((i) => i.json.dryRun === true && i.json.deleted === false)).toBe(true);
		expect(deletedIds()).toEqual([]);
		expect(sandbox.apiRequests().map((r) => r.method)).toEqual(['GET']);
		expect(sandbox.apiRequests()[0].query.order).toBe('start:ASC');
	});

	it('deletes at most Max Deletions, the oldest first: 1 list request + 1 per deletion', async () => {
		sandbox = await startSandbox({ companyRecordings: 60, now: Date.now() - 1_800_000 });
		const expected = olderThan(1).slice(0, 5);
		const run = await runAction(oauth2Credentials(sandbox), { ...base, olderThanDays: 1, dryRun: false, maxDeletions: 5 });
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC').map((i) => [i.json.id, i.json.deleted])).toEqual(expected.map((r) => [r.id, true]));
		expect(deletedIds().sort()).toEqual(expected.map((r) => r.id).sort());
		expect(sandbox.apiRequests().map((r) => r.method)).toEqual(['GET', 'DELETE', 'DELETE', 'DELETE', 'DELETE', 'DELETE']);
		expect(sandbox.apiRequests()[0].query.page_size).toBe('5');
	});

	it('Shorter Than narrows to short calls (duration below the bound, in ms)', async () => {
		sandbox = await startSandbox({ companyRecordings: 40, now: Date.now() - 1_800_000 });
		const expected = sandbox
			.visibleRecordings()
			.filter((r) => r.duration < 60_000)
			.sort((a, b) => a.start - b.start);
		const run = await runAction(oauth2Credentials(sandbox), { ...base, olderThanDays: 0, shorterThanSeconds: 60 });
		expect(run.output('VBC').map((i) => i.json.id)).toEqual(expected.map((r) => r.id));
		expect(sandbox.apiRequests()[0].query['duration:lte']).toBe('59999');
	});

	it('a failure part-way: that recording is reported not deleted with the reason, the others are deleted, and the output matches the API', async () => {
		sandbox = await startSandbox({ companyRecordings: 60, now: Date.now() - 1_800_000 });
		const targets = olderThan(1).slice(0, 4);
		// 500s on a DELETE are retried (3 times): this one outlasts the retries.
		sandbox.injectFault({ status: 500, method: 'DELETE', path: new RegExp(`/company_call_recordings/${targets[1].id}$`), times: 4 });
		const run = await runAction(oauth2Credentials(sandbox), { ...base, olderThanDays: 1, dryRun: false, maxDeletions: 4 });
		const items = run.output('VBC');
		expect(items.map((i) => i.json.deleted)).toEqual([true, false, true, true]);
		expect(String(items[1].json.error)).toMatch(/500|VBC/);
		for (const item of items) expect(sandbox.recordings.get(item.json.id as number)!.deleted).toBe(item.json.deleted);
	});

	it('a rate limit that outlasts the wait stops the run: the rest are marked not attempted, none reported deleted wrongly', async () => {
		sandbox = await startSandbox({ companyRecordings: 60, now: Date.now() - 1_800_000 });
		sandbox.injectFault({ status: 429, headers: { 'retry-after': '30' }, method: 'DELETE', path: /company_call_recordings\/\d+$/, times: 100 });
		const run = await runAction(oauth2Credentials(sandbox), {
			...base,
			olderThanDays: 1,
			dryRun: false,
			maxDeletions: 4,
			requestOptions: { maxRateLimitWaitSeconds: 1 },
		});
		const items = run.output('VBC');
		expect(items).toHaveLength(4);
		expect(items.every((i) => i.json.deleted === false)).toBe(true);
		expect(String(items[0].json.error)).toMatch(/rate|429|quota/i);
		expect(items.slice(1).every((i) => String(i.json.error).startsWith('Not attempted'))).toBe(true);
		expect(deletedIds()).toEqual([]);
		expect(sandbox.apiRequests().filter((r) => r.method === 'DELETE')).toHaveLength(1);
	});

	it.each([
		[{ olderThanDays: 0, shorterThanSeconds: 0 }, /without any condition every recording would match/],
		[{ olderThanDays: 30, maxDeletions: 0 }, /Max Deletions per Execution must be a whole number of 1 or more/],
		[{ olderThanDays: 30, maxDeletions: 10_001 }, /Max Deletions per Execution can be at most 10000/],
		[{ olderThanDays: -1 }, /Older Than \(Days\) must be a number of days of 0 or more/],
	])('bad input %j: a clear error and no request', async (...[parameters, message]) => {
		sandbox = await startSandbox();
		const run = await runAction(oauth2Credentials(sandbox), { ...base, ...parameters });
		expect(run.error('VBC')?.message).toMatch(message);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});
