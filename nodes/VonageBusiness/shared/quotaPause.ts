import { sleep } from 'n8n-workflow';

/**
 * What a 429 teaches the pacer. The pacer counts only this process's requests; in n8n's queue mode every
 * worker has its own, and all of them spend one token's quota. When VBC answers 429, the quota is used up
 * for everyone, so:
 * - no request of this credential in this process goes before the server's Retry-After;
 * - processes told the same whole second do not all come back in the same millisecond (jitter);
 * - after the pause one request goes first, and the others wait for its answer: if the quota is still
 *   taken by another worker, one request learns it, not a whole burst.
 */

interface Pause {
	until: number;
	/** The request sent first after the pause; the others wait until it is answered. */
	probe?: Promise<void>;
	endProbe?: () => void;
}

/** Per credential (the pacer's key). */
const pauses = new Map<string, Pause>();

/** Extra wait after Retry-After: up to this share of it, and up to at least MIN_JITTER_MS. */
const JITTER_SHARE = 0.25;
const MIN_JITTER_MS = 500;

/**
 * The wait after a 429 with Retry-After: what the server asked plus a random part, so that workers told
 * the same whole second spread out instead of retrying in lockstep.
 */
export function retryAfterWithJitter(askedMs: number, random: () => number = Math.random): number {
	return Math.round(askedMs + random() * Math.max(MIN_JITTER_MS, askedMs * JITTER_SHARE));
}

/** VBC answered 429: holds back every request of this credential in this process for `waitMs`. */
export function pauseQuota(key: string, waitMs: number, now = Date.now()): void {
	const previous = pauses.get(key);
	pauses.set(key, { until: Math.max(previous?.until ?? 0, now + waitMs) });
	// A probe that got this 429 is over: whoever waited for it waits for the new pause.
	previous?.endProbe?.();
}

/** A request of this credential was answered with anything but 429: the quota is back, the pause ends. */
export function quotaAnswered(key: string): void {
	const pause = pauses.get(key);
	if (!pause?.probe) return;
	pauses.delete(key);
	pause.endProbe?.();
}

/** Resolves when a request of this credential may go: no pause, or this request is the probe. */
export async function waitOutQuotaPause(key: string): Promise<void> {
	for (;;) {
		const pause = pauses.get(key);
		if (pause === undefined) return;
		const now = Date.now();
		if (pause.until > now) {
			await sleep(pause.until - now);
			continue;
		}
		if (pause.probe === undefined) {
			pause.probe = new Promise<void>((resolve) => (pause.endProbe = resolve));
			return;
		}
		await pause.probe;
	}
}
