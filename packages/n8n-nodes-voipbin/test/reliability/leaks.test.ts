import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, LOGIN_TYPE, loginCredentials, NODE_NAME, runAction, startSandbox } from '../harness/voipbin';

/** Another host on loopback that records what it was sent, as an attacker's server would. */
async function foreignHost() {
	const seen: IncomingMessage[] = [];
	const server: Server = createServer((req, res) => {
		seen.push(req);
		res.writeHead(200, { 'content-type': 'application/zip' });
		res.end(Buffer.from('PK\u0003\u0004rest-of-a-zip', 'latin1'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { seen, origin, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Every log line n8n and the node write during the tests, whatever the level. */
const logLines: string[] = [];
function captureLogs() {
	const capture = (level: string) => (...args: unknown[]) => logLines.push(`${level} ${inspect(args, { depth: 8 })}`);
	const logger = Container.get(Logger) as unknown as Record<string, unknown>;
	for (const level of ['error', 'warn', 'info', 'debug']) logger[level] = capture(level);
	LoggerProxy.init({ error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') } as never);
}

const UNKNOWN = '0d9f7a4e-1111-4222-8333-944455556666';
const recording = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation, ...extra });

describe('The access key never leaves the API origin, and never shows (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(captureLogs);
	afterEach(async () => {
		await sandbox.stop();
	});

	it('downloads follow the 307 to the storage origin without the access key, cookie or header', async () => {
		sandbox = await startSandbox({ recordingCount: 3 });
		const credentials = accessKeyCredentials(sandbox);
		for (const target of sandbox.visibleRecordings()) {
			const run = await runAction(credentials, recording('download', { recordingId: target.id, binaryPropertyName: 'data' }));
			expect(run.error(NODE_NAME)).toBeUndefined();
		}
		expect(sandbox.storageRequests()).toHaveLength(3);
		expect(sandbox.storageCredentialLeaks()).toEqual([]);
		for (const entry of sandbox.storageRequests()) expect(entry.url).not.toContain(sandbox.options.accessKey);
	});

	it('with the Login credential, the JWT does not reach the storage origin either', async () => {
		sandbox = await startSandbox({ recordingCount: 1 });
		const run = await runAction(loginCredentials(sandbox), recording('download', { authentication: 'login', recordingId: sandbox.visibleRecordings()[0].id, binaryPropertyName: 'data' }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(sandbox.storageCredentialLeaks()).toEqual([]);
	});

	it('a redirect to another host (not the storage) gets no credential', async () => {
		sandbox = await startSandbox({ recordingCount: 1 });
		const foreign = await foreignHost();
		try {
			const target = sandbox.visibleRecordings()[0];
			sandbox.injectFault({ status: 307, headers: { location: `${foreign.origin}/collect?x=1` }, body: '', path: `/v1.0/recordingfiles/${target.id}` });
			const run = await runAction(accessKeyCredentials(sandbox), recording('download', { recordingId: target.id, binaryPropertyName: 'data' }));
			expect(run.error(NODE_NAME)).toBeUndefined();
			expect(foreign.seen).toHaveLength(1);
			expect(foreign.seen[0].url).toBe('/collect?x=1');
			expect(foreign.seen[0].headers.authorization).toBeUndefined();
			expect(foreign.seen[0].headers.cookie).toBeUndefined();
		} finally {
			await foreign.close();
		}
	});

	it('the access key is in no output, no error (message, description, stack, cause), no stored run data and no log line', async () => {
		sandbox = await startSandbox({ recordingCount: 3 });
		const key = sandbox.options.accessKey;
		const credentials = accessKeyCredentials(sandbox);
		const target = sandbox.visibleRecordings()[0];
		const texts: string[] = [];
		const record = (run: Awaited<ReturnType<typeof runAction>>) => {
			const error = run.error(NODE_NAME);
			texts.push(inspect(run.run, { depth: 30 }), JSON.stringify(run.run), String(error?.stack ?? ''), inspect(error, { depth: 30 }));
			return run;
		};
		const quick = { requestOptions: { timeoutSeconds: 1, maxRateLimitWaitSeconds: 0 } };
		record(await runAction(credentials, recording('getMany', { returnAll: true, simple: false })));
		record(await runAction(credentials, recording('get', { recordingId: target.id, simple: false })));
		record(await runAction(credentials, recording('download', { recordingId: target.id, binaryPropertyName: 'data' })));
		record(await runAction(credentials, recording('get', { recordingId: UNKNOWN })));
		// Faults: a server error, a dropped connection, a cut body, a timeout, an exhausted rate limit.
		const faults = [
			{ status: 500, times: 10 },
			{ reset: true, times: 10 },
			{ truncate: true, times: 10 },
			{ delayMs: 1500, times: 10 },
			{ status: 429, times: 10 },
		];
		for (const fault of faults) {
			sandbox.injectFault({ ...fault, path: `/v1.0/recordings/${target.id}` });
			const run = record(await runAction(credentials, recording('get', { recordingId: target.id, ...quick })));
			expect(run.error(NODE_NAME)).toBeDefined();
			sandbox.clearFaults();
		}
		sandbox.injectFault({ reset: true, times: 10, listener: 'storage' });
		expect(record(await runAction(credentials, recording('download', { recordingId: target.id, binaryPropertyName: 'data', ...quick }))).error(NODE_NAME)).toBeDefined();
		sandbox.clearFaults();
		// A server that is not there at all.
		const gone = accessKeyCredentials(sandbox, { baseUrl: 'http://127.0.0.1:9' });
		expect(record(await runAction(gone, recording('get', { recordingId: target.id, ...quick }))).error(NODE_NAME)).toBeDefined();
		expect(texts.length).toBeGreaterThan(30);
		for (const text of texts) expect(text).not.toContain(key);
		expect(logLines.length).toBeGreaterThan(20);
		expect(logLines.join('\n')).not.toContain(key);
	});

	it('the password and the JWT are in no output and no error, also when the login fails', async () => {
		sandbox = await startSandbox({ recordingCount: 1 });
		const credentials = loginCredentials(sandbox);
		const ok = await runAction(credentials, recording('get', { authentication: 'login', recordingId: sandbox.visibleRecordings()[0].id, simple: false }));
		const token = String(credentials.stored.get(LOGIN_TYPE)!.token);
		expect(token.length).toBeGreaterThan(40);
		const bad = await runAction(loginCredentials(sandbox, { password: 'not-the-password' }), recording('get', { authentication: 'login', recordingId: UNKNOWN }));
		for (const run of [ok, bad]) {
			const text = `${inspect(run.run, { depth: 30 })}${String(run.error(NODE_NAME)?.stack ?? '')}`;
			expect(text).not.toContain(token);
			expect(text).not.toContain('sandbox-password');
			expect(text).not.toContain('not-the-password');
		}
		expect(logLines.join('\n')).not.toContain(token);
	});
});
