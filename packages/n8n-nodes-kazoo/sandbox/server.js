'use strict';
/**
 * A local 2600Hz Kazoo Crossbar API (v2) for call recordings, written from the research notes
 * (../../../../shared/reference/providers-research.md §1, §4) and seed 002 (the 2600Hz "Call
 * Recordings" page), never from the node. Each behaviour names its source in README.md.
 *
 * Serves, under `${url}/v2`:
 *   PUT /user_auth, PUT /api_auth, GET|DELETE /token_auth,
 *   GET /accounts/{A}, GET /accounts/{A}/users,
 *   GET /accounts/{A}/recordings, GET /accounts/{A}/users/{U}/recordings,
 *   GET|PATCH|DELETE /accounts/{A}/recordings/{R} (GET gives JSON or audio by Accept),
 *   GET|PUT /accounts/{A}/webhooks, GET /accounts/{A}/webhooks/attempts,
 *   GET|DELETE /accounts/{A}/webhooks/{W}
 * and, on a second listener (`storageUrl`), signed audio URLs for the `audioStorage: 'redirect'` switch.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { mp3Chunks } = require('../../../sandbox/mp3');
const { seededRandom } = require('./random');
const { wavChunks } = require('./wav');
const { encodeStartKey, decodeStartKey } = require('./erlang-term');
const { CouchView } = require('./couch-view');
const { TokenBuckets } = require('./token-bucket');
const { WebhookDispatcher } = require('./webhooks');
const { recordingAction, headerIsAcceptable } = require('./accept');
const { makeRecording, attachmentFor, toGregorian, hex } = require('./recording-doc');

const API_PREFIX = '/v2';
/** crossbar.maximum_range: 31 days + 1 hour (crossbar.hrl MAX_RANGE). */
const MAX_RANGE_SECONDS = 2_682_000;
const WEBHOOK_HOOKS = ['object', 'channel_create', 'channel_answer', 'channel_destroy', 'notifications', 'parking'];

class KazooError extends Error {
	/** A Crossbar error envelope: `{data, error: "<status>", message, status: "error"}`. */
	constructor(status, message, data, headers = {}) {
		super(`${status} ${message}`);
		this.status = status;
		this.kazooMessage = message;
		this.data = data;
		this.headers = headers;
	}
}

const badIdentifier = (id) => new KazooError(404, 'bad_identifier', { cause: id, message: 'bad identifier' });
const validationError = (field, code, detail) =>
	new KazooError(400, 'validation error', { [field]: { [code]: detail } });

function defaultOptions() {
	return {
		port: 0,
		storagePort: 0,
		host: '127.0.0.1',
		seed: 42,
		/** How many recordings to seed, one every `seedSpacingSeconds` back from `now`. */
		recordings: 25,
		seedSpacingSeconds: 3600,
		/** The clock starts here; seeded recordings end before it. */
		now: Date.UTC(2026, 10, 30, 12, 0, 0),
		/** Whether the clock follows real time (true) or moves only through `clock.advance()`. */
		realTime: true,
		account: {
			id: 'a2d1c4b7e9f0a3b5c6d7e8f901234567',
			name: 'Sandbox Telecom',
			realm: 'sandbox.kazoo.test',
			phoneNumber: '+14155550100',
			apiKey: 'b5f1c0a4d8e2f6a9b3c7d1e5f9a3b7c1d5e9f3a7b1c5d9e3f7a1b5c9d3e7f1a5',
		},
		users: [
			{ id: 'c1a2b3c4d5e6f708192a3b4c5d6e7f80', username: 'alice', password: 'alice-secret', first_name: 'Alice', last_name: 'Admin', priv_level: 'admin' },
			{ id: 'd2b3c4d5e6f708192a3b4c5d6e7f8091', username: 'Bob.Agent', password: 'bob-secret', first_name: 'Bob', last_name: 'Agent', priv_level: 'user' },
		],
		// ---- switches (research notes §1.11) ----
		/** 'absolute': a token dies `tokenTtlSeconds` after it was made (JWT exp); 'sliding': after its last use. */
		tokenExpiry: 'absolute',
		tokenTtlSeconds: 3600,
		/** HTTP status of a successful PUT /user_auth, /api_auth and /webhooks (201 or 200). */
		createdStatus: 201,
		/** 401 body: 'documented' (`message: "invalid_credentials"`, `data.message`) or 'crossbarUtil' (`message: "invalid credentials"`, `data: {}`). */
		unauthorizedBody: 'documented',
		/** 'encoded' (Kazoo >= 4.2: base64url Erlang term) or 'raw' (JSON array) paging keys. */
		startKeyStyle: 'encoded',
		/** 'ignored' (the code: only `ascending=true` sorts ascending) or 'honoured' (the prose: `descending=false` too). */
		descendingFalse: 'ignored',
		maxRangeSeconds: MAX_RANGE_SECONDS,
		defaultPageSize: 50,
		/** Status for page_size 0, negative or not an integer (Crossbar: 404 faulty_request). */
		badPageSizeStatus: 404,
		/** paginate=false answers 416 above this many rows (Crossbar guards memory); null: no limit. */
		unpaginatedLimit: null,
		/** Token buckets per client IP and account; false turns rate limiting off. */
		rateLimit: { capacity: 100, refillPerSecond: 10, requestCost: 1, authCost: 35 },
		/** An Accept header naming only types the resource lacks (audio/wav): '406' (cowboy) or 'json'. */
		unknownAccept: '406',
		/** Media type of seeded and added recordings: 'mp3' (Kazoo's default) or 'wav'. */
		defaultMediaType: 'mp3',
		wavContentType: 'audio/wav',
		/** `source_type` of the documents ('media_recording' in current code, 'kzc_recording' in a 2020 example). */
		sourceType: 'media_recording',
		/** PATCH on a recording: true (hosted 5.x docs, seed 002) or false (open source 4.x: 405). */
		patchSupported: true,
		/** 'userMetadataOnly' (other keys: 400) or 'any' (every key but id is writable). */
		patchScope: 'userMetadataOnly',
		/** DELETE without `should_soft_delete`: soft (true, Crossbar's default) or hard. */
		softDelete: true,
		/** 'proxied' (Crossbar streams the attachment itself) or 'redirect' (302 to a signed storage URL on another origin). */
		audioStorage: 'proxied',
		signedUrlTtlSeconds: 600,
		/** Whether the webhooks app runs (hooks can always be created; only a running app delivers). */
		webhookDelivery: true,
		webhookRetryDelayMs: 50,
		webhookTimeoutMs: 2000,
	};
}

