/**
 * Every operation of the action node, run by `n8n execute` in a real n8n with the packed package installed
 * as the Community Nodes installer installs it, against the sandbox over HTTP. Checks output items, the
 * binary files n8n wrote, and the sandbox's request log.
 */
import type { Sandbox } from '../../sandbox/server';
import { readZipEntries } from '../../sandbox/zip';
import { PACKAGE_NAME, type N8nInstance } from '../../scripts/lib/n8n-instance';
import { manualWorkflow, sandboxIntegrationUserCredential, sandboxOAuth2Credential } from '../../scripts/lib/workflows';
import { execute, LINES, n8nWithPackage, PORT_OFFSETS, sandboxBytes, sha256, startCdn, startSandbox, storedBinary } from './harness';

type Params = Record<string, unknown>;

/**
 * The node as an AI agent's tool: n8n's Tool Executor (what the editor uses to test a tool) calls the tool
 * variant with the arguments an agent would give, filling the `$fromAI()` parameter.
 */
function toolWorkflow(line: string, credential: { id: string; name: string; type: string }) {
	// n8n 2.x's Tool Executor takes the arguments under the tool's name; 1.x passes the query as they are.
	const args = { Limit: 2 };
	const query = line === 'legacy' ? args : { VBC: args };
	const node = (index: number, rest: Record<string, unknown>) => ({ id: `7e577001-0000-4000-8000-00000000000${index}`, typeVersion: 1, position: [index * 240, 0], ...rest });
	return {
		id: 'e2eTool',
		name: 'e2eTool',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			node(0, { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }),
			node(1, { name: 'Tool Executor', type: '@n8n/n8n-nodes-langchain.toolExecutor', parameters: { query: JSON.stringify(query), toolName: '' } }),
			node(2, {
				name: 'VBC',
				type: `${PACKAGE_NAME}.vonageBusinessTool`,
				parameters: {
					resource: 'recording',
					operation: 'getMany',
					scope: 'company',
					returnAll: false,
					limit: "={{ $fromAI('Limit', 'How many of the newest recordings to return', 'number') }}",
				},
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			}),
		],
		connections: {
			Start: { main: [[{ node: 'Tool Executor', type: 'main', index: 0 }]] },
			VBC: { ai_tool: [[{ node: 'Tool Executor', type: 'ai_tool', index: 0 }]] },
		},
	};
}

