'use strict';
/**
 * The second origin: a stand-in for Google Cloud Storage, where `GET /v1.0/recordingfiles/{id}` redirects to
 * [research §3.6; vb: server/recordingfiles.go `c.Redirect(307, downloadURI)`, storagehandler/compressfile.go,
 * filehandler/bucketfile.go SigningSchemeV4]. It serves objects under V4-style signed URLs:
 *   /<bucket>/<object>?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=…&X-Goog-Date=…&X-Goog-Expires=86400
 *     &X-Goog-SignedHeaders=host&X-Goog-Signature=…
 * The signature is checked, the URL expires `X-Goog-Expires` seconds after `X-Goog-Date` (sandbox clock), and errors
 * are GCS's XML bodies. It never needs a credential: the URL is the authorisation.
 */
const crypto = require('node:crypto');

const SIGNER = 'sandbox-signer@voipbin-sandbox.iam.gserviceaccount.com';

function gcsError(status, code, message, details) {
	const body =
		"<?xml version='1.0' encoding='UTF-8'?>" +
		`<Error><Code>${code}</Code><Message>${message}</Message>${details ? `<Details>${details}</Details>` : ''}</Error>`;
	return { status, body: Buffer.from(body), headers: { 'content-type': 'application/xml; charset=UTF-8' } };
}

/** `20261130T120000Z` */
const compactDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function parseCompactDate(text) {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
	return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

function createStorage({ clock, secret }) {
	/** `/<bucket>/<object>` → { contentType, build(): Buffer } */
	const objects = new Map();

	const signatureOf = (path, date, expires) =>
		crypto.createHmac('sha256', secret).update(`GET\n${path}\n${date}\n${expires}`).digest('hex');

	return {
		objects,
		/** Stores an object (bytes built when fetched) and returns its signed URL on `origin`, valid `ttlSeconds`. */
		put(origin, path, object, ttlSeconds) {
			objects.set(path, object);
			const date = compactDate(clock.now());
			const query = new URLSearchParams({
				'X-Goog-Algorithm': 'GOOG4-RSA-SHA256',
				'X-Goog-Credential': `${SIGNER}/${date.slice(0, 8)}/auto/storage/goog4_request`,
				'X-Goog-Date': date,
				'X-Goog-Expires': String(ttlSeconds),
				'X-Goog-SignedHeaders': 'host',
				'X-Goog-Signature': signatureOf(path, date, String(ttlSeconds)),
			});
			return `${origin}${path}?${query}`;
		},
		/**
		 * Answers a storage request: { status, headers, body } (body a Buffer). GET and HEAD only; `Range: bytes=`
		 * as GCS supports it.
		 */
		answer(method, url, rangeHeader) {
			const q = url.searchParams;
			const path = decodeURIComponent(url.pathname);
			if (!q.has('X-Goog-Signature')) {
				return gcsError(403, 'AccessDenied', 'Access denied.', 'Anonymous caller does not have storage.objects.get access to the Google Cloud Storage object.');
			}
			const date = q.get('X-Goog-Date');
			const expires = q.get('X-Goog-Expires');
			const expected = signatureOf(path, date, expires);
			if ((method !== 'GET' && method !== 'HEAD') || q.get('X-Goog-Signature') !== expected) {
				return gcsError(403, 'SignatureDoesNotMatch', 'Access denied.', 'The request signature we calculated does not match the signature you provided.');
			}
			const signedAt = parseCompactDate(date);
			const expiresAt = signedAt + Number(expires) * 1000;
			if (signedAt === undefined || !(clock.now() < expiresAt)) {
				return gcsError(400, 'ExpiredToken', 'Invalid argument.', `The provided token has expired. Request signature expired at: ${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, '+00:00')}`);
			}
			const object = objects.get(path);
			if (!object) return gcsError(404, 'NoSuchKey', 'The specified key does not exist.', `No such object: ${path.slice(1)}`);
			const bytes = object.build();
			const headers = {
				'content-type': object.contentType,
				etag: `"${crypto.createHash('md5').update(bytes).digest('hex')}"`,
				'accept-ranges': 'bytes',
				'x-goog-stored-content-length': String(bytes.length),
			};
			const range = /^bytes=(\d*)-(\d*)$/.exec(rangeHeader ?? '');
			if (rangeHeader && range && (range[1] !== '' || range[2] !== '')) {
				const start = range[1] === '' ? Math.max(0, bytes.length - Number(range[2])) : Number(range[1]);
				const end = range[1] === '' || range[2] === '' ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1);
				if (start >= bytes.length || start > end) {
					return { ...gcsError(416, 'InvalidRange', 'The requested range cannot be satisfied.'), headers: { 'content-type': 'application/xml; charset=UTF-8', 'content-range': `bytes */${bytes.length}` } };
				}
				return { status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}` }, body: bytes.subarray(start, end + 1) };
			}
			return { status: 200, headers, body: bytes };
		},
	};
}

module.exports = { createStorage, gcsError };
