import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, LOGIN_TYPE, loginCredentials, NODE_NAME, runAction, startSandbox } from '../harness/voipbin';

const get = (recordingId: string, extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation: 'get', recordingId, ...extra });
const login = { authentication: 'login' };

describe('Credentials: access key in the query only; login at the API root, renewed once on 401 (engine, sandbox)', () => {
	let sandbox = null as unknown as Sandbox;
	afterEach(async () => {
		await sandbox?.stop();
	});

	it('Access key: sent only as ?accesskey= (no header, no cookie)', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		const run = await runAction(accessKeyCredentials(sandbox), get(sandbox.visibleRecordings()[0].id));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const [entry] = sandbox.apiRequests();
		expect(entry.query.accesskey).toBe(sandbox.options.accessKey);
		expect(entry.headers.authorization).toBeUndefined();
		expect(entry.headers.cookie).toBeUndefined();
	});

	it('Access key: a Base URL typed with /v1.0 or a trailing slash works the same', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		for (const baseUrl of [`${sandbox.url}/v1.0`, `${sandbox.url}/`, `  ${sandbox.url}/v1.0/ `]) {
			const run = await runAction(accessKeyCredentials(sandbox, { baseUrl }), get(sandbox.visibleRecordings()[0].id));
			expect(run.error(NODE_NAME)).toBeUndefined();
		}
		expect(sandbox.apiRequests().map((entry) => entry.path)).toEqual(Array(3).fill(`/v1.0/recordings/${sandbox.visibleRecordings()[0].id}`));
	});

	it('Login: one POST /auth/login at the root, then the JWT as Bearer, kept for the next runs', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		const credentials = loginCredentials(sandbox);
		const target = sandbox.visibleRecordings()[0];
		await runAction(credentials, get(target.id, login));
		await runAction(credentials, get(target.id, login));
		expect(sandbox.loginRequests().map((entry) => [entry.method, entry.path])).toEqual([['POST', '/auth/login']]);
		const token = String(credentials.stored.get(LOGIN_TYPE)!.token);
		expect(sandbox.apiRequests().map((entry) => entry.headers.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
		expect(sandbox.apiRequests().every((entry) => entry.query.accesskey === undefined)).toBe(true);
	});

	it('Login: an expired JWT gets one new login, and the request goes through', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		const credentials = loginCredentials(sandbox, { token: sandbox.issueToken('admin@voipbin.test', 1) });
		sandbox.clock.advance(5_000);
		const target = sandbox.visibleRecordings()[0];
		const run = await runAction(credentials, get(target.id, login));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)[0].json.id).toBe(target.id);
		expect(sandbox.loginRequests()).toHaveLength(1);
		expect(sandbox.apiRequests().at(-1)!.status).toBe(200);
	});

	it('Login: a 401 that persists after one new login fails clearly, after exactly one login', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		const credentials = loginCredentials(sandbox);
		await runAction(credentials, get(sandbox.visibleRecordings()[0].id, login));
		sandbox.resetLog();
		sandbox.injectFault({ status: 401, path: /^\/v1\.0\/recordings\//, times: 10 });
		const run = await runAction(credentials, get(sandbox.visibleRecordings()[0].id, login));
		expect(run.error(NODE_NAME)?.message).toContain('VoIPbin did not accept the credential');
		expect(sandbox.loginRequests()).toHaveLength(1);
		expect(sandbox.apiRequests()).toHaveLength(3);
	});

	it('Login: the bare 400 of a failed login says "wrong username or password"; no API request follows', async () => {
		sandbox = await startSandbox({ recordingCount: 2 });
		const run = await runAction(loginCredentials(sandbox, { password: 'nope' }), get(sandbox.visibleRecordings()[0].id, login));
		expect(run.error(NODE_NAME)?.message).toContain('VoIPbin refused the login: wrong username or password (HTTP 400)');
		expect(sandbox.loginRequests()).toHaveLength(1);
		expect(sandbox.loginRequests()[0].status).toBe(400);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});

	it('Login: a server without the root login (404) is told apart from a wrong password', async () => {
		sandbox = await startSandbox({ recordingCount: 1, loginAt: 'v1.0' });
		const run = await runAction(loginCredentials(sandbox), get(sandbox.visibleRecordings()[0].id, login));
		expect(run.error(NODE_NAME)?.message).toContain(`VoIPbin has no login at ${sandbox.url}/auth/login (HTTP 404)`);
	});

	it('an agent without CustomerAdmin/CustomerManager permission gets a 403 that says so', async () => {
		sandbox = await startSandbox({ recordingCount: 1 });
		const run = await runAction(loginCredentials(sandbox, { username: 'agent@voipbin.test', password: 'agent-password' }), get(sandbox.visibleRecordings()[0].id, login));
		expect(run.error(NODE_NAME)?.message).toContain('may not do this');
		expect(run.error(NODE_NAME)?.message).toContain('PERMISSION_DENIED');
	});

	it('a revoked access key: 401 INVALID_CREDENTIALS, named', async () => {
		sandbox = await startSandbox({ recordingCount: 1 });
		sandbox.revokeAccessKey(sandbox.options.accessKey);
		const run = await runAction(accessKeyCredentials(sandbox), get(sandbox.visibleRecordings()[0].id));
		expect(run.error(NODE_NAME)?.message).toContain('VoIPbin did not accept the credential. VoIPbin said: "INVALID_CREDENTIALS');
	});

	it('the credential test lists one recording under /v1.0', async () => {
		const { VoipbinAccessKeyApi } = await import('../../credentials/VoipbinAccessKeyApi.credentials');
		const { request } = new VoipbinAccessKeyApi().test;
		expect([request.url, request.qs]).toEqual(['/recordings', { page_size: 1 }]);
		sandbox = await startSandbox({ recordingCount: 0 });
	});
});
