import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, IHttpRequestHelper, INodeProperties } from 'n8n-workflow';

/** Fields both Kazoo credentials share: where Crossbar is, the account, and the request rate. */
export const kazooConnectionFields: INodeProperties[] = [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://pbx.example.com:8443/v2',
		description:
			'The Crossbar API of your Kazoo cluster, with or without /v2 (it is added when missing). Crossbar listens on port 8000 (HTTP) or 8443 (HTTPS) by default.',
	},
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'a2d1c4b7e9f0a3b5c6d7e8f901234567',
		description: 'The 32-character ID of the Kazoo account whose recordings to use',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 10,
		description:
			"Kazoo's rate limit refills 10 requests a second per client address and account by default. The node spreads loops of requests so they stay under this. 0 turns this off.",
	},
	{
		displayName: 'Auth Token',
		name: 'authToken',
		type: 'hidden',
		typeOptions: { expirable: true, password: true },
		default: '',
	},
];

export const kazooCredentialIcon: Icon = { light: 'file:../nodes/Kazoo/kazoo.svg', dark: 'file:../nodes/Kazoo/kazoo.dark.svg' };

/** Both credentials send the token they signed in for as X-Auth-Token. */
export const kazooTokenAuthentication: IAuthenticateGeneric = {
	type: 'generic',
	properties: { headers: { 'X-Auth-Token': '={{$credentials.authToken}}' } },
};

/** The credential test: one recording of the account, which needs a token valid for that account. */
export const kazooCredentialTest = (): ICredentialTestRequest => ({
	request: {
		baseURL: KAZOO_API_ROOT_EXPRESSION,
		url: '=/accounts/{{$credentials.accountId}}/recordings',
		qs: { page_size: 1 },
	},
});

/** The Crossbar root with `/v2`, from the Base URL as typed. */
export function kazooApiRoot(baseUrl: unknown): string {
	const trimmed = String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	return /\/v2$/.test(trimmed) ? trimmed : `${trimmed}/v2`;
}

/** The same as an n8n expression, for declarative requests (the credential test). */
export const KAZOO_API_ROOT_EXPRESSION =
	"={{ (() => { const url = String($credentials.baseUrl || '').trim().replace(/\\/+$/, ''); return /\\/v2$/.test(url) ? url : url + '/v2'; })() }}";

/** Kazoo's envelope fields an authentication failure may name, read without echoing the request. */
function refusal(error: unknown): string {
	const response = (error as { response?: { status?: number; data?: unknown } }).response;
	const cause = (error as { cause?: { response?: { status?: number; data?: unknown } } }).cause?.response;
	const status = response?.status ?? cause?.status ?? (error as { httpCode?: string }).httpCode;
	const data = (response?.data ?? cause?.data) as { message?: unknown } | undefined;
	const atom = typeof data?.message === 'string' ? data.message.slice(0, 60) : undefined;
	return [status ? `HTTP ${String(status)}` : undefined, atom].filter(Boolean).join(', ') || 'no answer';
}

/**
 * Signs in once (PUT /v2/api_auth or /v2/user_auth) and returns the token. n8n calls this only when
 * the stored token is empty or a request was refused with 401, never in a loop: each sign-in costs
 * 35 tokens of Kazoo's rate-limit bucket. The error says why without the key or the password hash,
 * which Kazoo may echo in its answer.
 */
export async function signIn(
	helper: IHttpRequestHelper,
	baseUrl: unknown,
	path: '/api_auth' | '/user_auth',
	data: Record<string, string>,
	what: string,
): Promise<{ authToken: string }> {
	const response = (await helper.helpers
		.httpRequest({ method: 'PUT', url: `${kazooApiRoot(baseUrl)}${path}`, body: { data }, json: true })
		.catch((error: unknown) => ({ refused: refusal(error) }))) as { auth_token?: unknown; refused?: string };
	if (response?.refused !== undefined) {
		throw new Error(`Kazoo refused the sign-in with the ${what} (${response.refused}): check the credential`);
	}
	if (typeof response?.auth_token !== 'string' || response.auth_token === '') {
		throw new Error(`Kazoo's sign-in answer had no auth_token: check the credential's Base URL`);
	}
	return { authToken: response.auth_token };
}
