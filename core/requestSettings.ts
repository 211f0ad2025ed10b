import type { IDataObject } from 'n8n-workflow';

import { nodeSetting, type ApiFunctions, type Quota } from './api';
import { InvalidInputError } from './validation';

/**
 * The settings every provider's connection reads the same way: the node's Request Options (how long
 * to wait out 429s, the request timeout) and a credential's Requests per Second as a quota window.
 */
export function requestOptionsOf(
	context: ApiFunctions,
	defaults: { maxRateLimitWaitSeconds: number; timeoutSeconds: number },
): { maxRateLimitWaitMs: number; timeoutMs: number } {
	const options = nodeSetting(context, 'requestOptions', {}) as IDataObject;
	const maxWait = Number(options.maxRateLimitWaitSeconds ?? defaults.maxRateLimitWaitSeconds);
	const timeout = Number(options.timeoutSeconds ?? defaults.timeoutSeconds);
	if (!Number.isFinite(maxWait) || maxWait < 0 || maxWait > 86_400) {
		throw new InvalidInputError('Max Wait on Rate Limit (Seconds)', 'Max Wait on Rate Limit (Seconds) must be from 0 to 86400');
	}
	if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) {
		throw new InvalidInputError('Timeout (Seconds)', 'Timeout (Seconds) must be a number of seconds above 0, at most 86400');
	}
	return { maxRateLimitWaitMs: maxWait * 1000, timeoutMs: timeout * 1000 };
}

/**
 * A credential's Requests per Second as a quota: whole requests per window, so a fraction per second
 * becomes one request per longer window; 0 turns pacing off.
 */
export function perSecondQuota(value: unknown, key: string): Quota {
	const perSecond = Number(value);
	if (value === '' || value === null || typeof value === 'boolean' || !Number.isFinite(perSecond) || perSecond < 0 || perSecond > 1000) {
		throw new InvalidInputError('Requests per Second', "The credential's Requests per Second must be a number from 0 to 1000");
	}
	if (perSecond === 0) return { requests: 0, windowMs: 1000, key };
	if (perSecond >= 1) return { requests: Math.floor(perSecond), windowMs: 1000, key };
	return { requests: 1, windowMs: Math.ceil(1000 / perSecond), key };
}
