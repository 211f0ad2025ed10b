import type { Sandbox } from '../../sandbox/server';
import { INTEGRATION_USER_TYPE, integrationUserCredentials, runAction, startSandbox } from '../harness/vbc';
import { vbcLogin } from '../../credentials/VonageBusinessIntegrationUserApi.credentials';

describe('Vonage Business Integration User API credential (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => {
		await sandbox.stop();
	});

	const getMany = { authentication: 'integrationUser', resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 2 };

	it('appends @vbc.prod to a bare username', () => {
		expect(vbcLogin('alice')).toBe('alice@vbc.prod');
		expect(vbcLogin(' bob@vbc.prod ')).toBe('bob@vbc.prod');
	});

	it('fetches a token with the password grant once, stores it, and reuses it', async () => {
		const credentials = integrationUserCredentials(sandbox);
		expect((await runAction(credentials, getMany)).output('VBC')).toHaveLength(2);
		expect((await runAction(credentials, getMany)).output('VBC')).toHaveLength(2);
		const tokenRequests = sandbox.log.filter((e) => e.path === '/token');
		expect(tokenRequests).toHaveLength(1);
		expect(tokenRequests[0].headers.authorization).toBe(
			`Basic ${Buffer.from(`${sandbox.options.clientId}:${sandbox.options.clientSecret}`).toString('base64')}`,
		);
		const stored = credentials.stored.get(INTEGRATION_USER_TYPE)!;
		expect(stored.accessToken).toMatch(/^at_/);
		for (const request of sandbox.apiRequests()) expect(request.headers.authorization).toBe(`Bearer ${stored.accessToken}`);
	});

	it('when the token expires, the 401 brings a new one and the request succeeds', async () => {
		const credentials = integrationUserCredentials(sandbox);
		await runAction(credentials, getMany);
		const first = credentials.stored.get(INTEGRATION_USER_TYPE)!.accessToken as string;
		sandbox.expireAccessToken(first);
		const run = await runAction(credentials, getMany);
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(2);
		const second = credentials.stored.get(INTEGRATION_USER_TYPE)!.accessToken as string;
		expect(second).not.toBe(first);
		expect(credentials.preAuthentications).toBe(2);
		expect(sandbox.log.map((e) => `${e.path.endsWith('/token') ? 'token' : 'api'} ${e.status}`)).toEqual([
			// The 401 is asked again in the mode in which n8n renews the token (see the OAuth2 test).
			'token 200', 'api 200', 'api 401', 'api 401', 'token 200', 'api 200',
		]);
	});

	it('a wrong password gives a clear error that shows no secret', async () => {
		const credentials = integrationUserCredentials(sandbox, { password: 'wrong-password-123' });
		const run = await runAction(credentials, getMany);
		const error = run.error('VBC');
		expect(error).toBeDefined();
		expect(error?.message).toBe('VBC refused the sign-in (invalid_grant). VBC said: "Invalid username or password"');
		expect(error?.description).toContain('username and password');
		const text = JSON.stringify(error);
		expect(text).not.toContain('wrong-password-123');
		expect(text).not.toContain(sandbox.options.clientSecret);
		expect(sandbox.apiRequests()).toHaveLength(0);
	});
});
