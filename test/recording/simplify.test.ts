import { DateTime } from 'luxon';

import type { Sandbox } from '../../sandbox/server';
import { oauth2Credentials, runAction, runActionChain, startSandbox } from '../harness/vbc';

const RECORDING_FIELDS = [
	'id', 'startedAt', 'endedAt', 'durationSeconds', 'direction', 'from', 'callerName', 'to',
	'extensions', 'callId', 'fileName', 'fileSizeBytes', 'downloadUrl',
];

describe('Simplify (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ companyRecordings: 12 });
	});
	afterEach(async () => {
		await sandbox.stop();
	});

	it('Get Many (the default) names fields for people and agents; dates are in the workflow time zone', async () => {
		const run = await runAction(
			oauth2Credentials(sandbox),
			{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true },
			{ timezone: 'Europe/Berlin' },
		);
		const items = run.output('VBC').map((i) => i.json);
		const expected = sandbox.visibleRecordings();
		expect(items).toHaveLength(expected.length);
		for (const [index, item] of items.entries()) {
			const r = expected[index];
			expect(Object.keys(item).sort()).toEqual([...RECORDING_FIELDS].sort());
			expect(item.id).toBe(r.id);
			// VBC dates carry whole seconds.
			const startedAt = DateTime.fromISO(item.startedAt as string, { setZone: true });
			const inBerlin = DateTime.fromMillis(Math.floor(r.start / 1000) * 1000, { zone: 'Europe/Berlin' });
			expect(startedAt.toMillis()).toBe(inBerlin.toMillis());
			expect(startedAt.offset).toBe(inBerlin.offset);
			expect(DateTime.fromISO(item.endedAt as string).toMillis()).toBe(Math.floor(r.end / 1000) * 1000);
			expect(item.durationSeconds).toBe(Math.round(r.duration / 100) / 10);
			expect(item.direction).toBe({ INBOUND: 'inbound', OUTBOUND: 'outbound', INTRA_PBX: 'internal' }[r.call_direction]);
			// VBC sends caller_id as a number or a string; simplified, it is always a string.
			expect(item.from).toBe(String(r.caller_id));
			expect(item).toMatchObject({ callerName: r.cnam, to: r.dnis, extensions: r.extensions, callId: r.call_id });
			expect(item).toMatchObject({ fileName: r.file_name, fileSizeBytes: r.file_size_in_bytes });
			expect(item.downloadUrl).toBe(`${sandbox.apiBaseUrl}/api/audio/recording/${r.id}`);
		}
		expect(new Set(items.map((i) => typeof i.from))).toEqual(new Set(['string']));
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it('Simplify off returns the object exactly as VBC sent it', async () => {
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(oauth2Credentials(sandbox), {
			resource: 'recording', operation: 'get', scope: 'company', recordingId: String(target.id), simple: false,
		});
		const { access_token } = sandbox.issueTokens();
		const response = await fetch(`${sandbox.apiBaseUrl}/api/accounts/self/company_call_recordings/${target.id}`, {
			headers: { authorization: `Bearer ${access_token}` },
		});
		expect(run.output('VBC')[0].json).toEqual(await response.json());
	});

	it('Get simplified equals the Get Many item of the same recording', async () => {
		const target = sandbox.visibleRecordings()[3];
		const run = await runActionChain(oauth2Credentials(sandbox), [
			{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true },
			{ resource: 'recording', operation: 'get', scope: 'company', recordingId: String(target.id) },
		]);
		const listed = run.output('VBC').find((i) => i.json.id === target.id)!.json;
		expect(run.output('VBC 2')[0].json).toEqual(listed);
	});

	it('Transcriptions simplified: recordingId, readiness and the URL Get Transcript uses', async () => {
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'transcription', operation: 'getMany', returnAll: true });
		const items = run.output('VBC').map((i) => i.json);
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) {
			expect(item.recordingId).toEqual(expect.any(Number));
			expect(item.transcriptionReady).toEqual(expect.any(Boolean));
			if (item.transcriptionReady) expect(item.transcriptionUrl).toBe(`${sandbox.apiBaseUrl}/v1/api/transcription/${item.recordingId}`);
			else expect(item.transcriptionError).toEqual(expect.any(String));
			expect(item).not.toHaveProperty('recording_id');
		}
	});

	it('Get Many raw → Download still takes the URL from the item: one request per recording', async () => {
		const run = await runActionChain(oauth2Credentials(sandbox), [
			{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 2, simple: false },
			{ resource: 'recording', operation: 'download', scope: 'company', binaryPropertyName: 'data' },
		]);
		expect(run.error('VBC 2')).toBeUndefined();
		expect(run.output('VBC 2').map((i) => i.binary?.data.fileName)).toEqual(sandbox.visibleRecordings().slice(0, 2).map((r) => r.file_name));
		expect(sandbox.apiRequests()).toHaveLength(1 + 2);
	});
});