describe.each(LINES)('n8n (%s line): the action node in real n8n', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	// The recordings that Get, Download and Delete address (chosen once the sandbox is up).
	const target = { get: 0, download: 0, delete: 0 };
	const workflows: Array<{ id: string; steps: () => Params[]; settings?: Params }> = [];
	const wf = (id: string, steps: Params[] | (() => Params[]), settings?: Params) => {
		workflows.push({ id, steps: typeof steps === 'function' ? steps : () => steps, settings });
		return id;
	};

	// Imported together before the tests, so that each test costs one `n8n execute`.
	const ids = {
		getManyLimit: wf('e2eGetManyLimit', [{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 3 }]),
		getManyAll: wf('e2eGetManyAll', [{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true }]),
		getManyOnDemand: wf('e2eGetManyOnDemand', [{ resource: 'recording', operation: 'getMany', scope: 'onDemand', userId: 'self', returnAll: true }]),
		get: wf('e2eGet', () => [{ resource: 'recording', operation: 'get', scope: 'company', recordingId: String(target.get) }]),
		listThenDownload: wf('e2eListDownload', [
			{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 2 },
			{ resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
		]),
		downloadById: wf('e2eDownloadById', () => [{ resource: 'recording', operation: 'download', scope: 'company', recordingId: String(target.download), binaryPropertyName: 'audio' }]),
		delete: wf('e2eDelete', () => [{ resource: 'recording', operation: 'delete', scope: 'company', recordingId: String(target.delete) }]),
		getMissing: wf('e2eGetMissing', [{ resource: 'recording', operation: 'get', scope: 'company', recordingId: '999999' }]),
		getMissingContinue: wf('e2eGetMissingContinue', [{ resource: 'recording', operation: 'get', scope: 'company', recordingId: '999999' }], { onError: 'continueRegularOutput' }),
		exportWaitDownload: wf('e2eExportAll', [
			{ resource: 'recording', operation: 'export', scope: 'company', filters: { callDirection: 'OUTBOUND' }, exportOptions: { waitAndDownload: true, pollIntervalSeconds: 1, timeoutSeconds: 60 } },
		]),
		exportThenJobOps: wf('e2eJobOps', [
			{ resource: 'transcription', operation: 'export' },
			{ resource: 'exportJob', operation: 'get', jobType: 'recordingsTranscriptions', userId: 'self', jobId: '={{ $json.job_id }}' },
			{ resource: 'exportJob', operation: 'waitForCompletion', jobType: 'recordingsTranscriptions', userId: 'self', jobId: '={{ $json.id }}', pollIntervalSeconds: 1, timeoutSeconds: 60 },
			{ resource: 'exportJob', operation: 'downloadArchive', jobType: 'recordingsTranscriptions', userId: 'self', jobId: '={{ $json.id }}', binaryPropertyName: 'data' },
		]),
		jobsGetMany: wf('e2eJobsGetMany', [{ resource: 'exportJob', operation: 'getMany', jobType: 'recordingsTranscriptions', userId: 'self', returnAll: true }]),
		transcriptions: wf('e2eTranscriptions', [{ resource: 'transcription', operation: 'getMany', returnAll: true, filters: { status: 'ready' } }]),
		deleteManyDry: wf('e2eDeleteManyDry', [{ resource: 'recording', operation: 'deleteMany', scope: 'company', olderThanDays: 5, maxDeletions: 3 }]),
		deleteMany: wf('e2eDeleteMany', [{ resource: 'recording', operation: 'deleteMany', scope: 'company', olderThanDays: 5, maxDeletions: 3, dryRun: false }]),
		refresh: 'e2eRefresh',
		integrationUser: 'e2eIntegrationUser',
		transcript: wf('e2eTranscript', [
			{ resource: 'transcription', operation: 'getMany', returnAll: false, limit: 2, filters: { status: 'ready' } },
			{ resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.recordingId }}' },
		]),
	};

	let refreshCredential: { id: string };

	beforeAll(async () => {
		sandbox = await startSandbox({ companyRecordings: 230, onDemandRecordings: 7, jobDurationMs: 2_500 });
		const newest = sandbox.visibleRecordings();
		Object.assign(target, { get: newest[4].id, download: newest[7].id, delete: newest[9].id });
		n8n = n8nWithPackage(line, PORT_OFFSETS.actions);
		const oauth2 = sandboxOAuth2Credential(sandbox);
		const user = sandboxIntegrationUserCredential(sandbox);
		// Its own credential, so that expiring its token does not disturb the other tests.
		refreshCredential = sandboxOAuth2Credential(sandbox, { id: 'vbcRefreshTest', name: 'VBC sandbox (refresh test)' });
		await n8n.importCredentials([oauth2, user, refreshCredential]);
		await n8n.importWorkflows([
			...workflows.map((w) => manualWorkflow(w.id, oauth2, w.steps(), w.settings)),
			manualWorkflow(ids.refresh, refreshCredential, [{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 3 }]),
			toolWorkflow(line, oauth2),
			manualWorkflow(ids.integrationUser, user, [
				{ authentication: 'integrationUser', resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 2 },
			]),
		]);
	}, 300_000);

	afterAll(async () => {
		await sandbox?.stop();
	});

	/** Runs a workflow with a fresh request log. */
	async function run(id: string, lastNode = 'VBC') {
		sandbox.resetLog();
		return await execute(n8n, id, lastNode);
	}

	it('Get Many with Limit 3: the 3 newest recordings, in 1 request with page_size=3', async () => {
		const result = await run(ids.getManyLimit);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual(sandbox.visibleRecordings().slice(0, 3).map((r) => r.id));
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()[0].query.page_size).toBe('3');
	});

	it('Get Many, Return All over 230 recordings: every recording once, in 3 requests', async () => {
		const result = await run(ids.getManyAll);
		const expected = sandbox.visibleRecordings().map((r) => r.id);
		expect(result.items.map((i) => i.json.id)).toEqual(expected);
		expect(expected).toHaveLength(230);
		expect(sandbox.apiRequests()).toHaveLength(3);
		expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});

	it("Get Many, On-Demand scope: the user's own recordings", async () => {
		const result = await run(ids.getManyOnDemand);
		expect(result.items.map((i) => i.json.id)).toEqual(sandbox.visibleRecordings('ondemand').map((r) => r.id));
		expect(sandbox.apiRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()[0].path).toMatch(/\/users\/self\/call_recordings$/);
	});

	it('Get: one recording by ID, 1 request', async () => {
		const recording = sandbox.recordings.get(target.get)!;
		const result = await run(ids.get);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: recording.id, callId: recording.call_id, durationSeconds: Math.round(recording.duration / 100) / 10 });
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it('Get Many → Download: n8n stores each MP3 byte for byte, 1 request per recording', async () => {
		const result = await run(ids.listThenDownload, 'VBC 2');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(sandbox.apiRequests()).toHaveLength(1 + 2);
		const newest = sandbox.visibleRecordings().slice(0, 2);
		for (const [index, item] of result.items.entries()) {
			const binary = item.binary!.data;
			expect(binary).toMatchObject({ fileName: newest[index].file_name, mimeType: 'audio/mpeg', fileExtension: 'mp3' });
			const stored = storedBinary(n8n, binary);
			expect(stored.length).toBe(newest[index].file_size_in_bytes);
			expect(sha256(stored)).toBe(sha256(await sandboxBytes(sandbox, `/api/audio/recording/${newest[index].id}`)));
		}
	});

	it('Download by ID alone: 2 requests (the recording, then its audio), into the named binary field', async () => {
		const recording = sandbox.recordings.get(target.download)!;
		const result = await run(ids.downloadById);
		expect(result.error).toBeUndefined();
		const stored = storedBinary(n8n, result.items[0].binary!.audio);
		expect(stored.length).toBe(recording.file_size_in_bytes);
		expect(stored.subarray(0, 3).toString('latin1')).toBe('ID3');
		expect(sandbox.apiRequests()).toHaveLength(2);
	});

	it('Audio redirected to a CDN host is followed inside n8n, without the token', async () => {
		const cdn = await startCdn();
		sandbox.options.redirectAudioTo = cdn.origin;
		try {
			const recording = sandbox.recordings.get(target.download)!;
			const result = await run(ids.downloadById);
			expect(result.error).toBeUndefined();
			expect(storedBinary(n8n, result.items[0].binary!.audio).length).toBe(recording.file_size_in_bytes);
			expect(cdn.seen).toHaveLength(1);
			expect(cdn.seen[0].authorization).toBeUndefined();
		} finally {
			sandbox.options.redirectAudioTo = '';
			await cdn.close();
		}
	});

	it('Delete: the recording is gone from the API, 1 request', async () => {
		const result = await run(ids.delete);
		expect(result.items[0].json).toMatchObject({ id: target.delete, deleted: true });
		expect(sandbox.recordings.get(target.delete)!.deleted).toBe(true);
		expect(sandbox.apiRequests().map((r) => r.method)).toEqual(['DELETE']);
	});

	it('A missing recording fails the node with a clear message; n8n execute exits 1', async () => {
		const result = await run(ids.getMissing);
		expect(result.status).toBe(1);
		expect(result.error?.message).toMatch(/999999/);
		expect(result.error?.message).not.toMatch(/Bearer|access_token|sandbox-secret/);
	});

	it('With "On Error: Continue", the error becomes an output item paired with its input', async () => {
		const result = await run(ids.getMissingContinue);
		expect(result.status).toBe(0);
		expect(result.items).toHaveLength(1);
		expect(String(result.items[0].json.error)).toMatch(/999999/);
	});

	it('A 429 with Retry-After is waited out inside n8n: the same request again after 1 s, then success', async () => {
		sandbox.injectFault({ status: 429, headers: { 'retry-after': '1' }, path: /company_call_recordings$/, times: 1 });
		const result = await run(ids.getManyLimit);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const [first, second] = sandbox.apiRequests();
		expect(sandbox.apiRequests()).toHaveLength(2);
		expect([first.status, second.status]).toEqual([429, 200]);
		expect(second.at - first.at).toBeGreaterThanOrEqual(990);
	});

	it('Without the Company Call Recording permission, the error says what to grant', async () => {
		sandbox.setCompanyAccess(false);
		try {
			const result = await run(ids.getManyLimit);
			expect(result.status).toBe(1);
			expect(`${result.error?.message} ${result.error?.description}`).toMatch(/Grant the Company Call Recording permission/);
		} finally {
			sandbox.setCompanyAccess(true);
		}
	});

	it('Export with "Wait and Download": ZIPs holding exactly the outbound recordings (the API splits jobs at 50)', async () => {
		const outbound = sandbox.visibleRecordings().filter((r) => r.call_direction === 'OUTBOUND');
		const result = await run(ids.exportWaitDownload);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(Math.ceil(outbound.length / 50));
		const names = result.items.flatMap((item) => readZipEntries(storedBinary(n8n, item.binary!.data)).map((e) => e.name));
		expect(names.sort()).toEqual(outbound.map((r) => r.file_name).sort());
		expect(sandbox.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('Transcription export → Export Job Get → Wait for Completion → Download Archive', async () => {
		const result = await run(ids.exportThenJobOps, 'VBC 4');
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThan(0);
		expect(result.nodes['VBC 3'].every((item) => /^complete/.test(String(item.json.status)))).toBe(true);
		const entries = result.items.flatMap((item) => readZipEntries(storedBinary(n8n, item.binary!.data)));
		expect(entries.some((e) => /\.mp3$/.test(e.name))).toBe(true);
		expect(entries.some((e) => /\.json$|\.txt$/.test(e.name))).toBe(true);
		expect(sandbox.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('Export Job Get Many lists the transcription jobs created above', async () => {
		const result = await run(ids.jobsGetMany);
		expect(result.error).toBeUndefined();
		const transcriptionJobs = [...sandbox.jobs.values()].filter((job) => job.kind === 'recordings_transcriptions').map((job) => job.id);
		expect(transcriptionJobs.length).toBeGreaterThan(0);
		expect(result.items.map((i) => i.json.id).sort()).toEqual(transcriptionJobs.sort());
	});

	it('AI-tool variant, run by n8n\'s Tool Executor as an agent calls it: $fromAI fills Limit, 1 request', async () => {
		const result = await run('e2eTool', 'Tool Executor');
		expect(result.error).toBeUndefined();
		const requests = sandbox.apiRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0].query.page_size).toBe('2');
		// A tool answers the agent with text: the simplified recordings as JSON.
		expect(result.items).toHaveLength(1);
		const answer = JSON.parse(result.items[0].json as unknown as string) as Array<Record<string, unknown>>;
		expect(answer.map((r) => r.id)).toEqual(sandbox.visibleRecordings().slice(0, 2).map((r) => r.id));
		expect(answer[0]).toMatchObject({ durationSeconds: expect.any(Number), direction: expect.any(String) });
	});

	it('Transcription Get Many (ready) and Get Transcript: text and speakers, 1 request per transcript', async () => {
		const list = await run(ids.transcriptions);
		expect(list.items.length).toBeGreaterThan(0);
		expect(list.items.every((i) => i.json.transcriptionReady === true)).toBe(true);
		expect(sandbox.apiRequests()).toHaveLength(Math.ceil(list.items.length / 100));

		const result = await run(ids.transcript, 'VBC 2');
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json.ready).toBe(true);
			expect(item.json.text).toContain('Thank you for calling');
		}
		expect(sandbox.apiRequests()).toHaveLength(1 + 2);
	});

	it('OAuth2: an expired access token is refreshed inside n8n, and the new tokens are persisted', async () => {
		const before = await n8n.credentialData(refreshCredential.id);
		sandbox.expireAccessToken(before.oauthTokenData.access_token);
		const first = await run(ids.refresh);
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(3);
		const requests = sandbox.apiRequests();
		// The 401 is asked once more in the mode in which n8n renews tokens, then the renewed request succeeds.
		expect(requests.map((r) => r.status)).toEqual([401, 401, 200]);
		expect(sandbox.log.filter((r) => r.path === '/token')).toHaveLength(1);

		const after = await n8n.credentialData(refreshCredential.id);
		expect(after.oauthTokenData.access_token).not.toBe(before.oauthTokenData.access_token);
		expect(requests[2].headers.authorization).toBe(`Bearer ${after.oauthTokenData.access_token}`);
		// The sandbox rotates refresh tokens: only the persisted new one still works.
		expect(sandbox.isRefreshTokenValid(before.oauthTokenData.refresh_token)).toBe(false);
		expect(sandbox.isRefreshTokenValid(after.oauthTokenData.refresh_token)).toBe(true);

		// A second expiry is recovered from the persisted refresh token, in a new n8n process.
		sandbox.expireAccessToken(after.oauthTokenData.access_token);
		const second = await run(ids.refresh);
		expect(second.error).toBeUndefined();
		expect(sandbox.apiRequests().map((r) => r.status)).toEqual([401, 401, 200]);
	});

	it('Integration User: n8n signs in with the password grant and the node works', async () => {
		const result = await run(ids.integrationUser);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(sandbox.log.filter((r) => r.path === '/token')).toHaveLength(1);
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it('Delete Many, dry run (the default): the 3 oldest are listed, nothing is deleted, 1 request', async () => {
		const oldest = [...sandbox.visibleRecordings()].sort((a, b) => a.start - b.start).slice(0, 3);
		const result = await run(ids.deleteManyDry);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.id, i.json.deleted, i.json.dryRun])).toEqual(oldest.map((r) => [r.id, false, true]));
		expect(oldest.every((r) => !sandbox.recordings.get(r.id)!.deleted)).toBe(true);
		expect(sandbox.apiRequests()).toHaveLength(1);
	});

	it('Delete Many: the 3 oldest are deleted, one output item each, 1 + 3 requests', async () => {
		const oldest = [...sandbox.visibleRecordings()].sort((a, b) => a.start - b.start).slice(0, 3);
		const result = await run(ids.deleteMany);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.id, i.json.deleted])).toEqual(oldest.map((r) => [r.id, true]));
		expect(oldest.every((r) => sandbox.recordings.get(r.id)!.deleted)).toBe(true);
		expect(sandbox.apiRequests().map((r) => r.method)).toEqual(['GET', 'DELETE', 'DELETE', 'DELETE']);
	});
});
