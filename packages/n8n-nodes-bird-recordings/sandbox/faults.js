'use strict';
// Faults a test injects: the next matching request(s) on the API or on storage are delayed, dropped,
// answered with another status, or cut short.

function createFaults() {
	const pending = [];

	const matches = (f, target, req, url) =>
		(f.target ?? 'api') === target &&
		(!f.method || f.method.toUpperCase() === req.method) &&
		(!f.path || (f.path instanceof RegExp ? f.path.test(url.pathname) : f.path === url.pathname));

	return {
		inject(fault) {
			pending.push({ times: 1, ...fault });
		},
		clear() {
			pending.length = 0;
		},
		/** The first fault this request matches, counted as used once. */
		take(target, req, url) {
			const at = pending.findIndex((f) => matches(f, target, req, url));
			if (at === -1) return undefined;
			const fault = pending[at];
			fault.times -= 1;
			if (fault.times <= 0) pending.splice(at, 1);
			return fault;
		},
	};
}

module.exports = { createFaults };
