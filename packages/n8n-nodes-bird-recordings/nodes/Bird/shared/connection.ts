import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { nodeSetting, parseBaseUrl, type ApiConnection, type ApiFunctions } from '../../../core/api';
import { InvalidInputError } from '../../../core/validation';
import { requireUuid } from './ids';
import { birdWording } from './wording';

export const CREDENTIAL_TYPE = 'birdRecordingsApi';

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 120;
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** A Bird connection: the core's, plus the workspace every path is under. */
export interface BirdApi extends ApiConnection {
	workspaceId: string;
}

export async function getBirdApi(this: ApiFunctions): Promise<BirdApi> {
	const node = this.getNode();
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const { baseUrl, origin } = parseBaseUrl(credentials.baseUrl ?? 'https://api.bird.com');
	if (!origin) {
		throw new NodeOperationError(
			node,
			`The credential's Base URL is not a URL: "${String(credentials.baseUrl ?? '').slice(0, 80)}". Set it to https://api.bird.com`,
		);
	}
	const workspaceId = requireUuid(credentials.workspaceId, 'Workspace ID (in the credential)');
	const perSecond = Number(credentials.requestsPerSecond ?? 10);
	if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > 1000) {
		throw new InvalidInputError('Requests per Second', "The credential's Requests per Second must be a number from 0 to 1000");
	}
	const options = nodeSetting(this, 'requestOptions', {}) as IDataObject;
	const maxWait = Number(options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
	const timeout = Number(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(maxWait) || maxWait < 0 || maxWait > 86_400) {
		throw new InvalidInputError('Max Wait on Rate Limit (Seconds)', 'Max Wait on Rate Limit (Seconds) must be from 0 to 86400');
	}
	if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) {
		throw new InvalidInputError('Timeout (Seconds)', 'Timeout (Seconds) must be a number of seconds above 0, at most 86400');
	}
	// Whole requests per window: a fraction per second becomes one request per longer window.
	const quota =
		perSecond === 0
			? { requests: 0, windowMs: 1000 }
			: perSecond >= 1
				? { requests: Math.floor(perSecond), windowMs: 1000 }
				: { requests: 1, windowMs: Math.ceil(1000 / perSecond) };
	const credentialId = node.credentials?.[CREDENTIAL_TYPE]?.id ?? baseUrl;
	return {
		baseUrl,
		origin,
		workspaceId,
		credentialType: CREDENTIAL_TYPE,
		quota: { ...quota, key: `${CREDENTIAL_TYPE}:${credentialId}:${origin}` },
		maxRateLimitWaitMs: maxWait * 1000,
		timeoutMs: timeout * 1000,
		wording: birdWording,
	};
}
