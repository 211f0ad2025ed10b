import type { IHttpRequestHelper, INodeProperties } from 'n8n-workflow';

/** VoIPbin's per-customer rate limit (GCRA): 16.7 requests a second, bursts of 33. */
export const DEFAULT_REQUESTS_PER_SECOND = 16.7;
export const DEFAULT_BURST = 33;

/** Fields both VoIPbin credentials share: where the API is, and the request rate. */
export const voipbinConnectionFields: INodeProperties[] = [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: 'https://api.voipbin.net',
		required: true,
		placeholder: 'https://api.voipbin.net',
		description:
			'The root of the VoIPbin API, without /v1.0 (it is removed when present). Change it only for a self-hosted VoIPbin.',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 1 },
		default: DEFAULT_REQUESTS_PER_SECOND,
		description:
			"VoIPbin limits each customer to 16.7 requests a second by default. The node spreads loops of requests so they stay under this. 0 turns pacing off.",
	},
	{
		displayName: 'Burst',
		name: 'burst',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_BURST,
		description: 'How many requests VoIPbin lets through at once before the rate applies (33 by default)',
	},
];

/** The API root (no trailing slash, no /v1.0), from the Base URL as typed. */
export function voipbinRoot(baseUrl: unknown): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/v1\.0$/, '');
}

/** The same as an n8n expression, for the credential test request. */
export const VOIPBIN_API_EXPRESSION =
	"={{ String($credentials.baseUrl || '').trim().replace(/\\/+$/, '').replace(/\\/v1\\.0$/, '') + '/v1.0' }}";

function statusOf(error: unknown): number | undefined {
	for (let current = error, depth = 0; current && depth < 4; depth++) {
		const status = (current as { response?: { status?: unknown } }).response?.status;
		if (typeof status === 'number') return status;
		const code = Number((current as { httpCode?: unknown }).httpCode);
		if (Number.isInteger(code) && code >= 100) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Signs in once (POST /auth/login at the API root: under /v1.0 it is a 404) and returns the JWT.
 * n8n calls this only when the stored token is empty or a request was refused with 401. A failed
 * login is a bare 400 with an empty body, so the message says what it means. Neither the password
 * nor the token ever goes into the message.
 */
export async function logIn(
	helper: IHttpRequestHelper,
	baseUrl: unknown,
	username: unknown,
	password: unknown,
): Promise<{ token: string }> {
	const url = `${voipbinRoot(baseUrl)}/auth/login`;
	const answer = (await helper.helpers
		.httpRequest({
			method: 'POST',
			url,
			body: { username: String(username ?? '').trim(), password: String(password ?? '') },
			json: true,
		})
		.catch((error: unknown) => ({ failedWith: statusOf(error) ?? 0 }))) as { token?: unknown; failedWith?: number };
	if (answer?.failedWith !== undefined) {
		const status = answer.failedWith;
		if (status === 400) {
			throw new Error('VoIPbin refused the login: wrong username or password (HTTP 400). Check the credential.');
		}
		if (status === 404) {
			throw new Error(
				`VoIPbin has no login at ${url} (HTTP 404): set the credential's Base URL to the API root, such as https://api.voipbin.net`,
			);
		}
		if (status === 429) throw new Error('VoIPbin refused the login for now: too many logins from this address (HTTP 429). Try again in a minute.');
		throw new Error(
			status
				? `VoIPbin's login failed (HTTP ${status}): check the credential's Base URL, or try again later`
				: `Could not reach VoIPbin's login at ${url}: check the credential's Base URL and the network`,
		);
	}
	if (typeof answer?.token !== 'string' || answer.token === '') {
		throw new Error("VoIPbin's login answer had no token: check the credential's Base URL");
	}
	return { token: answer.token };
}
