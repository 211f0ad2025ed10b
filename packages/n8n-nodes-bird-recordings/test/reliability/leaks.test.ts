import { foreignHost } from '../../../../core/testing/foreignHost';
import type { Sandbox } from '../../sandbox/server';
import { birdCredentials, NODE_NAME, runAction, startSandbox } from '../harness/bird';

const download = (recordingId: string) => ({ resource: 'recording', operation: 'download', recordingId, binaryPropertyName: 'data' });

describe('The access key goes to the API origin only, and into no output or error (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});
	const available = () => sandbox.listedRecordings().find((r) => sandbox.recordingStatus(r.id) === 'available')!;

	it.each([307, 302] as const)('audio redirected (%s) to storage on another host name is fetched with no Authorization', async (mediaRedirect) => {
		sandbox = await startSandbox({ mediaRedirect, storagePublicHost: 'localhost' });
		const run = await runAction(birdCredentials(sandbox), download(available().id));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(sandbox.storageRequests()).toHaveLength(1);
		expect(sandbox.storageRequests()[0].host).toMatch(/^localhost:/);
		expect(sandbox.storageRequests()[0].credential).toBeNull();
		expect(sandbox.credentialReachedStorage()).toBe(false);
	});

	it('a redirect to an unknown host gets no access key', async () => {
		sandbox = await startSandbox();
		const foreign = await foreignHost();
		try {
			const target = available();
			sandbox.injectFault({ status: 307, headers: { location: `${foreign.origin}/steal.mp3` }, path: new RegExp(`${target.id}\\.mp3$`) });
			const run = await runAction(birdCredentials(sandbox), download(target.id));
			expect(run.error(NODE_NAME)).toBeUndefined();
			expect(foreign.seen).toHaveLength(1);
			expect(foreign.seen[0].headers.authorization).toBeUndefined();
			expect(JSON.stringify(foreign.seen[0])).not.toContain(sandbox.accessKey);
		} finally {
			await foreign.close();
		}
	});

	it('storage’s 400 that echoes an Authorization header is never shown raw', async () => {
		sandbox = await startSandbox();
		const echo = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message><ArgumentName>Authorization</ArgumentName><ArgumentValue>AccessKey ${sandbox.accessKey}</ArgumentValue></Error>`;
		sandbox.injectFault({ target: 'storage', status: 400, headers: { 'content-type': 'application/xml' }, body: echo, times: 3 });
		const run = await runAction(birdCredentials(sandbox), download(available().id));
		const error = run.error(NODE_NAME)!;
		expect(error.message).toContain('refused the request (HTTP 400)');
		expect(error.message).toContain('InvalidArgument: Only one auth mechanism allowed');
		const shown = JSON.stringify(error) + String(error.stack) + String(error.description);
		expect(shown).not.toContain(sandbox.accessKey);
		expect(shown).not.toContain('ArgumentValue');
	});

	it('the access key is in no output item and no error of any operation', async () => {
		sandbox = await startSandbox();
		const credentials = birdCredentials(sandbox);
		const target = available();
		const missing = '00000000-0000-4000-8000-000000000000';
		const texts: string[] = [];
		for (const parameters of [
			{ resource: 'recording', operation: 'getMany', returnAll: true, simple: false },
			{ resource: 'recording', operation: 'get', recordingId: target.id, simple: false },
			{ resource: 'recording', operation: 'get', recordingId: missing },
			{ resource: 'recording', operation: 'download', recordingId: missing },
			{ resource: 'transcription', operation: 'create', recordingId: target.id, locale: 'en-US', simple: false },
			{ resource: 'transcription', operation: 'getMany', returnAll: true, simple: false },
			{ resource: 'transcription', operation: 'getContent', transcriptionId: missing, format: 'txt' },
		]) {
			const run = await runAction(credentials, parameters);
			texts.push(JSON.stringify(run.output(NODE_NAME)), JSON.stringify(run.error(NODE_NAME) ?? {}), String(run.error(NODE_NAME)?.stack ?? ''));
		}
		const wrong = await runAction(birdCredentials(sandbox, { apiKey: `${sandbox.accessKey}-old` }), { resource: 'recording', operation: 'getMany', limit: 1 });
		texts.push(JSON.stringify(wrong.error(NODE_NAME) ?? {}), String(wrong.error(NODE_NAME)?.stack ?? ''));
		expect(texts.join('').length).toBeGreaterThan(1000);
		for (const text of texts) expect(text).not.toContain(sandbox.accessKey);
		expect(sandbox.credentialReachedStorage()).toBe(false);
	});
});
