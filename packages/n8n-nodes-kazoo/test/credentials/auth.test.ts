import { createHash } from 'node:crypto';

import { kazooUserCredentials } from '../../credentials/KazooUserApi.credentials';
import { md5Hex } from '../../credentials/md5';
import type { KazooSandbox } from '../../sandbox/server';
import { apiKeyCredentials, API_KEY_TYPE, dataRequests, NODE_NAME, runAction, startSandbox, userCredentials, USER_TYPE } from '../harness/kazoo';

const get = (recordingId: string, extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation: 'get', recordingId, ...extra });

describe('Credentials: sign-in, X-Auth-Token, renewal once on 401 (engine, sandbox)', () => {
	let sandbox = null as unknown as KazooSandbox;
	afterEach(async () => {
		await sandbox?.stop();
		sandbox = null as unknown as KazooSandbox;
	});

	it('md5 matches Node crypto, including multi-byte text', () => {
		for (const text of ['', 'abc', 'alice:alice-secret', 'é€😀:pässword', 'x'.repeat(55), 'y'.repeat(64), 'z'.repeat(1000)]) {
			expect(md5Hex(text)).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
		}
		expect(kazooUserCredentials(' Bob.Agent ', 'bob-secret')).toBe(md5Hex('bob.agent:bob-secret'));
	});

	it('API key: one sign-in (PUT /v2/api_auth), then the token as X-Auth-Token, stored for the next runs', async () => {
		sandbox = await startSandbox();
		const credentials = apiKeyCredentials(sandbox);
		const target = sandbox.visibleRecordings()[0];
		await runAction(credentials, get(target.id));
		await runAction(credentials, get(target.id));
		const [auth] = sandbox.authRequests();
		expect(sandbox.authRequests()).toHaveLength(1);
		expect([auth.method, auth.path]).toEqual(['PUT', '/v2/api_auth']);
		const token = String(credentials.stored.get(API_KEY_TYPE)!.authToken);
		expect(dataRequests(sandbox).map((r) => r.headers['x-auth-token'])).toEqual([token, token]);
	});

	it('User: md5 of lower-cased "username:password" with the realm, base URL without /v2 completed', async () => {
		sandbox = await startSandbox();
		const credentials = userCredentials(sandbox, { username: 'Bob.Agent', password: 'bob-secret' });
		const run = await runAction(credentials, get(sandbox.visibleRecordings()[0].id, { authentication: 'user' }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const [auth] = sandbox.authRequests();
		expect(auth.path).toBe('/v2/user_auth');
		expect(JSON.parse(auth.body!)).toEqual({
			data: { credentials: sandbox.credentialsHash('bob.agent', 'bob-secret'), method: 'md5', account_realm: sandbox.account.realm },
		});
		expect(credentials.stored.get(USER_TYPE)!.authToken).toBeTruthy();
	});

	it.each(['absolute', 'sliding'] as const)('an expired token (%s expiry) is renewed once, and the request goes through', async (tokenExpiry) => {
		sandbox = await startSandbox({ tokenExpiry });
		const credentials = apiKeyCredentials(sandbox);
		const target = sandbox.visibleRecordings()[0];
		await runAction(credentials, get(target.id));
		sandbox.expireAllTokens();
		const run = await runAction(credentials, get(target.id));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)[0].json.id).toBe(target.id);
		expect(sandbox.authRequests()).toHaveLength(2);
	});

	// The 401 is asked once more in the mode where n8n renews the token, which asks a third time with it.
	it('a 401 that persists after one renewal fails clearly, after exactly one extra sign-in', async () => {
		sandbox = await startSandbox({ unauthorizedBody: 'crossbarUtil' });
		const credentials = apiKeyCredentials(sandbox);
		sandbox.injectFault({ status: 401, body: { status: 'error', error: '401', message: 'invalid credentials', data: {} }, path: '/recordings/', times: 10 });
		const run = await runAction(credentials, get(sandbox.visibleRecordings()[0].id));
		expect(run.error(NODE_NAME)?.message).toContain('Kazoo did not accept the credential');
		expect(sandbox.authRequests()).toHaveLength(2);
		expect(dataRequests(sandbox)).toHaveLength(3);
	});

	it('a wrong API key: a clear error without the key, and one sign-in only', async () => {
		sandbox = await startSandbox();
		const wrongKey = 'f'.repeat(64);
		const run = await runAction(apiKeyCredentials(sandbox, { apiKey: wrongKey }), get(sandbox.visibleRecordings()[0].id));
		const error = run.error(NODE_NAME)!;
		expect(error.message).toContain('Kazoo refused the sign-in with the API key (HTTP 404');
		expect(JSON.stringify(error)).not.toContain(wrongKey);
		expect(sandbox.authRequests()).toHaveLength(1);
		expect(dataRequests(sandbox)).toHaveLength(0);
	});

	it('a wrong password: a clear error without the hash', async () => {
		sandbox = await startSandbox();
		const run = await runAction(userCredentials(sandbox, { password: 'nope' }), get(sandbox.visibleRecordings()[0].id, { authentication: 'user' }));
		const error = run.error(NODE_NAME)!;
		expect(error.message).toContain('Kazoo refused the sign-in with the username and password (HTTP 401');
		expect(JSON.stringify(error)).not.toContain(kazooUserCredentials('alice', 'nope'));
		expect(sandbox.authRequests()).toHaveLength(1);
	});

	it('the credential test request lists one recording of the account with the token', async () => {
		const { KazooApiKeyApi } = await import('../../credentials/KazooApiKeyApi.credentials');
		const test = new KazooApiKeyApi().test;
		expect(test.request.url).toBe('=/accounts/{{$credentials.accountId}}/recordings');
		expect(test.request.qs).toEqual({ page_size: 1 });
		sandbox = await startSandbox({ recordings: 0 });
	});
});
