import { sleep } from 'n8n-workflow';

import type { Quota } from './api';

interface Pacer {
	/** When each request in the window was last known to be on its way: sent, then answered. */
	sent: Array<{ at: number }>;
	queue: Promise<void>;
}

/** Per quota key, process-wide: a quota belongs to a token, whichever node or execution spends it. */
const pacers = new Map<string, Pacer>();

/**
 * Waits until one more request fits in the quota window, in arrival order. A request that fits
 * goes at once; only loops that would exceed the quota are spread out. Returns `answered`, to call
 * when the server has answered: the server counts a request when it arrives, somewhere between
 * sending and answering, so the window is counted from the answer and a slow machine or network
 * never puts two requests closer together than the quota allows.
 */
export async function paceRequest(quota: Quota): Promise<() => void> {
	const { requests, windowMs, key } = quota;
	if (requests <= 0) return () => undefined;
	const pacer = pacers.get(key) ?? { sent: [], queue: Promise.resolve() };
	pacers.set(key, pacer);
	const span = windowMs * 1.02 + 50;
	const turn = pacer.queue.then(async () => {
		for (;;) {
			const now = Date.now();
			pacer.sent = pacer.sent.filter((slot) => slot.at > now - span);
			if (pacer.sent.length < requests) {
				const slot = { at: now };
				pacer.sent.push(slot);
				return slot;
			}
			await sleep(Math.min(...pacer.sent.map((slot) => slot.at)) + span - now);
		}
	});
	pacer.queue = turn.then(
		() => undefined,
		() => undefined,
	);
	const slot = await turn;
	return () => {
		slot.at = Math.max(slot.at, Date.now());
	};
}

/**
 * Counts requests a provider charged outside the pacer (an authentication that costs many tokens of
 * a token bucket) into the window, so the requests after it wait for them.
 */
export function chargeQuota(quota: Quota, requests: number): void {
	if (quota.requests <= 0 || requests <= 0) return;
	const pacer = pacers.get(quota.key) ?? { sent: [], queue: Promise.resolve() };
	pacers.set(quota.key, pacer);
	const now = Date.now();
	for (let i = 0; i < requests; i++) pacer.sent.push({ at: now });
}
