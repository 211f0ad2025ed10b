import { NodeOperationError } from 'n8n-workflow';

import { parseBaseUrl, type ApiConnection, type ApiFunctions } from '../../../core/api';
import { perSecondQuota, requestOptionsOf } from '../../../core/requestSettings';
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
	const credentialId = node.credentials?.[CREDENTIAL_TYPE]?.id ?? baseUrl;
	return {
		baseUrl,
		origin,
		workspaceId,
		credentialType: CREDENTIAL_TYPE,
		quota: perSecondQuota(credentials.requestsPerSecond ?? 10, `${CREDENTIAL_TYPE}:${credentialId}:${origin}`),
		...requestOptionsOf(this, {
			maxRateLimitWaitSeconds: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
			timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
		}),
		wording: birdWording,
	};
}
