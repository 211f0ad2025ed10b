'use strict';
/**
 * Who is calling: logins, JWTs and access keys [research §3.2].
 *
 * - `POST /auth/login` {"username","password"} → {"username","token"} + `Set-Cookie: token=…` [vb: lib/service/auth.go].
 * - JWTs live `jwtTtlSeconds` (7 days) [vb: pkg/servicehandler/main.go TokenExpiration]; no refresh, log in again.
 * - Credentials are read in this order, first found wins [vb: lib/middleware/authenticate.go getAuthString]:
 *   cookie `token`, query `token`, `Authorization: Bearer <jwt>`; then cookie `accesskey`, query `accesskey`.
 *   An access key in a header is not read (`accesskeyInHeader: 'reject'`); `Bearer <access key>` is taken for a
 *   JWT and fails with INVALID_CREDENTIALS.
 */
const crypto = require('node:crypto');
const { ApiError } = require('./errors');

const authenticationRequired = () =>
	new ApiError(401, 'AUTHENTICATION_REQUIRED', 'Authentication is required.');
const invalidCredentials = () =>
	new ApiError(401, 'INVALID_CREDENTIALS', 'The provided credentials are invalid.');

/** Parses a Cookie header into name → value (first occurrence wins). */
function parseCookies(header) {
	const cookies = {};
	for (const part of String(header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const name = part.slice(0, eq).trim();
		if (!(name in cookies)) cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
	}
	return cookies;
}

const base64url = (value) => Buffer.from(value).toString('base64url');

function createAuth({ options, clock, deriveUuid }) {
	const jwtSecret = crypto.createHash('sha256').update(`voipbin-sandbox-jwt:${options.seed}`).digest();
	const users = new Map(
		options.users.map((u) => [u.username, { ...u, id: deriveUuid(`agent:${u.username}`), customerId: options.customerId }]),
	);
	/** token → { id, customerId, tmExpire (ms) | null, deleted } */
	const accessKeys = new Map();

	function addAccessKey({ token, expiresAt = null, customerId = options.customerId } = {}) {
		const value = token ?? `vb_${crypto.randomBytes(16).toString('base64url').replace(/[-_]/g, 'x')}`;
		accessKeys.set(value, { id: deriveUuid(`accesskey:${value}`), customerId, tmExpire: expiresAt, deleted: false });
		return value;
	}
	addAccessKey({ token: options.accessKey });

	function signJwt(user, ttlSeconds = options.jwtTtlSeconds) {
		const iat = Math.floor(clock.now() / 1000);
		const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
		const payload = base64url(
			JSON.stringify({
				agent: { id: user.id, customer_id: user.customerId, username: user.username, permission: user.permission },
				iat,
				exp: iat + ttlSeconds,
			}),
		);
		const signature = crypto.createHmac('sha256', jwtSecret).update(`${header}.${payload}`).digest('base64url');
		return `${header}.${payload}.${signature}`;
	}

	function verifyJwt(token) {
		const parts = token.split('.');
		if (parts.length !== 3) return undefined;
		const expected = crypto.createHmac('sha256', jwtSecret).update(`${parts[0]}.${parts[1]}`).digest();
		const given = Buffer.from(parts[2], 'base64url');
		if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
		let claims;
		try {
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		} catch {
			return undefined;
		}
		if (typeof claims.exp !== 'number' || claims.exp * 1000 <= clock.now()) return undefined;
		return claims;
	}

	function identityOfAccessKey(value) {
		const key = accessKeys.get(value);
		if (!key || key.deleted || (key.tmExpire !== null && key.tmExpire <= clock.now())) throw invalidCredentials();
		// An access key acts for its customer with the customer's full rights.
		return { kind: 'accesskey', customerId: key.customerId, permission: 'CustomerAdmin', name: key.id };
	}

	/** The caller of an API request, or an ApiError (401). */
	function authenticate(req, url) {
		const cookies = parseCookies(req.headers.cookie);
		const authorization = String(req.headers.authorization ?? '');
		const scheme = /^(\S+)\s+(.+)$/.exec(authorization.trim());
		const headerValue = scheme ? scheme[2] : '';
		const headerScheme = scheme ? scheme[1].toLowerCase() : '';
		if (options.accesskeyInHeader === 'accept') {
			// The architecture page's `Authorization: AccessKey …`, and a key sent as a Bearer value.
			if (headerScheme === 'accesskey' || (headerScheme === 'bearer' && accessKeys.has(headerValue))) {
				return identityOfAccessKey(headerValue);
			}
		}
		const token =
			cookies.token || url.searchParams.get('token') || (headerScheme === 'bearer' ? headerValue : '');
		if (token) {
			const claims = verifyJwt(token);
			const user = claims && users.get(claims.agent?.username);
			if (!user) throw invalidCredentials();
			return { kind: 'agent', customerId: user.customerId, permission: user.permission, name: user.username };
		}
		const accessKey = cookies.accesskey || url.searchParams.get('accesskey');
		if (accessKey) return identityOfAccessKey(accessKey);
		throw authenticationRequired();
	}

	/** The user for a login body, or undefined. */
	function login(username, password) {
		const user = users.get(username);
		if (!user || user.password !== password) return undefined;
		return user;
	}

	/** Every secret a client could leak: passwords, access keys, and the JWTs it was given. */
	const issuedTokens = new Set();

	return {
		users,
		accessKeys,
		addAccessKey,
		authenticate,
		login,
		issueToken(username = options.users[0].username, ttlSeconds) {
			const user = users.get(username);
			if (!user) throw new Error(`No sandbox user ${username}`);
			const token = signJwt(user, ttlSeconds);
			issuedTokens.add(token);
			return token;
		},
		secrets() {
			return [...issuedTokens, ...accessKeys.keys(), ...[...users.values()].map((u) => u.password)];
		},
	};
}

module.exports = { createAuth, parseCookies };
