import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseBaseUrl, readRequestOptions, type ApiConnection, type ApiFunctions } from '../../../core/api';
import { InvalidInputError } from '../../../core/validation';
import { kazooApiRoot } from '../../../credentials/kazooConnection';
import { requireKazooId } from './ids';
import { kazooWording } from './wording';

export const API_KEY_CREDENTIAL = 'kazooApiKeyApi';
export const USER_CREDENTIAL = 'kazooUserApi';

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 60;
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** A Kazoo connection: the core's, plus the account every path is under. */
export interface KazooApi extends ApiConnection {
	accountId: string;
}

export function credentialTypeOf(node: INode): string {
	return node.parameters.authentication === 'user' ? USER_CREDENTIAL : API_KEY_CREDENTIAL;
}

export async function getKazooApi(this: ApiFunctions): Promise<KazooApi> {
	const node = this.getNode();
	const credentialType = credentialTypeOf(node);
	const credentials = await this.getCredentials(credentialType);
	const { baseUrl, origin } = parseBaseUrl(kazooApiRoot(credentials.baseUrl));
	if (!origin) {
		throw new NodeOperationError(
			node,
			`The credential's Base URL is not a URL: "${String(credentials.baseUrl ?? '').slice(0, 80)}". Set it to your Crossbar API, such as https://pbx.example.com:8443/v2`,
		);
	}
	const accountId = requireKazooId(credentials.accountId, 'Account ID (in the credential)');
	const perSecond = Number(credentials.requestsPerSecond ?? 10);
	if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > 1000) {
		throw new InvalidInputError('Requests per Second', "The credential's Requests per Second must be a number from 0 to 1000");
	}
	const { maxRateLimitWaitMs, timeoutMs } = readRequestOptions(this, {
		maxWaitSeconds: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
		timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
	});
	// Whole requests per window: a fraction per second becomes one request per longer window.
	const quota =
		perSecond === 0
			? { requests: 0, windowMs: 1000 }
			: perSecond >= 1
				? { requests: Math.floor(perSecond), windowMs: 1000 }
				: { requests: 1, windowMs: Math.ceil(1000 / perSecond) };
	const credentialId = node.credentials?.[credentialType]?.id ?? baseUrl;
	return {
		baseUrl,
		origin,
		accountId,
		credentialType,
		quota: { ...quota, key: `${credentialType}:${credentialId}:${origin}:${accountId}` },
		maxRateLimitWaitMs,
		timeoutMs,
		wording: kazooWording,
	};
}
