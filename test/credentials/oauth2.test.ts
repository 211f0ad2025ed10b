import type { Sandbox } from '../../sandbox/server';
import { TestCredentialsHelper } from '../harness/engine';
import { OAUTH2_TYPE, oauth2Credentials, runAction, startSandbox } from '../harness/vbc';

describe('Vonage Business OAuth2 API credential (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ companyRecordings: 150 });
	});
	afterEach(async () => {
		await sandbox.stop();
	});

	it('resolves production URLs by default, the ones entered otherwise, and holds no expression', () => {
		const helper = new TestCredentialsHelper();
		const production = helper.applyDefaultsAndOverwrites({}, OAUTH2_TYPE);
		expect(production).toMatchObject({
			grantType: 'authorizationCode',
			authUrl: 'https://api.vonage.com/authorize',
			accessTokenUrl: 'https://api.vonage.com/token',
			scope: 'openid',
			authentication: 'header',
			baseUrl: 'https://api.vonage.com/t/vbc.prod/call_recording',
			accountId: 'self',
		});
		const custom = helper.applyDefaultsAndOverwrites(
			{ authUrl: 'http://127.0.0.1:1/authorize', accessTokenUrl: 'http://127.0.0.1:1/token' },
			OAUTH2_TYPE,
		);
		expect(custom).toMatchObject({ authUrl: 'http://127.0.0.1:1/authorize', accessTokenUrl: 'http://127.0.0.1:1/token' });
		// n8n 2.x evaluates a credential's expressions on every request (a few ms of CPU each): there are none.
		const expressions = Object.entries(production).filter(([, value]) => typeof value === 'string' && value.startsWith('='));
		expect(expressions).toEqual([]);
	});

	it('on 401 mid-paging, n8n refreshes once at the token endpoint (Basic auth), persists the rotated token, and the run succeeds', async () => {
		const tokens = sandbox.issueTokens();
		const credentials = oauth2Credentials(sandbox, tokens);
		// Expire the access token once the first page is served, so the refresh happens in the middle of paging.
		let pages = 0;
		sandbox.server.prependListener('request', (req) => {
			if (req.url?.includes('company_call_recordings') && ++pages === 2) sandbox.expireAccessToken(tokens.access_token);
		});
		const run = await runAction(credentials, { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true });
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(150);

		const trail = sandbox.log.map((e) => `${e.method} ${e.path.replace('/t/vbc.prod/call_recording/api/accounts/self', '')} ${e.status}`);
		// The transport reads statuses as responses; n8n renews only after a failed request, so the 401 is
		// asked once more in the mode that lets n8n renew (one extra request per token expiry).
		expect(trail).toEqual([
			'GET /company_call_recordings 200',
			'GET /company_call_recordings 401',
			'GET /company_call_recordings 401',
			'POST /token 200',
			'GET /company_call_recordings 200',
		]);
		const tokenRequest = sandbox.log.find((e) => e.path === '/token')!;
		expect(tokenRequest.headers.authorization).toBe(
			`Basic ${Buffer.from(`${sandbox.options.clientId}:${sandbox.options.clientSecret}`).toString('base64')}`,
		);
		// The new tokens were saved, and the old refresh token died with the rotation.
		expect(credentials.tokenUpdates).toHaveLength(1);
		const saved = credentials.stored.get(OAUTH2_TYPE)!.oauthTokenData as Record<string, string>;
		expect(saved.access_token).not.toBe(tokens.access_token);
		expect(saved.refresh_token).not.toBe(tokens.refresh_token);
		expect(sandbox.isRefreshTokenValid(tokens.refresh_token)).toBe(false);
		expect(sandbox.isRefreshTokenValid(saved.refresh_token)).toBe(true);
		const lastPage = sandbox.log[sandbox.log.length - 1];
		expect(lastPage.headers.authorization).toBe(`Bearer ${saved.access_token}`);
	});

	it('when the refresh token was rotated away, the error says to reconnect the credential', async () => {
		const tokens = sandbox.issueTokens();
		const stale = { ...tokens };
		// Someone else used the refresh token first: ours is dead, and the access token has expired.
		await fetch(`${sandbox.url}/token`, {
			method: 'POST',
			headers: {
				authorization: `Basic ${Buffer.from(`${sandbox.options.clientId}:${sandbox.options.clientSecret}`).toString('base64')}`,
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: `grant_type=refresh_token&refresh_token=${tokens.refresh_token}`,
		});
		sandbox.expireAccessToken(tokens.access_token);
		const run = await runAction(oauth2Credentials(sandbox, stale), {
			resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 1,
		});
		const error = run.error('VBC');
		expect(error?.message).toMatch(/needs to be reconnected/);
		expect(JSON.stringify(error)).not.toContain(stale.access_token);
		expect(JSON.stringify(error)).not.toContain(stale.refresh_token);
		expect(JSON.stringify(error)).not.toContain(sandbox.options.clientSecret);
	});
});
