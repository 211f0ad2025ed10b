import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { nodeSetting, parseBaseUrl, type ApiConnection, type ApiFunctions } from '../../../core/api';
import { InvalidInputError } from '../../../core/validation';
import { DEFAULT_BURST, DEFAULT_REQUESTS_PER_SECOND, voipbinRoot } from '../../../credentials/voipbinConnection';
import { voipbinWording } from './wording';

export const ACCESS_KEY_CREDENTIAL = 'voipbinAccessKeyApi';
export const LOGIN_CREDENTIAL = 'voipbinLoginApi';

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 60;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export function credentialTypeOf(node: INode): string {
	return node.parameters.authentication === 'login' ? LOGIN_CREDENTIAL : ACCESS_KEY_CREDENTIAL;
}

function numberSetting(value: unknown, fallback: number): number {
	return value === undefined || value === null || value === '' ? fallback : Number(value);
}

/**
 * VoIPbin's GCRA limit (a rate and a burst) as the core pacer's window: at most `burst` requests in
 * any `burst / rate` seconds never goes past the limit, and lets a burst through at once.
 */
export function quotaOf(requestsPerSecond: number, burst: number): { requests: number; windowMs: number } {
	if (requestsPerSecond === 0) return { requests: 0, windowMs: 1000 };
	return { requests: burst, windowMs: Math.ceil((burst * 1000) / requestsPerSecond) };
}

/** The connection every operation uses: the API under /v1.0, the credential's origin, pacing, wording. */
export async function getVoipbinApi(this: ApiFunctions): Promise<ApiConnection> {
	const node = this.getNode();
	const credentialType = credentialTypeOf(node);
	const credentials = await this.getCredentials(credentialType);
	const root = voipbinRoot(credentials.baseUrl);
	const { origin } = parseBaseUrl(root);
	if (!origin) {
		throw new NodeOperationError(
			node,
			`The credential's Base URL is not a URL: "${String(credentials.baseUrl ?? '').slice(0, 80)}". Set it to the VoIPbin API root, such as https://api.voipbin.net`,
		);
	}
	const perSecond = numberSetting(credentials.requestsPerSecond, DEFAULT_REQUESTS_PER_SECOND);
	if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > 1000) {
		throw new InvalidInputError('Requests per Second', "The credential's Requests per Second must be a number from 0 to 1000");
	}
	const burst = numberSetting(credentials.burst, DEFAULT_BURST);
	if (!Number.isInteger(burst) || burst < 1 || burst > 1000) {
		throw new InvalidInputError('Burst', "The credential's Burst must be a whole number from 1 to 1000");
	}
	const options = nodeSetting(this, 'requestOptions', {}) as IDataObject;
	const maxWait = numberSetting(options.maxRateLimitWaitSeconds, DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
	const timeout = numberSetting(options.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(maxWait) || maxWait < 0 || maxWait > 86_400) {
		throw new InvalidInputError('Max Wait on Rate Limit (Seconds)', 'Max Wait on Rate Limit (Seconds) must be a number from 0 to 86400');
	}
	if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) {
		throw new InvalidInputError('Timeout (Seconds)', 'Timeout (Seconds) must be a number of seconds above 0, at most 86400');
	}
	// One quota per customer: VoIPbin counts an access key and its agents' logins together, per credential here.
	const credentialId = node.credentials?.[credentialType]?.id ?? root;
	return {
		baseUrl: `${root}/v1.0`,
		origin,
		credentialType,
		quota: { ...quotaOf(perSecond, burst), key: `${credentialType}:${credentialId}:${origin}` },
		maxRateLimitWaitMs: maxWait * 1000,
		timeoutMs: timeout * 1000,
		wording: voipbinWording,
	};
}
