'use strict';
/**
 * Crossbar's rate limiting (doc applications/crossbar/doc/rate_limiting.md; code cb_modules_util.erl
 * bucket_name, kz_buckets): one token bucket per "client IP/account id" ("IP/no_account" for
 * requests without an account, such as PUT /v2/user_auth), `capacity` tokens, refilled by `refill`
 * tokens every whole second, each request costs 1 and an authentication 35
 * (`user_auth_tokens`/`api_auth_tokens`). The refill follows the sandbox clock, so a test can move
 * time instead of waiting.
 */
class TokenBuckets {
	constructor({ capacity, refillPerSecond }, now) {
		this.capacity = capacity;
		this.refillPerSecond = refillPerSecond;
		this.now = now;
		this.buckets = new Map();
	}

	bucket(name) {
		let b = this.buckets.get(name);
		const now = this.now();
		if (!b) {
			b = { tokens: this.capacity, filledAt: now };
			this.buckets.set(name, b);
		}
		const seconds = Math.floor((now - b.filledAt) / 1000);
		if (seconds > 0) {
			b.tokens = Math.min(this.capacity, b.tokens + seconds * this.refillPerSecond);
			b.filledAt += seconds * 1000;
		}
		if (b.tokens >= this.capacity) b.filledAt = now;
		return b;
	}

	/**
	 * Takes `cost` tokens. When fewer are left the request is refused and, like kz_buckets
	 * `consume_tokens_until`, what was left is used up.
	 */
	consume(name, cost) {
		const b = this.bucket(name);
		if (b.tokens >= cost) {
			b.tokens -= cost;
			return { ok: true, consumed: cost, remaining: b.tokens };
		}
		const consumed = b.tokens;
		b.tokens = 0;
		return { ok: false, consumed, remaining: 0 };
	}

	remaining(name) {
		return this.bucket(name).tokens;
	}

	reset() {
		this.buckets.clear();
	}
}

module.exports = { TokenBuckets };
