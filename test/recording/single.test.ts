import type { IDataObject, NodeApiError } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { oauth2Credentials, runAction, startSandbox } from '../harness/vbc';

describe('Recording → Get, Delete, Export (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => {
		await sandbox.stop();
	});

	const run = async (parameters: Record<string, unknown>, items?: IDataObject[], node = {}) =>
		await runAction(oauth2Credentials(sandbox), { resource: 'recording', scope: 'company', ...parameters }, { items, node });

	it('Get returns the recording, with one request', async () => {
		const target = sandbox.visibleRecordings()[2];
		const result = await run({ operation: 'get', recordingId: String(target.id), simple: false });
		const [item] = result.output('VBC');
		expect(item.json).toMatchObject({ id: target.id, call_id: target.call_id, file_name: target.file_name, duration: target.duration });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(sandbox.apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /t/vbc.prod/call_recording/api/accounts/self/company_call_recordings/${target.id}`,
		]);
	});

	it('Get of an on-demand recording uses the user endpoints', async () => {
		const target = sandbox.visibleRecordings('ondemand')[0];
		const result = await run({ operation: 'get', scope: 'onDemand', userId: 'self', recordingId: String(target.id) });
		expect(result.output('VBC')[0].json.id).toBe(target.id);
		expect(sandbox.apiRequests()[0].path).toBe(`/t/vbc.prod/call_recording/api/accounts/self/users/self/call_recordings/${target.id}`);
	});

	it('an unknown ID gives a NodeApiError that says it was not found', async () => {
		const result = await run({ operation: 'get', recordingId: '999999' });
		const error = result.error('VBC');
		// The engine keeps errors in run data as serialised objects, as n8n stores them.
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/^Not found: recording 999999 does not exist/);
		expect(error?.message).toContain('VBC said: "Recording 999999 not found"');
		expect((error as NodeApiError).httpCode).toBe('404');
	});

	it('a 403 says which permission to grant', async () => {
		sandbox.setCompanyAccess(false);
		const result = await run({ operation: 'getMany', returnAll: true });
		const error = result.error('VBC') as NodeApiError;
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('403');
		expect(error.message).toContain('User is not authorized to search CCR recordings for this account');
		expect(error.description).toContain('Grant the Company Call Recording permission');
	});

	it('Delete outputs { id, deleted: true } and the recording is gone', async () => {
		const [first, second] = sandbox.visibleRecordings();
		const result = await run({ operation: 'delete', recordingId: '={{ $json.id }}' }, [{ id: first.id }, { id: second.id }]);
		expect(result.output('VBC')).toEqual([
			{ json: { id: first.id, deleted: true }, pairedItem: { item: 0 } },
			{ json: { id: second.id, deleted: true }, pairedItem: { item: 1 } },
		]);
		expect(sandbox.apiRequests().map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 204', 'DELETE 204']);
		expect(sandbox.visibleRecordings().map((r) => r.id)).not.toContain(first.id);
		expect(sandbox.visibleRecordings().map((r) => r.id)).not.toContain(second.id);
	});

	it('continueOnFail: a failed item becomes { error } with its pairedItem, the others go on', async () => {
		const [first] = sandbox.visibleRecordings();
		const result = await run(
			{ operation: 'delete', recordingId: '={{ $json.id }}' },
			[{ id: 999999 }, { id: first.id }, { id: 'abc' }],
			{ continueOnFail: true },
		);
		const items = result.output('VBC');
		expect(result.error('VBC')).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0]).toEqual({ json: { error: expect.stringMatching(/^Not found: recording 999999/) }, pairedItem: { item: 0 } });
		expect(items[1]).toEqual({ json: { id: first.id, deleted: true }, pairedItem: { item: 1 } });
		expect(items[2]).toEqual({ json: { error: expect.stringContaining('Recording ID must be the numeric ID') }, pairedItem: { item: 2 } });
		// The bad ID never reached the API.
		expect(sandbox.apiRequests()).toHaveLength(2);
	});

	it('Export posts the filters as JSON and outputs one item per job ID', async () => {
		const result = await run({
			operation: 'export',
			filters: { callDirection: 'INBOUND', minDurationSeconds: 10, startAfter: '2026-11-01T00:00:00Z', extension: '101' },
		});
		const items = result.output('VBC');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ job_id: expect.stringMatching(/^[0-9a-f-]{36}$/), job_type: 'recordings' });
		expect(sandbox.jobs.has(items[0].json.job_id as string)).toBe(true);
		const [request] = sandbox.apiRequests();
		expect(`${request.method} ${request.path} ${request.status}`).toBe(
			'POST /t/vbc.prod/call_recording/api/accounts/self/company_call_recordings/export 202',
		);
		expect(request.headers['content-type']).toContain('application/json');
		const job = sandbox.jobs.get(items[0].json.job_id as string) as { recordingIds: number[] };
		const expected = sandbox
			.visibleRecordings()
			.filter((r) => r.call_direction === 'INBOUND' && r.duration >= 10_000 && r.extensions.includes(101))
			.map((r) => r.id);
		expect([...job.recordingIds].sort()).toEqual([...expected].sort());
	});

	it('Export of many recordings outputs every job ID the API returns', async () => {
		for (let i = 0; i < 60; i++) sandbox.addRecording({ start: sandbox.clock.now() - 86_400_000 - i * 1000 });
		const result = await run({ operation: 'export', scope: 'company' });
		const ids = result.output('VBC').map((i) => i.json.job_id);
		expect(ids.length).toBe(2); // the sandbox caps a job at 50 recordings, like a paged export
		expect(new Set(ids).size).toBe(2);
	});

	it('On-Demand Export posts to the user endpoint', async () => {
		const result = await run({ operation: 'export', scope: 'onDemand', userId: 'self' });
		expect(result.output('VBC')).toHaveLength(1);
		expect(sandbox.apiRequests()[0].path).toBe('/t/vbc.prod/call_recording/api/accounts/self/users/self/call_recordings/export');
	});
});
