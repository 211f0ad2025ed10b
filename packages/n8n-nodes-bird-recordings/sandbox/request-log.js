'use strict';
// The record of every request either listener received, so tests can count API requests per job
// and prove that no credential ever reached the storage origin.

/** Which credential, if any, a request carries: an Authorization header, a cookie, or the access key anywhere. */
function credentialIn(req, url, accessKey) {
	if (req.headers.authorization !== undefined) return 'authorization';
	if (req.headers.cookie !== undefined) return 'cookie';
	const everything = `${url.pathname}${url.search} ${Object.values(req.headers).join(' ')}`;
	if (everything.includes(accessKey) || everything.includes(encodeURIComponent(accessKey))) return 'access-key';
	return null;
}

function createRequestLog({ clock, accessKey }) {
	const entries = [];

	/** Logs a request as it arrives; its status is filled in when the answer is done (0 if none was sent). */
	function record(target, req, res, url) {
		const entry = {
			target,
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			rawQuery: url.search,
			headers: { ...req.headers },
			host: req.headers.host,
			status: 0,
			at: Date.now(),
			clockAt: clock.now(),
		};
		if (target === 'storage') entry.credential = credentialIn(req, url, accessKey);
		entries.push(entry);
		res.on('close', () => {
			entry.status = res.headersSent ? res.statusCode : 0;
		});
	}

	return {
		entries,
		record,
		of: (target) => entries.filter((e) => e.target === target),
		credentialReachedStorage: () => entries.some((e) => e.target === 'storage' && e.credential !== null),
		reset() {
			entries.length = 0;
		},
	};
}

module.exports = { createRequestLog };
