import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { Sandbox, TokenResponse } from '../../sandbox/server';
import { TestCredentialsHelper } from '../harness/engine';
import { OAUTH2_TYPE, oauth2Credentials, runAction, startSandbox } from '../harness/vbc';

/**
 * Two workers renew one OAuth2 credential at once (n8n 1.x has no lease; 2.x renews without one when the
 * lease times out). The other worker renewed first: the refresh token this execution holds is dead, and the
 * other worker stores its new tokens while this execution's renewal is being refused.
 */
class RacedCredentials extends TestCredentialsHelper {
	constructor(
		private readonly sandbox: Sandbox,
		private readonly othersTokens: TokenResponse,
	) {
		super();
	}

	/** The credential as the database holds it: the other worker's tokens once its renewal beat ours. */
	override async getDecrypted(...args: Parameters<TestCredentialsHelper['getDecrypted']>): Promise<ICredentialDataDecryptedObject> {
		const refused = this.sandbox.log.some((e) => e.path === '/token' && e.status === 400);
		if (refused) {
			const current = this.stored.get(OAUTH2_TYPE)!;
			if ((current.oauthTokenData as IDataObject).access_token !== this.othersTokens.access_token) {
				this.set(OAUTH2_TYPE, { ...current, oauthTokenData: { ...this.othersTokens } });
			}
		}
		return await super.getDecrypted(...args);
	}
}

async function renewAt(sandbox: Sandbox, refreshToken: string): Promise<TokenResponse> {
	const response = await fetch(`${sandbox.url}/token`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${sandbox.options.clientId}:${sandbox.options.clientSecret}`).toString('base64')}`,
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: `grant_type=refresh_token&refresh_token=${refreshToken}`,
	});
	return (await response.json()) as TokenResponse;
}

describe('two executions renew one OAuth2 credential at once (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ companyRecordings: 5 });
	});
	afterEach(async () => {
		await sandbox.stop();
	});

	it('a renewal refused because the other execution used the refresh token first: the node reads the credential again and succeeds', async () => {
		const tokens = sandbox.issueTokens();
		const base = oauth2Credentials(sandbox, tokens).stored.get(OAUTH2_TYPE)!;
		// The other worker renews first (the refresh token rotates), then our access token expires.
		const others = await renewAt(sandbox, tokens.refresh_token);
		sandbox.expireAccessToken(tokens.access_token);
		const credentials = new RacedCredentials(sandbox, others);
		credentials.set(OAUTH2_TYPE, base);
		const run = await runAction(credentials, { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true });
		expect(run.error('VBC')).toBeUndefined();
		expect(run.output('VBC')).toHaveLength(5);
		const trail = sandbox.log.map((e) => `${e.method} ${e.path.replace('/t/vbc.prod/call_recording/api/accounts/self', '')} ${e.status}`);
		expect(trail).toEqual([
			'POST /token 200', // the other worker's renewal
			'GET /company_call_recordings 401',
			'GET /company_call_recordings 401',
			'POST /token 400', // ours, with the refresh token it already used
			'GET /company_call_recordings 200', // once more, with the tokens the other worker stored
		]);
		expect(sandbox.log.at(-1)?.headers.authorization).toBe(`Bearer ${others.access_token}`);
		expect(sandbox.isRefreshTokenValid(others.refresh_token)).toBe(true);
	});
});
