import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { KazooSandbox } from '../../sandbox/server';
import { apiKeyCredentials, API_KEY_TYPE, NODE_NAME, runAction, startSandbox } from '../harness/kazoo';

/** Another host on loopback that records what it was sent, as a storage host or an attacker's server would. */
async function foreignHost() {
	const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
	const server: Server = createServer((req, res) => {
		seen.push({ url: req.url ?? '', headers: req.headers });
		res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': 4 });
		res.end(Buffer.from('ID3\u0003'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { seen, origin, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

const credentialIn = (headers: IncomingHttpHeaders) => headers['x-auth-token'] ?? headers.authorization ?? headers.cookie;

describe('No token leaves the API origin, nor reaches output or errors (engine, sandbox)', () => {
	let sandbox: KazooSandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('audio redirected to a storage host is fetched without the token', async () => {
		sandbox = await startSandbox({ audioStorage: 'redirect' });
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(apiKeyCredentials(sandbox), { resource: 'recording', operation: 'download', recordingId: target.id, binaryPropertyName: 'data' });
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(sandbox.storageLog.length).toBeGreaterThan(0);
		expect(sandbox.credentialReachedStorage()).toBe(false);
	});

	it('a redirect to another host gets no token', async () => {
		sandbox = await startSandbox();
		const foreign = await foreignHost();
		try {
			const target = sandbox.visibleRecordings()[0];
			sandbox.injectFault({ status: 302, headers: { location: `${foreign.origin}/steal` }, path: target.id, times: 1 });
			const run = await runAction(apiKeyCredentials(sandbox), { resource: 'recording', operation: 'download', recordingId: target.id, binaryPropertyName: 'data' });
			expect(run.error(NODE_NAME)).toBeUndefined();
			expect(foreign.seen).toHaveLength(1);
			expect(credentialIn(foreign.seen[0].headers)).toBeUndefined();
		} finally {
			await foreign.close();
		}
	});

	it('the token (echoed in every Kazoo envelope) is in no output item and no error', async () => {
		sandbox = await startSandbox();
		const credentials = apiKeyCredentials(sandbox);
		const target = sandbox.visibleRecordings()[0];
		const outputs: string[] = [];
		for (const parameters of [
			{ resource: 'recording', operation: 'getMany', scope: 'account', returnAll: true, simple: false },
			{ resource: 'recording', operation: 'get', recordingId: target.id, simple: false },
			{ resource: 'recording', operation: 'updateMetadata', recordingId: target.id, userMetadata: '{"a":1}', simple: false },
			{ resource: 'recording', operation: 'get', recordingId: '202611-00000000000000000000000000000000' },
			{ resource: 'recording', operation: 'download', recordingId: '202611-00000000000000000000000000000000', binaryPropertyName: 'data' },
		]) {
			const run = await runAction(credentials, parameters);
			outputs.push(JSON.stringify(run.output(NODE_NAME)), JSON.stringify(run.error(NODE_NAME) ?? {}), String(run.error(NODE_NAME)?.stack ?? ''));
		}
		sandbox.injectFault({ status: 429, body: { status: 'error', error: '429', message: 'too_many_requests', auth_token: 'x' }, times: 50 });
		const limited = await runAction(credentials, { resource: 'recording', operation: 'get', recordingId: target.id, requestOptions: { maxRateLimitWaitSeconds: 0 } });
		outputs.push(JSON.stringify(limited.error(NODE_NAME) ?? {}));
		const token = String(credentials.stored.get(API_KEY_TYPE)!.authToken);
		expect(token.length).toBeGreaterThan(20);
		for (const text of outputs) {
			expect(text).not.toContain(token);
			expect(text).not.toContain(sandbox.account.apiKey);
		}
	});
});
