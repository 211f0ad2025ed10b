'use strict';
/**
 * VoIPbin's rate limits: a generic cell-rate algorithm (GCRA) per key, as the server runs it in Redis
 * [research §3.4; vb: lib/middleware/ratelimit.go, customer_ratelimit.go]. A key may send `burst` requests at
 * once and then `perSecond` a second. A refused request is told how long to wait, in whole seconds, rounded up,
 * which the server sends as `Retry-After`.
 *
 * Time here is real time (Date.now()), not the sandbox clock: clients pace themselves with real sleeps.
 */
function createRateLimiter(limit) {
	const intervalMs = 1000 / limit.perSecond;
	const toleranceMs = intervalMs * limit.burst;
	const theoreticalArrival = new Map();
	return {
		/** Counts a request for `key`; returns 0 when allowed, else the seconds to wait (≥ 1). */
		take(key, nowMs = Date.now()) {
			const tat = Math.max(theoreticalArrival.get(key) ?? nowMs, nowMs);
			const next = tat + intervalMs;
			if (next - nowMs > toleranceMs + 1e-6) { // epsilon: sums of float intervals drift
				return Math.max(1, Math.ceil((next - toleranceMs - nowMs) / 1000));
			}
			theoreticalArrival.set(key, next);
			return 0;
		},
		reset() {
			theoreticalArrival.clear();
		},
	};
}

module.exports = { createRateLimiter };