function createSandbox(userOptions = {}) {
	const defaults = defaultOptions();
	const options = {
		...defaults,
		...userOptions,
		account: { ...defaults.account, ...(userOptions.account ?? {}) },
		rateLimit: userOptions.rateLimit === false ? false : { ...defaults.rateLimit, ...(userOptions.rateLimit ?? {}) },
	};
	const account = options.account;
	const random = seededRandom(options.seed);
	const startedAt = Date.now();
	let manualOffset = 0;
	const clock = {
		now: () => options.now + manualOffset + (options.realTime ? Date.now() - startedAt : 0),
		advance: (ms) => {
			manualOffset += ms;
		},
	};
	const version = options.patchSupported ? '5.3.12' : '4.3.142';
	const nodeName = Buffer.from('crossbar@sandbox.kazoo.test').toString('base64url');

	const users = new Map(options.users.map((u) => [u.id, { enabled: true, ...u }]));
	const tokens = new Map();
	/** @type {Map<string, ReturnType<typeof makeRecording>>} */
	const recordings = new Map();
	const byCreated = new CouchView((r) => [toGregorian(r.createdAt), r.id]);
	const byOwner = new CouchView((r) => [r.ownerId, toGregorian(r.createdAt), r.id]);
	const webhooks = new Map();
	const log = [];
	const storageLog = [];
	const faults = [];
	const buckets = new TokenBuckets(options.rateLimit || { capacity: 1, refillPerSecond: 1 }, clock.now);
	const dispatcher = new WebhookDispatcher({
		now: clock.now,
		retryDelayMs: options.webhookRetryDelayMs,
		timeoutMs: options.webhookTimeoutMs,
		enabled: () => options.webhookDelivery,
	});
	const storageSecret = crypto.randomBytes(16);
	const recordingCtx = {
		random,
		account,
		wavContentType: options.wavContentType,
		sourceType: options.sourceType,
		defaultMediaType: options.defaultMediaType,
	};

	// ---------- data ----------

	const ownerIds = [...users.keys()];
	function seedOwner(i) {
		// Two of five recordings belong to each user; one has no owner (a queue or callflow recording).
		const slot = i % 5;
		return slot === 4 ? null : ownerIds[slot % ownerIds.length];
	}

	function index(recording) {
		recordings.set(recording.id, recording);
		byCreated.insert(recording);
		if (recording.ownerId) byOwner.insert(recording);
	}

	function fireWebhooks(action, id) {
		return dispatcher.fire([...webhooks.values()], account.id, 'call_recording', action, id);
	}

	/** Test control: a new recording (the metadata document is saved now; `doc_created` fires). */
	function addRecording(fields = {}) {
		const recording = makeRecording(
			{ ...fields, createdAt: fields.createdAt ?? clock.now(), ownerId: fields.ownerId === undefined ? seedOwner(recordings.size) : fields.ownerId },
			recordingCtx,
		);
		if (recordings.has(recording.id)) throw new Error(`recording ${recording.id} exists`);
		index(recording);
		if (fields.fireWebhooks !== false) void fireWebhooks('doc_created', recording.id);
		return recording;
	}

	{
		const seeded = [];
		for (let i = 0; i < options.recordings; i++) {
			const createdAt = options.now - (i + 1) * options.seedSpacingSeconds * 1000 + Math.floor(random() * 60_000);
			const r = makeRecording({ createdAt, ownerId: seedOwner(i) }, recordingCtx);
			recordings.set(r.id, r);
			seeded.push(r);
		}
		byCreated.load(seeded);
		byOwner.load(seeded.filter((r) => r.ownerId));
	}

	function liveRecording(id) {
		const r = recordings.get(id);
		return r && !r.deleted ? r : undefined;
	}

	// ---------- responses ----------

	function envelopeBase(ctx) {
		const base = {
			request_id: ctx.requestId,
			node: nodeName,
			timestamp: new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			version,
		};
		if (ctx.token) base.auth_token = ctx.token;
		return base;
	}

	function sendJson(res, ctx, status, body, headers = {}) {
		const text = JSON.stringify(body);
		res.writeHead(status, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(text),
			'x-request-id': ctx.requestId,
			...headers,
		});
		res.end(text);
	}

	function sendSuccess(res, ctx, data, extra = {}, status = 200) {
		const body = {
			...envelopeBase(ctx),
			data,
			revision: crypto.createHash('md5').update(JSON.stringify(data)).digest('hex'),
			status: 'success',
			...extra,
		};
		if (ctx.bucket) body.tokens = { consumed: ctx.bucket.consumed, remaining: ctx.bucket.remaining };
		sendJson(res, ctx, status, body);
	}

	function sendError(res, ctx, error) {
		let body = {
			...envelopeBase(ctx),
			data: error.data ?? {},
			error: String(error.status),
			message: error.kazooMessage,
			status: 'error',
		};
		if (error.status === 401 && options.unauthorizedBody === 'crossbarUtil') {
			body = { ...body, data: {}, message: 'invalid credentials' };
		}
		sendJson(res, ctx, error.status, body, error.headers);
	}

	function unauthorized() {
		return new KazooError(401, 'invalid_credentials', { message: 'invalid credentials' });
	}

	// ---------- auth ----------

	function issueToken(user, method) {
		const now = clock.now();
		const claims = {
			account_id: account.id,
			...(user ? { owner_id: user.id } : {}),
			method,
			iat: Math.floor(now / 1000),
			exp: Math.floor(now / 1000) + options.tokenTtlSeconds,
			iss: 'kazoo',
			jti: hex(Math.random, 32),
		};
		const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const token = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${crypto.randomBytes(32).toString('base64url')}`;
		tokens.set(token, { accountId: account.id, ownerId: user?.id, method, issuedAt: now, lastUsedAt: now, revoked: false });
		return token;
	}

	function tokenEntry(token) {
		const entry = token ? tokens.get(token) : undefined;
		if (!entry || entry.revoked) return undefined;
		const from = options.tokenExpiry === 'sliding' ? entry.lastUsedAt : entry.issuedAt;
		if (clock.now() >= from + options.tokenTtlSeconds * 1000) return undefined;
		return entry;
	}

	/** X-Auth-Token (documented), or `auth_token` in the query, or `Authorization: Bearer` (api_util.erl get_auth_token). */
	function tokenFrom(req, url) {
		const header = req.headers['x-auth-token'];
		if (typeof header === 'string' && header) return header;
		if (url.searchParams.get('auth_token')) return url.searchParams.get('auth_token');
		const authz = req.headers.authorization ?? '';
		if (/^Bearer /i.test(authz)) return authz.slice(7).trim();
		return undefined;
	}

	function authenticate(ctx) {
		const entry = tokenEntry(ctx.token);
		if (!entry) throw unauthorized();
		entry.lastUsedAt = clock.now();
		return entry;
	}

	function authResponse(user, method) {
		const token = issueToken(user, method);
		return {
			token,
			data: {
				account_id: account.id,
				account_name: account.name,
				apps: [],
				is_reseller: false,
				language: 'en-US',
				...(user ? { owner_id: user.id } : {}),
				reseller_id: '0123456789abcdef0123456789abcdef',
			},
		};
	}

	const normalizeName = (s) => String(s).toLowerCase().replace(/[^a-z0-9]/g, '');
	const normalizeNumber = (s) => {
		const digits = String(s).replace(/\D/g, '');
		return digits.length === 10 ? `1${digits}` : digits;
	};

	function handleUserAuth(data) {
		if (typeof data.credentials !== 'string' || data.credentials === '') {
			throw validationError('credentials', 'required', { message: 'Field is required but missing' });
		}
		const method = data.method ?? 'md5';
		// One of phone_number, account_realm (or realm), account_name identifies the account (cb_user_auth.erl find_account).
		const phone = data.phone_number;
		const realm = data.account_realm ?? data.realm;
		const name = data.account_name;
		if (phone === undefined && realm === undefined && name === undefined) throw unauthorized();
		const found =
			(phone !== undefined && normalizeNumber(phone) === normalizeNumber(account.phoneNumber)) ||
			(realm !== undefined && String(realm).toLowerCase() === account.realm.toLowerCase()) ||
			(name !== undefined && normalizeName(name) === normalizeName(account.name));
		if (!found) {
			const [field, label, cause] =
				phone !== undefined ? ['phone_number', 'phone number', phone] : realm !== undefined ? ['account_realm', 'account realm', realm] : ['account_name', 'account name', name];
			throw validationError(field, 'not_found', { message: `The provided ${label} could not be found`, cause });
		}
		const hash = method === 'sha' ? 'sha1' : method === 'md5' ? 'md5' : undefined;
		if (!hash) throw unauthorized();
		// The username is lower-cased before hashing (doc user_authentication.md).
		const user = [...users.values()].find(
			(u) => crypto.createHash(hash).update(`${u.username.toLowerCase()}:${u.password}`).digest('hex') === data.credentials.toLowerCase(),
		);
		if (!user) throw unauthorized();
		return authResponse(user, 'cb_user_auth');
	}

	function handleApiAuth(data) {
		const key = data.api_key;
		if (typeof key !== 'string' || key === '') throw unauthorized();
		if (key.length !== 64) {
			throw validationError('api_key', key.length < 64 ? 'minLength' : 'maxLength', {
				message: `String must be ${key.length < 64 ? 'at least' : 'at most'} 64 characters`,
				target: 64,
			});
		}
		// A well-formed key that matches no account: 404 with the key as data (cb_api_auth.erl validate_by_api_key).
		if (key !== account.apiKey) throw new KazooError(404, 'bad identifier', [key]);
		return authResponse(undefined, 'cb_api_auth');
	}

	async function readJsonData(req) {
		const chunks = [];
		for await (const c of req) chunks.push(c);
		const text = Buffer.concat(chunks).toString('utf8');
		req.sandboxBody = text;
		if (text.trim() === '') return {};
		let parsed;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw new KazooError(400, 'parse_error', { message: 'failed to parse request body' });
		}
		const data = parsed && typeof parsed === 'object' ? parsed.data : undefined;
		return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
	}

	// ---------- listing ----------

	function intParam(url, name) {
		const v = url.searchParams.get(name);
		if (v === null || !/^-?\d+$/.test(v.trim())) return undefined;
		return Number(v);
	}

	function pageSizeOf(url) {
		if (url.searchParams.get('paginate') === 'false') return undefined;
		const raw = url.searchParams.get('page_size');
		if (raw === null) return options.defaultPageSize;
		if (!/^-?\d+$/.test(raw.trim())) {
			throw new KazooError(options.badPageSizeStatus, 'faulty_request', { message: 'invalid page size' });
		}
		const n = Number(raw);
		if (n < 1) throw new KazooError(options.badPageSizeStatus, 'faulty_request', { message: 'page size must be at least 1' });
		return n;
	}

	function isDescending(url) {
		const q = url.searchParams;
		const isTrue = (v) => v === 'true';
		const isFalse = (v) => v === 'false';
		// crossbar_view.erl direction/2: descending unless `ascending` is present and not false.
		if (isTrue(q.get('descending'))) return true;
		if (q.has('ascending')) return isFalse(q.get('ascending'));
		if (options.descendingFalse === 'honoured' && isFalse(q.get('descending'))) return false;
		return true;
	}

	/** created_from/created_to in Gregorian seconds; absent or not a positive integer: defaults (crossbar_view.erl time_range). */
	function timeRange(url) {
		const now = toGregorian(clock.now());
		const toParam = intParam(url, 'created_to');
		const to = toParam !== undefined && toParam > 0 ? toParam : now;
		const fromParam = intParam(url, 'created_from');
		const from = fromParam !== undefined && fromParam > 0 ? fromParam : to - options.maxRangeSeconds;
		if (to - from < 0) {
			throw validationError('created_from', 'date_range', { message: `created_to ${to} is prior to created_from ${from}`, cause: from });
		}
		if (to - from > options.maxRangeSeconds) {
			throw validationError('created_from', 'date_range', {
				message: `created_to ${to} is more than ${options.maxRangeSeconds} seconds from created_from ${from}`,
				cause: to,
			});
		}
		return { from, to };
	}

	function encodeKey(key) {
		return options.startKeyStyle === 'raw' ? key : encodeStartKey(key);
	}

	function decodeKey(text) {
		if (options.startKeyStyle === 'raw') {
			try {
				return JSON.parse(text);
			} catch {
				return text;
			}
		}
		// A key that is not an encoded term is used as the text itself (api_util.erl decode_start_key).
		return decodeStartKey(text) ?? text;
	}

	function valueAt(doc, path) {
		let v = doc;
		for (const part of path.split('.')) {
			if (v === null || typeof v !== 'object') return undefined;
			v = v[part];
		}
		return v;
	}

	const asText = (v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));
	const isEmpty = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

	/** Crossbar's query-string filters (doc filters.md), applied to the rows of the page after they are read. */
	function qsFilter(url) {
		const tests = [];
		for (const [name, value] of url.searchParams) {
			if (name.startsWith('filter_not_')) {
				const path = name.slice('filter_not_'.length);
				tests.push((d) => { const v = valueAt(d, path); return v === undefined || asText(v) !== value; });
			} else if (name.startsWith('filter_')) {
				const path = name.slice('filter_'.length);
				tests.push((d) => { const v = valueAt(d, path); return v !== undefined && asText(v) === value; });
			} else if (name === 'has_key') {
				tests.push((d) => valueAt(d, value) !== undefined);
			} else if (name === 'key_missing') {
				tests.push((d) => valueAt(d, value) === undefined);
			} else if (name === 'has_value') {
				tests.push((d) => !isEmpty(valueAt(d, value)));
			} else if (name === 'missing_value') {
				tests.push((d) => isEmpty(valueAt(d, value)));
			}
		}
		return (doc) => tests.every((t) => t(doc));
	}

	function listedDoc(r) {
		const types = r.attachment ? [r.attachment.contentType] : [];
		return { ...structuredClone(r.doc), _read_only: { content_types: [...new Set(types)].sort() } };
	}

	function listRecordings(url, ownerId) {
		const pageSize = pageSizeOf(url);
		const descending = isDescending(url);
		const { from, to } = timeRange(url);
		const view = ownerId ? byOwner : byCreated;
		const prefix = ownerId ? [ownerId] : [];
		const low = [...prefix, from];
		const high = [...prefix, to, {}];
		const requested = url.searchParams.get('start_key');
		const startKey = requested !== null && requested !== '' ? decodeKey(requested) : descending ? high : low;
		const endKey = descending ? low : high;
		const limit = pageSize === undefined ? undefined : pageSize + 1;
		let rows = view.read({ startKey, endKey, descending, limit, skip: (r) => r.deleted });
		let nextKey;
		if (pageSize !== undefined && rows.length === limit) {
			nextKey = view.keyOf(rows[pageSize]);
			rows = rows.slice(0, pageSize);
		}
		if (pageSize === undefined && options.unpaginatedLimit !== null && rows.length > options.unpaginatedLimit) {
			throw new KazooError(416, 'range_not_satisfiable', { message: 'the request would return too much data; use paging' });
		}
		const keep = qsFilter(url);
		const data = rows.map(listedDoc).filter(keep);
		const paging = { page_size: data.length, start_key: encodeKey(startKey) };
		if (nextKey !== undefined) paging.next_start_key = encodeKey(nextKey);
		return { data, paging };
	}

	// ---------- audio ----------

	function audioStream(r) {
		return r.doc.media_type === 'wav' ? wavChunks(r.attachment.size) : mp3Chunks(r.attachment.size, r.attachment.name);
	}

	/** `bytes=a-b`, `bytes=a-` or `bytes=-n` → {start, end}, or null when not satisfiable [doc basics.md ranges]. */
	function parseRange(header, size) {
		const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim());
		if (!m || (m[1] === '' && m[2] === '')) return null;
		let start;
		let end;
		if (m[1] === '') {
			start = Math.max(0, size - Number(m[2]));
			end = size - 1;
		} else {
			start = Number(m[1]);
			end = m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
		}
		return start <= end && start < size ? { start, end } : null;
	}

	async function streamBytes(res, chunks, start, end) {
		let offset = 0;
		for (const chunk of chunks) {
			const chunkEnd = offset + chunk.length;
			if (chunkEnd > start && offset <= end) {
				const piece = chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end + 1 - offset));
				if (!res.write(piece)) {
					// A client that goes away never drains: stop on close as well.
					await new Promise((resolve) => {
						res.once('drain', resolve);
						res.once('close', resolve);
					});
				}
				if (res.destroyed) return;
			}
			offset = chunkEnd;
			if (offset > end) break;
		}
		res.end();
	}

	function signedStorageUrl(r) {
		const expires = Math.floor(clock.now() / 1000) + options.signedUrlTtlSeconds;
		const path = `/${account.id}/${r.id}/${encodeURIComponent(r.attachment.name)}`;
		const signature = crypto.createHmac('sha256', storageSecret).update(`${path}:${expires}`).digest('hex');
		return `${sandbox.storageUrl}${path}?expires=${expires}&signature=${signature}`;
	}

	async function sendAudio(req, res, ctx, url, r) {
		if (!r.attachment) throw new KazooError(404, 'bad_identifier', { details: r.id });
		if (options.audioStorage === 'redirect') {
			res.writeHead(302, { location: signedStorageUrl(r), 'x-request-id': ctx.requestId, 'content-length': 0 });
			res.end();
			return;
		}
		const inline = url.searchParams.get('inline') === 'true';
		const size = r.attachment.size;
		const headers = {
			'content-type': r.attachment.contentType,
			'content-disposition': `${inline ? 'inline' : 'attachment'}; filename=${r.attachment.name}`,
			'x-request-id': ctx.requestId,
			'accept-ranges': 'bytes',
		};
		let start = 0;
		let end = size - 1;
		let status = 200;
		if (req.headers.range) {
			const range = parseRange(req.headers.range, size);
			if (!range) {
				res.writeHead(416, { 'content-range': `bytes */${size}`, 'x-request-id': ctx.requestId, 'content-length': 0 });
				res.end();
				return;
			}
			({ start, end } = range);
			status = 206;
			headers['content-range'] = `bytes ${start}-${end}/${size}`;
		}
		headers['content-length'] = end - start + 1;
		res.writeHead(status, headers);
		await streamBytes(res, audioStream(r), start, end);
	}

	// ---------- recordings ----------

	function findRecording(id) {
		// The id names its month database: `YYYYMM-…` (cb_recordings.erl ?MATCH_MODB_PREFIX).
		if (!/^.{4}.{2}-/.test(id)) throw new KazooError(404, 'bad identifier', [id]);
		// A prefix that is not a number crashes the month conversion [inference] → 500.
		if (!/^\d{6}-/.test(id)) throw new KazooError(500, 'unspecified_fault', { message: 'unspecified fault' });
		const r = liveRecording(id);
		if (!r) throw badIdentifier(id);
		return r;
	}

	function patchRecording(r, data) {
		const keys = Object.keys(data);
		if (options.patchScope === 'userMetadataOnly') {
			const other = keys.find((k) => k !== 'user_metadata');
			if (other !== undefined) {
				throw validationError(other, 'not_writable', { message: `Field ${other} is not writable`, target: 'user_metadata' });
			}
		}
		if ('user_metadata' in data && data.user_metadata !== null && (typeof data.user_metadata !== 'object' || Array.isArray(data.user_metadata))) {
			throw validationError('user_metadata', 'type', { message: 'Value did not match type(s): object', target: 'object' });
		}
		// PATCH merges; null removes a key (doc basics.md "PATCH").
		const merge = (target, patch) => {
			for (const [k, v] of Object.entries(patch)) {
				if (k === 'id') continue;
				if (v === null) delete target[k];
				else if (typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object' && !Array.isArray(target[k])) merge(target[k], v);
				else target[k] = structuredClone(v);
			}
		};
		merge(r.doc, data);
	}

	function deleteRecordingDoc(r, hard) {
		r.deleted = true;
		if (hard) {
			recordings.delete(r.id);
			byCreated.remove(r);
			byOwner.remove(r);
		}
	}

	async function handleRecording(req, res, ctx, url, id) {
		const method = req.method;
		if (method === 'GET') {
			// cowboy's content negotiation runs first: an Accept header with no type we offer is refused
			// (a tunneled ?accept= replaces the header, and an unknown tunneled type means JSON) [inference].
			if (options.unknownAccept === '406' && !url.searchParams.has('accept') && !headerIsAcceptable(req.headers.accept)) {
				res.writeHead(406, { 'x-request-id': ctx.requestId, 'content-length': 0 });
				res.end();
				return;
			}
			const r = findRecording(id);
			if (recordingAction(req.headers.accept, url.searchParams.get('accept') ?? undefined) === 'download') {
				await sendAudio(req, res, ctx, url, r);
				return;
			}
			sendSuccess(res, ctx, structuredClone(r.doc));
			return;
		}
		if (method === 'DELETE') {
			const r = findRecording(id);
			const param = url.searchParams.get('should_soft_delete');
			const soft = param === null ? options.softDelete : param !== 'false';
			deleteRecordingDoc(r, !soft);
			void fireWebhooks('doc_deleted', r.id);
			sendSuccess(res, ctx, { ...structuredClone(r.doc), _read_only: { deleted: true } });
			return;
		}
		if (method === 'PATCH' && options.patchSupported) {
			const data = await readJsonData(req);
			const r = findRecording(id);
			patchRecording(r, data);
			void fireWebhooks('doc_edited', r.id);
			sendSuccess(res, ctx, structuredClone(r.doc));
			return;
		}
		throw methodNotAllowed(options.patchSupported ? 'GET, PATCH, DELETE' : 'GET, DELETE');
	}

	function methodNotAllowed(allow) {
		return new KazooError(405, 'invalid_method', { message: 'method not allowed' }, { allow });
	}

	// ---------- webhooks (crossbar side) ----------

	function createWebhook(data) {
		for (const field of ['name', 'uri', 'hook']) {
			if (typeof data[field] !== 'string' || data[field] === '') {
				throw validationError(field, 'required', { message: 'Field is required but missing' });
			}
		}
		if (!WEBHOOK_HOOKS.includes(data.hook)) {
			throw validationError('hook', 'enum', { message: 'Value not found in enumerated list of values', target: WEBHOOK_HOOKS });
		}
		const verb = data.http_verb ?? 'post';
		if (!['get', 'post', 'put'].includes(verb)) {
			throw validationError('http_verb', 'enum', { message: 'Value not found in enumerated list of values', target: ['get', 'post', 'put'] });
		}
		const format = data.format ?? 'form-data';
		if (!['form-data', 'json'].includes(format)) {
			throw validationError('format', 'enum', { message: 'Value not found in enumerated list of values', target: ['form-data', 'json'] });
		}
		const retries = data.retries ?? 2;
		if (!Number.isInteger(retries) || retries < 0 || retries > 4) {
			throw validationError('retries', 'maximum', { message: 'Value must be an integer from 0 to 4', target: 4 });
		}
		if (data.custom_data !== undefined && (typeof data.custom_data !== 'object' || data.custom_data === null || Array.isArray(data.custom_data))) {
			throw validationError('custom_data', 'type', { message: 'Value did not match type(s): object', target: 'object' });
		}
		const hook = {
			...structuredClone(data),
			id: hex(Math.random, 32),
			enabled: data.enabled ?? true,
			http_verb: verb,
			format,
			retries,
			include_subaccounts: data.include_subaccounts ?? false,
		};
		webhooks.set(hook.id, hook);
		return hook;
	}

	function handleWebhooks(req, res, ctx, url, rest) {
		const method = req.method;
		if (rest === '' && method === 'GET') {
			const data = [...webhooks.values()].map((h) => ({ id: h.id, hook: h.hook, name: h.name, uri: h.uri, enabled: h.enabled }));
			return sendSuccess(res, ctx, data, { page_size: data.length });
		}
		if (rest === '' && method === 'PUT') {
			return readJsonData(req).then((data) => sendSuccess(res, ctx, createWebhook(data), {}, options.createdStatus));
		}
		if (rest === '/attempts' && method === 'GET') {
			const data = dispatcher.attempts.map(({ at, payload, ...a }) => ({ ...a, timestamp: toGregorian(at) }));
			return sendSuccess(res, ctx, data, { page_size: data.length });
		}
		const m = /^\/([^/]+)$/.exec(rest);
		if (m && (method === 'GET' || method === 'DELETE')) {
			const hook = webhooks.get(m[1]);
			if (!hook) throw badIdentifier(m[1]);
			if (method === 'DELETE') {
				webhooks.delete(hook.id);
				return sendSuccess(res, ctx, { ...structuredClone(hook), _read_only: { deleted: true } });
			}
			return sendSuccess(res, ctx, structuredClone(hook));
		}
		if (m || rest === '') throw methodNotAllowed(m ? 'GET, POST, PATCH, DELETE' : 'GET, PUT, PATCH');
		throw notFound();
	}

	const notFound = () => new KazooError(404, 'not_found', { message: 'not found' });

	// ---------- routing ----------

	function takeFault(req, url) {
		const i = faults.findIndex(
			(f) =>
				(!f.method || f.method.toUpperCase() === req.method) &&
				(!f.path || (f.path instanceof RegExp ? f.path.test(url.pathname) : url.pathname.includes(f.path))) &&
				(!f.when || f.when(url)),
		);
		if (i === -1) return undefined;
		const fault = faults[i];
		fault.times -= 1;
		if (fault.times <= 0) faults.splice(i, 1);
		return fault;
	}

	/** Cuts the response after `limit` bytes of body (or half of Content-Length when `limit` is true) and drops the connection. */
	function truncateResponse(res, limit) {
		let written = 0;
		let cut = false;
		const origWrite = res.write.bind(res);
		const origEnd = res.end.bind(res);
		const cap = () => (limit === true ? Math.floor(Number(res.getHeader('content-length') ?? 0) / 2) : limit);
		const take = (chunk) => {
			if (cut || chunk === undefined || chunk === null) return;
			const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			const piece = buf.subarray(0, Math.max(0, cap() - written));
			written += piece.length;
			if (piece.length) origWrite(piece);
			if (written >= cap()) {
				cut = true;
				// Let the bytes go out, then drop the connection before the promised length arrives.
				setImmediate(() => res.socket?.destroy());
			}
		};
		res.write = (chunk) => {
			take(chunk);
			return true;
		};
		res.end = (chunk) => {
			take(chunk);
			if (!cut) origEnd();
			return res;
		};
	}

	async function route(req, res) {
		const url = new URL(req.url, `http://${req.headers.host ?? 'localhost'}`);
		const ctx = { requestId: crypto.randomBytes(16).toString('hex'), token: tokenFrom(req, url), bucket: undefined };
		const entry = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			rawQuery: url.search,
			headers: { ...req.headers },
			host: req.headers.host,
			ip: req.socket.remoteAddress,
			at: clock.now(),
			status: 0,
			body: undefined,
		};
		log.push(entry);
		res.on('finish', () => {
			entry.status = res.statusCode;
			entry.body = req.sandboxBody;
		});
		res.on('close', () => {
			if (!entry.status) entry.status = res.statusCode;
			entry.body ??= req.sandboxBody;
		});
		try {
			const fault = takeFault(req, url);
			if (fault) {
				if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
				if (fault.reset) return req.socket.destroy();
				if (fault.status) {
					const body = fault.body ?? { ...envelopeBase(ctx), data: { message: 'injected fault' }, error: String(fault.status), message: 'injected_fault', status: 'error' };
					if (typeof body === 'string' || Buffer.isBuffer(body)) {
						res.writeHead(fault.status, { 'content-length': Buffer.byteLength(body), ...(fault.headers ?? {}) });
						return res.end(body);
					}
					if (fault.truncate) truncateResponse(res, fault.truncate);
					return sendJson(res, ctx, fault.status, body, fault.headers);
				}
				if (fault.truncate) truncateResponse(res, fault.truncate);
			}
			if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw notFound();
			return await handleApi(req, res, ctx, url, url.pathname.slice(API_PREFIX.length));
		} catch (error) {
			if (error instanceof KazooError) return sendError(res, ctx, error);
			console.error('kazoo sandbox error', error);
			return sendError(res, ctx, new KazooError(500, 'unspecified_fault', { message: 'unspecified fault' }));
		}
	}

	function rateLimit(req, ctx, accountId, cost) {
		if (!options.rateLimit) return;
		const name = `${req.socket.remoteAddress ?? 'no_ip'}/${accountId ?? 'no_account'}`;
		const result = buckets.consume(name, cost);
		ctx.bucket = result;
		// No Retry-After anywhere in Crossbar: the envelope's `tokens` is all a client gets.
		if (!result.ok) throw new KazooError(429, 'too_many_requests', { message: 'too many requests' });
	}

	async function handleApi(req, res, ctx, url, path) {
		const method = req.method;
		const rl = options.rateLimit;

		if (path === '/user_auth' || path === '/api_auth') {
			if (method !== 'PUT') {
				rateLimit(req, ctx, undefined, rl ? rl.requestCost : 1);
				throw methodNotAllowed('PUT');
			}
			const data = await readJsonData(req);
			rateLimit(req, ctx, undefined, rl ? rl.authCost : 1);
			const { token, data: out } = path === '/user_auth' ? handleUserAuth(data) : handleApiAuth(data);
			ctx.token = token;
			return sendSuccess(res, ctx, out, {}, options.createdStatus);
		}

		if (path === '/token_auth') {
			rateLimit(req, ctx, undefined, rl ? rl.requestCost : 1);
			const entry = authenticate(ctx);
			if (method === 'GET') {
				return sendSuccess(res, ctx, { account_id: entry.accountId, owner_id: entry.ownerId, method: entry.method });
			}
			if (method === 'DELETE') {
				entry.revoked = true;
				return sendSuccess(res, ctx, {});
			}
			throw methodNotAllowed('GET, DELETE');
		}

		const m = /^\/accounts\/([^/]+)(\/.*)?$/.exec(path);
		if (!m) {
			rateLimit(req, ctx, undefined, rl ? rl.requestCost : 1);
			throw notFound();
		}
		const accountId = decodeURIComponent(m[1]);
		const rest = m[2] ?? '';
		rateLimit(req, ctx, accountId, rl ? rl.requestCost : 1);
		const entry = authenticate(ctx);
		if (accountId !== entry.accountId) throw new KazooError(403, 'forbidden', { message: 'forbidden' });

		if (rest === '' && method === 'GET') {
			return sendSuccess(res, ctx, { id: account.id, name: account.name, realm: account.realm, enabled: true, language: 'en-US', timezone: 'America/Los_Angeles' });
		}
		if (rest === '/users' && method === 'GET') {
			const data = [...users.values()].map((u) => ({ id: u.id, username: u.username.toLowerCase(), first_name: u.first_name, last_name: u.last_name, priv_level: u.priv_level, enabled: u.enabled }));
			return sendSuccess(res, ctx, data, { page_size: data.length });
		}
		if (rest === '/recordings') {
			if (method !== 'GET') throw methodNotAllowed('GET');
			const { data, paging } = listRecordings(url);
			return sendSuccess(res, ctx, data, paging);
		}
		let r;
		if ((r = /^\/users\/([^/]+)\/recordings$/.exec(rest))) {
			if (method !== 'GET') throw methodNotAllowed('GET');
			const userId = decodeURIComponent(r[1]);
			if (!users.has(userId)) throw badIdentifier(userId);
			const { data, paging } = listRecordings(url, userId);
			return sendSuccess(res, ctx, data, paging);
		}
		if ((r = /^\/recordings\/([^/]+)$/.exec(rest))) {
			return handleRecording(req, res, ctx, url, decodeURIComponent(r[1]));
		}
		if ((r = /^\/webhooks(\/.*)?$/.exec(rest))) {
			return handleWebhooks(req, res, ctx, url, r[1] ?? '');
		}
		throw notFound();
	}

	// ---------- the storage origin (audioStorage: 'redirect') ----------

	async function routeStorage(req, res) {
		const url = new URL(req.url, `http://${req.headers.host ?? 'localhost'}`);
		const credentialSeen =
			'x-auth-token' in req.headers || 'authorization' in req.headers || url.searchParams.has('auth_token');
		const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, host: req.headers.host, at: clock.now(), status: 0, credentialSeen };
		storageLog.push(entry);
		res.on('finish', () => {
			entry.status = res.statusCode;
		});
		const deny = (status, code) => {
			const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`;
			res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
			res.end(body);
		};
		const m = /^\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
		const expires = Number(url.searchParams.get('expires'));
		const expected = crypto.createHmac('sha256', storageSecret).update(`${url.pathname}:${expires}`).digest('hex');
		if (!m || req.method !== 'GET' || url.searchParams.get('signature') !== expected) return deny(403, 'SignatureDoesNotMatch');
		if (Math.floor(clock.now() / 1000) > expires) return deny(403, 'AccessDenied');
		const rec = liveRecording(decodeURIComponent(m[2]));
		if (!rec || !rec.attachment) return deny(404, 'NoSuchKey');
		res.writeHead(200, { 'content-type': rec.attachment.contentType, 'content-length': rec.attachment.size });
		await streamBytes(res, audioStream(rec), 0, rec.attachment.size - 1);
	}

	const server = http.createServer((req, res) => {
		void route(req, res);
	});
	const storageServer = http.createServer((req, res) => {
		void routeStorage(req, res);
	});

	const sandbox = {
		options,
		clock,
		log,
		storageLog,
		recordings,
		webhooks,
		users,
		account,
		server,
		storageServer,
		url: '',
		apiBaseUrl: '',
		storageUrl: '',
		port: 0,
		async start() {
			await new Promise((resolve) => server.listen(options.port, options.host, resolve));
			await new Promise((resolve) => storageServer.listen(options.storagePort, options.host, resolve));
			sandbox.port = server.address().port;
			sandbox.url = `http://${options.host}:${sandbox.port}`;
			sandbox.apiBaseUrl = `${sandbox.url}${API_PREFIX}`;
			sandbox.storageUrl = `http://${options.host}:${storageServer.address().port}`;
			return sandbox;
		},
		async stop() {
			for (const s of [server, storageServer]) {
				s.closeAllConnections?.();
				if (s.listening) await new Promise((resolve) => s.close(() => resolve()));
			}
		},
		/** The `credentials` value PUT /v2/user_auth expects: md5 (or sha1) of `lowercase(username):password`. */
		credentialsHash(username, password, method = 'md5') {
			return crypto.createHash(method === 'sha' ? 'sha1' : 'md5').update(`${username.toLowerCase()}:${password}`).digest('hex');
		},
		/** A token as PUT /v2/user_auth would issue it (no request, no rate-limit cost). */
		issueToken(username = options.users[0].username) {
			const user = [...users.values()].find((u) => u.username.toLowerCase() === username.toLowerCase());
			if (!user) throw new Error(`no user ${username}`);
			return issueToken(user, 'cb_user_auth');
		},
		/** Makes a token invalid from now on (as if its lifetime had passed). */
		expireToken(token) {
			const entry = tokens.get(token);
			if (entry) entry.issuedAt = entry.lastUsedAt = clock.now() - options.tokenTtlSeconds * 1000 - 1;
		},
		expireAllTokens() {
			for (const token of tokens.keys()) sandbox.expireToken(token);
		},
		isTokenValid: (token) => tokenEntry(token) !== undefined,
		addRecording,
		/** Test control: store the audio of a recording created with `audio: false` (`doc_edited` fires). */
		attachAudio(id, { mediaType } = {}) {
			const r = recordings.get(id);
			if (!r) throw new Error(`no recording ${id}`);
			if (mediaType) {
				r.doc.media_type = mediaType;
				r.doc.content_type = mediaType === 'wav' ? options.wavContentType : 'audio/mpeg';
				r.doc.name = r.doc.name.replace(/\.\w+$/, `.${mediaType}`);
				r.doc.description = `recording ${r.doc.name}`;
			}
			r.attachment = attachmentFor(r.doc);
			void fireWebhooks('doc_edited', r.id);
			return r;
		},
		/** Test control: delete as Crossbar would (soft unless `hard`). */
		deleteRecording(id, { hard = false } = {}) {
			const r = recordings.get(id);
			if (r && !r.deleted) {
				deleteRecordingDoc(r, hard);
				void fireWebhooks('doc_deleted', r.id);
			}
		},
		/** Live recordings as the account listing orders them (newest first by creation). */
		visibleRecordings(ownerId) {
			return (ownerId ? byOwner : byCreated).read({ descending: true, skip: (r) => r.deleted || (ownerId !== undefined && r.ownerId !== ownerId) });
		},
		toGregorian,
		/** Answers the next matching request(s) with a fault: { status, headers, body, reset, truncate, delayMs, path, method, when(url), times }. */
		injectFault(fault) {
			faults.push({ times: 1, ...fault });
		},
		/** Requests under /v2 (auth included), in order. */
		apiRequests() {
			return log.filter((e) => e.path.startsWith(`${API_PREFIX}/`));
		},
		/** Authentication requests (PUT /v2/user_auth and /v2/api_auth). */
		authRequests() {
			return log.filter((e) => e.path === `${API_PREFIX}/user_auth` || e.path === `${API_PREFIX}/api_auth`);
		},
		resetLog() {
			log.length = 0;
			storageLog.length = 0;
		},
		/** Whether any request to the storage origin carried a Kazoo credential. */
		credentialReachedStorage: () => storageLog.some((e) => e.credentialSeen),
		/** Webhook delivery attempts: { hook_id, result, client_error?, at, payload }. */
		webhookAttempts: () => dispatcher.attempts,
		/** Resolves when every webhook delivery started so far (with retries) has finished. */
		settleWebhooks: () => dispatcher.settle(),
		tokensRemaining: (accountId) => buckets.remaining(`127.0.0.1/${accountId ?? 'no_account'}`),
		resetRateLimits: () => buckets.reset(),
	};
	return sandbox;
}

module.exports = { createSandbox, toGregorian, API_PREFIX, MAX_RANGE_SECONDS };
