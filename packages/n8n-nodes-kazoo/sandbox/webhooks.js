'use strict';
/**
 * The webhooks app's side of an `object` hook (kazoo applications/webhooks/src/modules/
 * webhooks_object.erl; crossbar doc webhooks.md): when a document changes, every enabled hook of
 * the account whose `custom_data` names that `type` and `action` (or that has no `custom_data`)
 * gets `{id, account_id, action, type}` with the custom data merged over it, sent with the hook's
 * `http_verb` (post: body; get: query string) as JSON (`format: "json"`) or as a form
 * (the default), retried `retries` more times when it fails. Nothing is signed.
 *
 * Deliveries go only to loopback addresses: any other host is recorded as a failed attempt
 * without a connection, so a test can never send traffic off this machine.
 */
const http = require('node:http');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function hookMatches(hook, type, action) {
	if (hook.hook !== 'object' || hook.enabled === false) return false;
	const custom = hook.custom_data;
	if (!custom || (custom.type === undefined && custom.action === undefined)) return true;
	const typeOk = custom.type === undefined || custom.type === type;
	// "all" is documented in webhooks/doc/events/object.md; the 4.x module compares exactly.
	const actionOk = custom.action === undefined || custom.action === action || custom.action === 'all';
	return typeOk && actionOk;
}

function formEncode(payload) {
	const form = new URLSearchParams();
	for (const [k, v] of Object.entries(payload)) {
		form.append(k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
	}
	return form.toString();
}

function send(hook, payload, timeoutMs) {
	return new Promise((resolve) => {
		let target;
		try {
			target = new URL(hook.uri);
		} catch {
			resolve({ ok: false, error: 'invalid uri' });
			return;
		}
		if (target.protocol !== 'http:' || !LOOPBACK.has(target.hostname)) {
			resolve({ ok: false, error: 'nxdomain' });
			return;
		}
		const verb = (hook.http_verb ?? 'post').toUpperCase();
		const headers = { 'user-agent': 'Kazoo Webhooks (sandbox)' };
		let body;
		if (verb === 'GET') {
			for (const [k, v] of new URLSearchParams(formEncode(payload))) target.searchParams.append(k, v);
		} else if (hook.format === 'json') {
			body = JSON.stringify(payload);
			headers['content-type'] = 'application/json';
		} else {
			body = formEncode(payload);
			headers['content-type'] = 'application/x-www-form-urlencoded';
		}
		if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
		const req = http.request(target, { method: verb, headers, timeout: timeoutMs }, (res) => {
			res.resume();
			res.on('end', () =>
				resolve(res.statusCode >= 200 && res.statusCode < 300 ? { ok: true, status: res.statusCode } : { ok: false, status: res.statusCode, error: `http ${res.statusCode}` }),
			);
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (error) => resolve({ ok: false, error: error.message }));
		if (body !== undefined) req.write(body);
		req.end();
	});
}

class WebhookDispatcher {
	constructor({ now, retryDelayMs, timeoutMs, enabled }) {
		this.now = now;
		this.retryDelayMs = retryDelayMs;
		this.timeoutMs = timeoutMs;
		this.enabled = enabled;
		/** One entry per attempt, like GET …/webhooks/attempts. */
		this.attempts = [];
		this.pending = new Set();
	}

	/** Fires the matching hooks for one document change; resolves when all attempts are done. */
	fire(hooks, accountId, type, action, id) {
		if (!this.enabled()) return Promise.resolve();
		const jobs = hooks
			.filter((hook) => hookMatches(hook, type, action))
			.map((hook) => this.deliver(hook, { id, account_id: accountId, action, type, ...(hook.custom_data ?? {}) }));
		const all = Promise.all(jobs).then(() => undefined);
		this.pending.add(all);
		void all.finally(() => this.pending.delete(all));
		return all;
	}

	async deliver(hook, payload) {
		let retriesLeft = Number.isInteger(hook.retries) ? hook.retries : 2;
		for (;;) {
			const result = await send(hook, payload, this.timeoutMs);
			this.attempts.push({
				hook_id: hook.id,
				result: result.ok ? 'success' : 'failure',
				...(result.ok ? {} : { reason: 'kazoo http client error', client_error: result.error, 'retries left': retriesLeft }),
				at: this.now(),
				payload,
			});
			if (result.ok || retriesLeft <= 0) return;
			retriesLeft -= 1;
			if (this.retryDelayMs > 0) await new Promise((r) => setTimeout(r, this.retryDelayMs));
		}
	}

	/** Resolves once every delivery started so far has finished (including retries). */
	async settle() {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}
}

module.exports = { WebhookDispatcher, hookMatches };
