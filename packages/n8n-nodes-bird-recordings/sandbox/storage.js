'use strict';
// The second origin: an S3-like object store that serves recording media (and transcript files)
// under pre-signed URLs, as Bird's `url` member and its `.mp3` redirect point to
// `…s3.eu-west-1.amazonaws.com/…?X-Amz-Algorithm=AWS4-HMAC-SHA256&…&X-Amz-Expires=600&…` [seed 003].
// Behaviour copied from S3's documented query authentication (research notes §2.3, [inference]):
//   - a request with both an Authorization header and query auth is refused: 400 InvalidArgument;
//   - a changed URL fails its signature: 403 SignatureDoesNotMatch;
//   - after X-Amz-Expires seconds from X-Amz-Date: 403 AccessDenied "Request has expired";
//   - an object deleted since: 404 NoSuchKey.
const crypto = require('node:crypto');
const { sendBuffer, streamChunks } = require('./respond');

const REGION = 'eu-west-1';
const ACCESS_KEY_ID = 'ASIASANDBOXBIRDMEDIA';

const pad = (n) => String(n).padStart(2, '0');

/** `20231024T192759Z`, the X-Amz-Date format. */
function amzDate(ms) {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

function parseAmzDate(text) {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
	return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

const xmlEscape = (text) => String(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

class StorageError extends Error {
	constructor(status, code, message, extra = {}) {
		super(message);
		this.status = status;
		this.code = code;
		this.extra = extra;
	}
}

/**
 * @param {object} settings
 * @param {{now(): number}} settings.clock
 * @param {number} settings.ttlSeconds              X-Amz-Expires of the URLs it signs
 * @param {boolean} settings.rejectAuthorization    refuse Authorization + query auth, as S3 does
 * @param {(key: string) => ({size: number, contentType: string, chunks: () => Iterable<Buffer>} | undefined)} settings.findObject
 */
function createStorage({ clock, ttlSeconds, rejectAuthorization, findObject }) {
	const secret = crypto.randomBytes(32);
	const sessionToken = Buffer.from(`sandbox-session-${crypto.randomBytes(24).toString('hex')}`).toString('base64');

	const sign = (key, date, expires, credential) =>
		crypto.createHmac('sha256', secret).update([key, date, expires, credential].join('\n')).digest('hex');

	/** A pre-signed GET URL for `key` (path segments unencoded), valid `ttlSeconds` from now. */
	function presign(origin, key) {
		const now = clock.now();
		const date = amzDate(now);
		const credential = `${ACCESS_KEY_ID}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`;
		const path = key.split('/').map(encodeURIComponent).join('/');
		const query = new URLSearchParams({
			'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
			'X-Amz-Credential': credential,
			'X-Amz-Date': date,
			'X-Amz-Expires': String(ttlSeconds),
			'X-Amz-Security-Token': sessionToken,
			'X-Amz-SignedHeaders': 'host',
			'x-id': 'GetObject',
		});
		query.set('X-Amz-Signature', sign(key, date, String(ttlSeconds), credential));
		return `${origin}/${path}?${query.toString().replace(/\+/g, '%20')}`;
	}

	function authorize(req, url) {
		const q = url.searchParams;
		const hasQueryAuth = q.has('X-Amz-Algorithm') || q.has('X-Amz-Signature');
		if (hasQueryAuth && req.headers.authorization !== undefined && rejectAuthorization) {
			throw new StorageError(
				400,
				'InvalidArgument',
				'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
				{ ArgumentName: 'Authorization', ArgumentValue: req.headers.authorization },
			);
		}
		if (!hasQueryAuth) throw new StorageError(403, 'AccessDenied', 'Access Denied');
		const date = q.get('X-Amz-Date');
		const expires = q.get('X-Amz-Expires');
		const credential = q.get('X-Amz-Credential');
		const signedAt = parseAmzDate(date);
		if (signedAt === undefined || !/^\d+$/.test(expires ?? '') || !credential || !q.get('X-Amz-Signature')) {
			throw new StorageError(400, 'AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
		}
		const key = decodeURIComponent(url.pathname.slice(1));
		const expected = sign(key, date, expires, credential);
		const given = q.get('X-Amz-Signature');
		if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
			throw new StorageError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
		}
		const expiresAt = signedAt + Number(expires) * 1000;
		if (clock.now() > expiresAt) {
			throw new StorageError(403, 'AccessDenied', 'Request has expired', {
				'X-Amz-Expires': expires,
				Expires: new Date(expiresAt).toISOString(),
				ServerTime: new Date(clock.now()).toISOString(),
			});
		}
		return key;
	}

	function sendError(exchange, error) {
		const requestId = crypto.randomBytes(8).toString('hex').toUpperCase();
		const extra = Object.entries(error.extra)
			.map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
			.join('');
		const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>sandbox</HostId></Error>`;
		sendBuffer(exchange, error.status, Buffer.from(xml), {
			'content-type': 'application/xml',
			'x-amz-request-id': requestId,
		});
	}

	async function handle(exchange) {
		const { req, url } = exchange;
		try {
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				throw new StorageError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: req.method, ResourceType: 'OBJECT' });
			}
			const key = authorize(req, url);
			const object = findObject(key);
			if (!object) throw new StorageError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
			await streamChunks(exchange, 200, object.size, object.chunks(), {
				'content-type': object.contentType,
				etag: `"${crypto.createHash('md5').update(key).digest('hex')}"`,
				'last-modified': new Date(object.modifiedAt).toUTCString(),
				'accept-ranges': 'bytes',
				'x-amz-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
			});
		} catch (error) {
			if (!(error instanceof StorageError)) throw error;
			sendError(exchange, error);
		}
	}

	return { presign, handle };
}

module.exports = { createStorage, amzDate, parseAmzDate };
