import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import type { Sandbox } from '../../sandbox/server';
import { mp3Buffer } from '../../sandbox/mp3';
import { oauth2Credentials, runAction, runActionChain, startSandbox } from '../harness/vbc';

/** Another host on loopback that records what it was sent, as a CDN or an attacker's server would. */
async function foreignHost() {
	const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
	const server: Server = createServer((req, res) => {
		seen.push({ url: req.url ?? '', headers: req.headers });
		const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? 10);
		res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': size });
		res.end(mp3Buffer(size, 'cdn'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { seen, origin, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('No token leaves the API origin (engine, sandbox)', () => {
	let sandbox: Sandbox;
	let foreign: Awaited<ReturnType<typeof foreignHost>>;
	beforeEach(async () => {
		foreign = await foreignHost();
	});
	afterEach(async () => {
		await sandbox.stop();
		await foreign.close();
	});

	const tokensIn = (headers: IncomingHttpHeaders) => headers.authorization ?? headers.cookie;

	it('a redirect of the audio to another host is followed without the Authorization header', async () => {
		sandbox = await startSandbox();
		sandbox.options.redirectAudioTo = foreign.origin;
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(oauth2Credentials(sandbox), {
			resource: 'recording', operation: 'download', scope: 'company', recordingId: String(target.id), binaryPropertyName: 'data',
		});
		expect(run.error('VBC')).toBeUndefined();
		const binary = run.output('VBC')[0].binary!.data;
		expect((await Container.get(BinaryDataService).getAsBuffer(binary)).length).toBe(target.file_size_in_bytes);
		expect(foreign.seen).toHaveLength(1);
		expect(tokensIn(foreign.seen[0].headers)).toBeUndefined();
		// The API itself did get the token.
		expect(sandbox.apiRequests().every((r) => String(r.headers.authorization).startsWith('Bearer '))).toBe(true);
	});

	it('a _links.next.href on another host is refused: the token is not sent there', async () => {
		sandbox = await startSandbox({ companyRecordings: 150 });
		sandbox.options.linkOrigin = foreign.origin;
		const run = await runAction(oauth2Credentials(sandbox), { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true });
		expect(run.error('VBC')?.message).toContain(`The next page link (_links.next.href) points to ${new URL(foreign.origin).host}`);
		expect(foreign.seen).toHaveLength(0);
	});

	it.each([
		['recording download_url', { resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' }, (o: string) => ({ id: 193228, download_url: `${o}/api/audio/recording/193228` })],
		['transcription_url', { resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.recording_id }}' }, (o: string) => ({ recording_id: 193228, transcription_ready: true, transcription_url: `${o}/v1/api/transcription/193228` })],
		['export job download_url', { resource: 'exportJob', operation: 'downloadArchive', jobType: 'recordings', userId: 'self', jobId: '={{ $json.id }}', binaryPropertyName: 'data' }, (o: string) => ({ id: 'afa725fb-d418-4eaf-b3f9-0e66396fafdc', status: 'complete', download_url: `${o}/api/bulkDownload/retrieve?jobId=x` })],
	])('an input item whose %s is on another host is refused before any request', async (_what, parameters, item) => {
		sandbox = await startSandbox();
		const run = await runAction(oauth2Credentials(sandbox), parameters, { items: [item(foreign.origin)] });
		expect(run.error('VBC')?.message).toContain(`points to ${new URL(foreign.origin).host}, not to the API host in the credential`);
		expect(foreign.seen).toHaveLength(0);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	it('no token, refresh token or client secret appears in output items or errors', async () => {
		sandbox = await startSandbox();
		const tokens = sandbox.issueTokens();
		const run = await runActionChain(oauth2Credentials(sandbox, tokens), [
			{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 2 },
			{ resource: 'recording', operation: 'get', scope: 'company', recordingId: '999999' },
		]);
		const everything = JSON.stringify(run.run.data.resultData);
		expect(run.error('VBC 2')).toBeDefined();
		for (const secret of [tokens.access_token, tokens.refresh_token, sandbox.options.clientSecret]) {
			expect(everything).not.toContain(secret);
		}
	});
});
