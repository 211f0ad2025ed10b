import type { NodeApiError } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { oauth2Credentials, runAction, startSandbox } from '../harness/vbc';

const companyList = '/t/vbc.prod/call_recording/api/accounts/self/company_call_recordings';

describe('Recording → Get Many (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox?.stop();
	});

	/** `prepare` sees the sandbox before the run, to inject faults. */
	async function getMany(parameters: Record<string, unknown>, sandboxOptions = {}, prepare?: (started: Sandbox) => void) {
		sandbox = await startSandbox(sandboxOptions);
		prepare?.(sandbox);
		const run = await runAction(oauth2Credentials(sandbox), {
			resource: 'recording',
			operation: 'getMany',
			scope: 'company',
			...parameters,
		});
		return { run, requests: sandbox.apiRequests() };
	}

	it('Limit within one page costs exactly one request, with page_size equal to the limit', async () => {
		const { run, requests } = await getMany({ returnAll: false, limit: 5 });
		expect(run.error('VBC')).toBeUndefined();
		const items = run.output('VBC');
		expect(items.map((i) => i.json.id)).toEqual(sandbox.visibleRecordings().slice(0, 5).map((r) => r.id));
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toBe(companyList);
		expect(requests[0].query.page_size).toBe('5');
	});

	it.each([0, 1] as const)(
		'Return All over 250 recordings takes 3 requests of 100 (page base %i)',
		async (pageBase) => {
			const { run, requests } = await getMany({ returnAll: true }, { companyRecordings: 250, pageBase });
			const ids = run.output('VBC').map((i) => i.json.id);
			expect(ids).toHaveLength(250);
			expect(new Set(ids).size).toBe(250);
			expect(ids).toEqual(sandbox.visibleRecordings().map((r) => r.id));
			expect(requests).toHaveLength(3);
			expect(requests.map((r) => r.query.page_size)).toEqual(['100', '100', '100']);
			// Pages after the first are read together, so they may reach the server in either order.
			expect(requests[0].query.page).toBeUndefined();
			expect(requests.slice(1).map((r) => r.query.page).sort()).toEqual([String(1 + pageBase), String(2 + pageBase)]);
		},
	);

	it('reads the pages after the first several at a time: 1,000 recordings, each later page answered after 1 s', async () => {
		const { run } = await getMany({ returnAll: true }, { companyRecordings: 1000 }, (started) =>
			started.injectFault({ when: (url: URL) => url.searchParams.has('page'), delayMs: 1000, times: 9 }),
		);
		expect(run.output('VBC').map((i) => i.json.id)).toEqual(sandbox.visibleRecordings().map((r) => r.id));
		const later = sandbox.apiRequests().slice(1);
		expect(later.map((r) => Number(r.query.page)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		// One after another, no page would reach the server before the one ahead of it was answered (1 s).
		// Four go out together: pages 1-4 arrive within that second.
		const firstFour = later.slice(0, 4).map((r) => r.at);
		expect(Math.max(...firstFour) - Math.min(...firstFour)).toBeLessThan(1000);
	});

	it('a page that fails part-way stops the reading: the error is the API error, and no later page is started', async () => {
		// Page 2 fails at once; the pages going out with it answer half a second later.
		const { run } = await getMany({ returnAll: true }, { companyRecordings: 1000 }, (started) => {
			started.injectFault({ when: (url: URL) => url.searchParams.get('page') === '2', status: 403 });
			started.injectFault({ when: (url: URL) => url.searchParams.has('page'), delayMs: 500, times: 8 });
		});
		const error = run.error('VBC') as NodeApiError;
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('403');
		expect(run.output('VBC')).toHaveLength(0);
		// The first page, then the four on their way together (pages 1-4); none after the failure.
		expect(sandbox.apiRequests()).toHaveLength(5);
	});

	it('a list that grows while its pages are read is still read to its new end, and none of it is lost', async () => {
		let before: number[] = [];
		// 100 new recordings arrive when the second page is asked for: the list now has 4 pages, not 3.
		const { run } = await getMany({ returnAll: true }, { companyRecordings: 250 }, (started) => {
			before = started.visibleRecordings().map((r) => r.id);
			started.injectFault({
				when: (url: URL) => {
					if (!url.searchParams.has('page')) return false;
					for (let i = 0; i < 100; i++) started.addRecording({ start: started.clock.now() - 120_000 - i, duration: 60_000 });
					return true;
				},
			});
		});
		expect(run.error('VBC')).toBeUndefined();
		const ids = new Set(run.output('VBC').map((i) => i.json.id));
		expect(before.filter((id) => !ids.has(id))).toEqual([]);
		expect(sandbox.apiRequests()).toHaveLength(4);
	});

	it('0 recordings: one request, no items, no error', async () => {
		const { run, requests } = await getMany({ returnAll: true }, { companyRecordings: 0 });
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(0);
		expect(requests).toHaveLength(1);
	});

	it('exactly one full page: one request (next is absent on the last page)', async () => {
		const { run, requests } = await getMany({ returnAll: true }, { companyRecordings: 100 });
		expect(run.output('VBC')).toHaveLength(100);
		expect(requests).toHaveLength(1);
	});

	it('Limit above a page (150 of 250) takes two requests and stops at the limit', async () => {
		const { run, requests } = await getMany({ returnAll: false, limit: 150 }, { companyRecordings: 250 });
		expect(run.output('VBC').map((i) => i.json.id)).toEqual(
			sandbox.visibleRecordings().slice(0, 150).map((r) => r.id),
		);
		expect(requests).toHaveLength(2);
	});

	it('Limit above the total returns everything there is', async () => {
		const { run, requests } = await getMany({ returnAll: false, limit: 40 }, { companyRecordings: 25 });
		expect(run.output('VBC')).toHaveLength(25);
		expect(requests).toHaveLength(1);
	});

	it.each([false, true])('keeps the filters on later pages whether or not links repeat them (linksKeepQuery %s)', async (linksKeepQuery) => {
		const { run, requests } = await getMany(
			{ returnAll: true, filters: { callDirection: 'INBOUND' } },
			{ companyRecordings: 250, linksKeepQuery },
		);
		const inbound = sandbox.visibleRecordings().filter((r) => r.call_direction === 'INBOUND');
		expect(run.output('VBC').map((i) => i.json.id)).toEqual(inbound.map((r) => r.id));
		expect(requests.every((r) => r.query.call_direction === 'INBOUND')).toBe(true);
		expect(requests).toHaveLength(Math.max(1, Math.ceil(inbound.length / 100)));
	});

	it('sends every filter, with durations in milliseconds and dates as yyyy-MM-ddTHH:mm:ss+0000', async () => {
		sandbox = await startSandbox();
		const target = sandbox.visibleRecordings()[3];
		const run = await runAction(oauth2Credentials(sandbox), {
			resource: 'recording',
			operation: 'getMany',
			scope: 'company',
			returnAll: true,
			filters: {
				callDirection: target.call_direction,
				callId: target.call_id,
				callerId: String(target.caller_id),
				cnam: target.cnam,
				dnis: target.dnis,
				extension: String(target.extensions[0]),
				minDurationSeconds: Math.floor(target.duration / 1000),
				maxDurationSeconds: Math.ceil(target.duration / 1000),
				startAfter: new Date(target.start - 60_000).toISOString(),
				startBefore: new Date(target.start + 60_000).toISOString(),
			},
			sort: { field: 'duration', direction: 'ASC' },
		});
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC').map((i) => i.json.id)).toEqual([target.id]);
		const [request] = sandbox.apiRequests();
		expect(request.query).toEqual({
			call_direction: target.call_direction,
			call_id: target.call_id,
			caller_id: String(target.caller_id),
			cnam: target.cnam,
			dnis: target.dnis,
			extension: String(target.extensions[0]),
			'duration:gte': String(Math.floor(target.duration / 1000) * 1000),
			'duration:lte': String(Math.ceil(target.duration / 1000) * 1000),
			'start:gte': sandbox.formatVbcTime(target.start - 60_000),
			'start:lte': sandbox.formatVbcTime(target.start + 60_000),
			order: 'duration:ASC',
			page_size: '100',
		});
		// The "+" of +0000 must be percent-encoded, or the server reads a space.
		expect(request.rawQuery).toContain('%2B0000');
	});

	it("reads a date without a zone in the workflow's time zone", async () => {
		sandbox = await startSandbox();
		await runAction(
			oauth2Credentials(sandbox),
			{
				resource: 'recording',
				operation: 'getMany',
				scope: 'company',
				returnAll: true,
				filters: { startAfter: '2026-11-30T09:00:00' },
			},
			{ timezone: 'America/New_York' },
		);
		expect(sandbox.apiRequests()[0].query['start:gte']).toBe('2026-11-30T14:00:00+0000');
	});

	it.each([
		['self', '/t/vbc.prod/call_recording/api/accounts/self/users/self/call_recordings'],
		['745249', '/t/vbc.prod/call_recording/api/accounts/self/users/745249/call_recordings'],
	])('On-Demand scope with User ID %s lists that user’s recordings', async (userId, path) => {
		sandbox = await startSandbox();
		const run = await runAction(oauth2Credentials(sandbox), {
			resource: 'recording',
			operation: 'getMany',
			scope: 'onDemand',
			userId,
			returnAll: true,
		});
		expect(run.output('VBC').map((i) => i.json.id)).toEqual(sandbox.visibleRecordings('ondemand').map((r) => r.id));
		expect(sandbox.apiRequests().map((r) => r.path)).toEqual([path]);
	});

	it('gives each output item the pairedItem of the input item it came from', async () => {
		sandbox = await startSandbox();
		const run = await runAction(
			oauth2Credentials(sandbox),
			{
				resource: 'recording',
				operation: 'getMany',
				// Scope takes no expression (noDataExpression): a per-item Limit varies instead.
				scope: 'company',
				returnAll: false,
				limit: '={{ $json.limit }}',
			},
			{ items: [{ limit: 3 }, { limit: 3 }] },
		);
		const items = run.output('VBC');
		expect(items).toHaveLength(6);
		expect(items.map((i) => i.pairedItem)).toEqual([
			{ item: 0 }, { item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }, { item: 1 },
		]);
		expect(items.slice(3).map((i) => i.json.id)).toEqual(sandbox.visibleRecordings('company').slice(0, 3).map((r) => r.id));
	});
});
