import { DateTime } from 'luxon';

import { httpResponseOf } from './httpFailure';

/** Retries of a request that failed on the way (5xx, reset, timeout), for idempotent requests only. */
export const MAX_TRANSIENT_RETRIES = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const TRANSIENT_STATUSES = [502, 503, 504];
const TRANSIENT_CODES = ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ESOCKETTIMEDOUT', 'ECONNREFUSED'];

/** Retry-After in ms, as seconds or an HTTP date. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (typeof header !== 'string' || header.trim() === '') return undefined;
	const text = header.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = DateTime.fromHTTP(text);
	return date.isValid ? Math.max(0, date.toMillis() - now) : undefined;
}

/** Exponential backoff with full jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
	return Math.round(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

/** Whether a failure is worth sending an idempotent request again: a gateway status, a reset, a timeout. */
export function isTransient(error: unknown): boolean {
	const status = httpResponseOf(error)?.status;
	if (status !== undefined) return TRANSIENT_STATUSES.includes(status);
	for (let current = error, depth = 0; current && depth < 4; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && TRANSIENT_CODES.includes(code)) return true;
		if (/socket hang up|timeout/i.test(String((current as Error).message ?? ''))) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}
