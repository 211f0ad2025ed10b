'use strict';
/**
 * A local VoIPbin API (api.voipbin.net) for call recordings, written from the research notes
 * (../shared/reference/providers-research.md §3, §4), the tutorial (seeds/004) and the schemas of
 * specs/voipbin.openapi.yaml. It shares no code with the node: where the two disagree, one of them is wrong.
 *
 * Two listeners on 127.0.0.1:
 *   API      `${url}/auth/login`, `${url}/v1.0/recordings[/{id}]`, `${url}/v1.0/recordingfiles/{id}` (307),
 *            `${url}/v1.0/transcribes[/{id}[/stop]]`, `${url}/v1.0/transcripts`
 *   storage  `${storageUrl}/<bucket>/<object>?X-Goog-…`: the signed URLs the download redirects to (another origin).
 * See README.md beside this file for every option and the source of each behaviour.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { zipArchive } = require('../../../sandbox/zip');
const { wavBuffer } = require('./wav');
const times = require('./times');
const { createRateLimiter } = require('./rate-limit');
const { ApiError, DEFAULT_REASON, routeNotFound, invalidId, tooManyRequests } = require('./errors');
const { createAuth, parseCookies } = require('./auth');
const { createRecordingStore } = require('./recordings');
const { createTranscribeStore } = require('./transcribes');
const { createStorage, gcsError } = require('./storage');

const API_PREFIX = '/v1.0';
const MAX_PAGE_SIZE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const TMP_BUCKET = 'voipbin-sandbox-tmp';
const MEDIA_BUCKET = 'voipbin-sandbox-recording';

function defaultOptions() {
	return {
		port: 0,
		storagePort: 0,
		host: '127.0.0.1',
		seed: 42,
		/** Recordings seeded for the customer, newest about 7 minutes before `now`, then every ~7 minutes. */
		recordingCount: 25,
		/** The clock starts here (ms since the epoch). */
		now: Date.UTC(2026, 10, 30, 12, 0, 0),
		/** true: the clock runs with real time (plus `advance`); false: it moves only through `clock.advance`. */
		realTime: true,
		customerId: '5e4a0680-804e-11ec-8477-2fea5968d85b',
		users: [
			{ username: 'admin@voipbin.test', password: 'sandbox-password', permission: 'CustomerAdmin' },
			{ username: 'agent@voipbin.test', password: 'agent-password', permission: 'CustomerAgent' },
		],
		accessKey: 'vb_sandboxAccessKey0123456789abcdef',
		jwtTtlSeconds: 7 * 24 * 3600,
		loginAt: 'root',
		loginFailure: 'bare400',
		accesskeyInHeader: 'reject',
		timeFormat: 'rfc3339nano',
		unsetTime: 'absent',
		ownerType: '',
		pageTokenFormat: 'rfc3339micro',
		pageTokenComparison: 'lt',
		pageSizeOverMax: 'clamp',
		downloadPayload: 'zip',
		downloadBeforeEnded: 'emptyZip',
		signedUrlTtlSeconds: 24 * 3600,
		signingConfigured: true,
		notFoundReason: 'split',
		otherCustomerStatus: 403,
		transcriptsIgnorePaging: true,
		transcribeDelayMs: 2000,
		stoppingMs: 0,
		ipRateLimit: { perSecond: 200, burst: 400 },
		customerRateLimit: { perSecond: 16.7, burst: 33 },
		authRateLimit: { perSecond: 10, burst: 20 },
		storageContentType: undefined,
	};
}

const CHOICES = {
	loginAt: ['root', 'v1.0', 'both'],
	loginFailure: ['bare400', 'envelope'],
	accesskeyInHeader: ['reject', 'accept'],
	timeFormat: ['rfc3339nano', 'legacySpace'],
	unsetTime: ['absent', 'emptyString', 'sentinel9999'],
	pageTokenFormat: ['rfc3339micro', 'legacySpace'],
	pageTokenComparison: ['lt', 'lte'],
	pageSizeOverMax: ['clamp', 'reject'],
	downloadPayload: ['zip', 'wav'],
	downloadBeforeEnded: ['emptyZip', 'notFound'],
	notFoundReason: ['split', 'RECORDING_NOT_FOUND', 'RESOURCE_NOT_FOUND'],
	otherCustomerStatus: [403, 404],
};

function createSandbox(userOptions = {}) {
	const options = { ...defaultOptions(), ...userOptions };
	for (const [name, allowed] of Object.entries(CHOICES)) {
		if (!allowed.includes(options[name])) throw new Error(`Sandbox option ${name} must be one of ${allowed.join(', ')}`);
	}

	// ---------- clock and deterministic data ----------
	// Sandbox time = a real-time reading (moving, or frozen at start) shifted so that it starts at options.now.
	const frozenAt = Date.now();
	let shiftMs = options.now - frozenAt;
	const clock = {
		now: () => (options.realTime ? Date.now() : frozenAt) + shiftMs,
		advance(ms) {
			shiftMs += ms;
		},
	};
	const derive = (label) => crypto.createHash('sha256').update(`${options.seed}:${label}`).digest();
	const deriveUuid = (label) => {
		const hex = derive(label).toString('hex');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	};
	const deriveNumber = (label) => derive(label).readUInt32BE(0) / 2 ** 32;

	const auth = createAuth({ options, clock, deriveUuid });
	const recordings = createRecordingStore({ options, clock, deriveUuid, deriveNumber, parseTime: times.parseTimestamp });
	const transcribes = createTranscribeStore({ options, clock, deriveUuid });
	const storage = createStorage({ clock, secret: derive('storage-signing-key') });
	const limiters = {
		ip: options.ipRateLimit && createRateLimiter(options.ipRateLimit),
		customer: options.customerRateLimit && createRateLimiter(options.customerRateLimit),
		auth: options.authRateLimit && createRateLimiter(options.authRateLimit),
	};

	const nowMsAtStart = options.now;
	for (let i = 0; i < options.recordingCount; i++) {
		// About seven minutes apart with up to a minute of jitter, microseconds included, newest first.
		const createUs = (nowMsAtStart - (i + 1) * 420_000) * 1000 - Math.floor(deriveNumber(`jitter:${i}`) * 60e6);
		recordings.addRecording({
			id: deriveUuid(`seeded:${i}`),
			tmCreateUs: createUs,
			referenceType: i % 7 === 3 ? 'confbridge' : 'call',
		});
	}

	const style = () => times.timeStyle(options.timeFormat, options.unsetTime);
	const renderTime = (us) => style().render(us);
	const renderToken = (us) => (options.pageTokenFormat === 'legacySpace' ? times.formatLegacySpace(us) : times.formatRfc3339Micro(us));

	// ---------- log and faults ----------
	const log = [];
	const faults = [];

	/** Which credentials a request carries, by where they are. */
	function credentialsIn(req, url) {
		const found = [];
		const cookies = parseCookies(req.headers.cookie);
		if (url.searchParams.has('accesskey')) found.push('accesskey-query');
		if (url.searchParams.has('token')) found.push('token-query');
		if ('accesskey' in cookies) found.push('accesskey-cookie');
		if ('token' in cookies) found.push('token-cookie');
		if (req.headers.cookie !== undefined) found.push('cookie');
		if (req.headers.authorization !== undefined) found.push('authorization');
		const text = `${req.url}\n${Object.values(req.headers).flat().join('\n')}`;
		if (auth.secrets().some((secret) => secret && text.includes(secret))) found.push('known-secret');
		return found;
	}

	function takeFault(listener, req, url) {
		const i = faults.findIndex(
			(f) =>
				(!f.listener || f.listener === listener) &&
				(!f.method || f.method.toUpperCase() === req.method) &&
				(!f.path || (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname))),
		);
		if (i === -1) return undefined;
		const fault = faults[i];
		fault.times -= 1;
		if (fault.times <= 0) faults.splice(i, 1);
		return fault;
	}

	/** Writes a response; a `truncate` fault cuts the body short and drops the connection. */
	function write(ctx, status, headers, body) {
		const { res } = ctx;
		const bytes = body === undefined || body === null ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
		ctx.entry.status = status; // logged before the client can see the answer
		res.writeHead(status, { ...headers, 'content-length': bytes.length });
		if (ctx.method === 'HEAD') return res.end();
		if (ctx.truncate !== undefined && bytes.length > 0) {
			const keep = ctx.truncate === true ? Math.floor(bytes.length / 2) : Math.min(ctx.truncate, bytes.length - 1);
			res.write(bytes.subarray(0, keep), () => res.destroy());
			return undefined;
		}
		return res.end(bytes);
	}

	const JSON_TYPE = 'application/json; charset=utf-8';
	const sendJson = (ctx, status, value, headers = {}) =>
		write(ctx, status, { 'content-type': JSON_TYPE, ...headers }, JSON.stringify(value));

	function sendError(ctx, error) {
		if (error.bare) return write(ctx, error.httpStatus, error.headers, undefined);
		return sendJson(ctx, error.httpStatus, error.envelope(ctx.requestId), error.headers);
	}

	function sendFault(ctx, fault) {
		const headers = { ...(fault.headers ?? {}) };
		if (fault.body === null) return write(ctx, fault.status, headers, undefined);
		if (typeof fault.body === 'string' || Buffer.isBuffer(fault.body)) return write(ctx, fault.status, headers, fault.body);
		if (fault.body !== undefined) return sendJson(ctx, fault.status, fault.body, headers);
		if (ctx.listener === 'storage') {
			const e = gcsError(fault.status, fault.status >= 500 ? 'InternalError' : 'AccessDenied', 'Injected fault.');
			return write(ctx, fault.status, { ...e.headers, ...headers }, e.body);
		}
		const reason = DEFAULT_REASON[fault.status] ?? 'INTERNAL';
		const extra = fault.status === 429 ? { details: [{ limited_by: 'customer' }] } : {};
		if (fault.status === 429 && !Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after')) headers['retry-after'] = '1';
		return sendJson(ctx, fault.status, new ApiError(fault.status, reason, `Injected fault (${reason}).`, extra).envelope(ctx.requestId), headers);
	}

	// ---------- request bodies and parameters ----------
	async function readBody(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		return Buffer.concat(chunks).toString('utf8');
	}

	/** page_size: default 100; <= 0 or > 100 become 100 (`clamp`) or a 400 (`reject`); not an integer: 400. */
	function pageSizeOf(url) {
		if (!url.searchParams.has('page_size')) return MAX_PAGE_SIZE;
		const text = url.searchParams.get('page_size');
		if (!/^[+-]?\d+$/.test(text)) {
			throw new ApiError(400, 'INVALID_REQUEST_PARAMETER', `Invalid format for parameter page_size: ${JSON.stringify(text)} is not an integer.`);
		}
		const size = Number(text);
		if (size >= 1 && size <= MAX_PAGE_SIZE) return size;
		if (options.pageSizeOverMax === 'reject') {
			throw new ApiError(400, 'INVALID_REQUEST_PARAMETER', `page_size must be between 1 and ${MAX_PAGE_SIZE}.`);
		}
		return MAX_PAGE_SIZE;
	}

	/**
	 * page_token as the database reads it: a timestamp in either the RFC 3339 or the legacy space style. Anything
	 * else compares as no valid time, which matches no row: an empty page [inference: MySQL comparing DATETIME(6)
	 * with an unparsable string].
	 */
	function pageTokenOf(url) {
		const text = url.searchParams.get('page_token') ?? '';
		if (text === '') return { us: undefined, valid: true };
		const us = times.parseTimestamp(text);
		return { us, valid: us !== undefined };
	}

	function requireUuid(id) {
		if (!UUID.test(id)) throw invalidId();
		return id.toLowerCase();
	}

	function requirePermission(identity) {
		if (identity.permission !== 'CustomerAdmin' && identity.permission !== 'CustomerManager') {
			throw new ApiError(403, 'PERMISSION_DENIED', 'The authenticated user does not have permission for this resource.');
		}
	}

	/** The caller's recording, or the documented 4xx. */
	function findRecording(identity, rawId) {
		const id = requireUuid(rawId);
		const r = recordings.byId.get(id);
		const unknownReason = options.notFoundReason === 'RESOURCE_NOT_FOUND' ? 'RESOURCE_NOT_FOUND' : 'RECORDING_NOT_FOUND';
		const deletedReason = options.notFoundReason === 'RECORDING_NOT_FOUND' ? 'RECORDING_NOT_FOUND' : 'RESOURCE_NOT_FOUND';
		if (!r || r.createUs > recordings.nowUs()) throw new ApiError(404, unknownReason, 'The recording was not found.');
		if (r.customerId !== identity.customerId) {
			if (options.otherCustomerStatus === 404) throw new ApiError(404, unknownReason, 'The recording was not found.');
			throw new ApiError(403, 'PERMISSION_DENIED', 'The authenticated user does not have permission for this resource.');
		}
		if (r.deleteUs !== null) throw new ApiError(404, deletedReason, 'The requested resource was not found.');
		return r;
	}

	function findTranscribe(identity, rawId) {
		const id = requireUuid(rawId);
		const t = transcribes.byId.get(id);
		if (!t || t.deleteUs !== null || t.customerId !== identity.customerId) {
			throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found.');
		}
		return t;
	}

	const presentRecording = (r) => recordings.present(r, style(), options.ownerType);
	const transcribeUnset = () => (options.timeFormat === 'legacySpace' ? times.SENTINEL_9999 : null);
	const presentTranscribe = (t) => transcribes.present(t, renderTime, transcribeUnset());

	// ---------- handlers ----------

	async function handleLogin(ctx) {
		const fail = () =>
			options.loginFailure === 'bare400'
				? new ApiError(400, 'INVALID_ARGUMENT', '', { bare: true })
				: new ApiError(401, 'INVALID_CREDENTIALS', 'The provided credentials are invalid.');
		if (limiters.auth) {
			const wait = limiters.auth.take(`ip:${ctx.req.socket.remoteAddress}`);
			if (wait) throw tooManyRequests(wait, 'ip');
		}
		let body;
		try {
			body = JSON.parse(await readBody(ctx.req));
		} catch {
			throw options.loginFailure === 'bare400' ? fail() : new ApiError(400, 'INVALID_JSON_BODY', 'The request body is not valid JSON.');
		}
		if (!body || typeof body.username !== 'string' || typeof body.password !== 'string' || !body.username || !body.password) {
			throw options.loginFailure === 'bare400' ? fail() : new ApiError(400, 'INVALID_ARGUMENT', 'username and password are required.');
		}
		const user = auth.login(body.username, body.password);
		if (!user) throw fail();
		const token = auth.issueToken(user.username);
		return sendJson(ctx, 200, { username: user.username, token }, {
			'set-cookie': `token=${token}; Path=/; Max-Age=${options.jwtTtlSeconds}; HttpOnly; Secure; SameSite=Strict`,
		});
	}

	function listRecordings(ctx, identity) {
		const size = pageSizeOf(ctx.url);
		const token = pageTokenOf(ctx.url);
		const items = token.valid ? recordings.page(identity.customerId, token.us, size, options.pageTokenComparison === 'lte') : [];
		return sendJson(ctx, 200, {
			result: items.map(presentRecording),
			next_page_token: items.length ? renderToken(items[items.length - 1].createUs) : '',
		});
	}

	function downloadRecording(ctx, identity, id) {
		const r = findRecording(identity, id);
		if (!options.signingConfigured) {
			throw new ApiError(503, 'SIGNING_NOT_CONFIGURED', 'Signed download URLs are not configured on this deployment.');
		}
		const ended = recordings.statusOf(r) === 'ended';
		let path;
		let object;
		if (options.downloadPayload === 'wav') {
			// Older deployments: one WAV of the recording [seed 004; doc recording_overview.rst].
			if (!ended || !r.hasFiles) throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'The recording file is not ready.');
			const ms = recordings.audioMs(r);
			path = `/${MEDIA_BUCKET}/recording/${r.name}.wav`;
			object = { contentType: options.storageContentType ?? 'audio/x-wav', build: () => wavBuffer(ms, 400) };
		} else {
			if (!ended && options.downloadBeforeEnded === 'notFound') {
				throw new ApiError(404, 'RESOURCE_NOT_FOUND', 'The recording file is not ready.');
			}
			// A ZIP of the storage files of the recording: `<name>_in.wav` and `<name>_out.wav` for a call, `_in.wav`
			// only for a conference; none (an empty ZIP) before the files exist [vb: pkg/servicehandler/recordingfile.go,
			// bin-storage-manager/pkg/filehandler/compress.go].
			const sides = !ended || !r.hasFiles ? [] : r.referenceType === 'confbridge' ? ['in'] : ['in', 'out'];
			const fileIds = sides.map((side) => deriveUuid(`file:${r.id}:${side}`)).sort();
			const hash = crypto.createHash('sha1').update(fileIds.join('')).digest('hex');
			const ms = recordings.audioMs(r);
			const name = r.name;
			path = `/${TMP_BUCKET}/tmp/${hash}.zip`;
			object = {
				contentType: options.storageContentType ?? 'application/zip',
				build: () => zipArchive(sides.map((side) => ({ name: `${name}_${side}.wav`, data: wavBuffer(ms, side === 'in' ? 400 : 500) }))),
			};
		}
		const location = storage.put(sandbox.storageUrl, path, object, options.signedUrlTtlSeconds);
		// Go's http.Redirect: a short HTML body for GET.
		const html = `<a href="${location.replace(/&/g, '&amp;')}">Temporary Redirect</a>.\n\n`;
		return write(ctx, 307, { location, 'content-type': 'text/html; charset=utf-8' }, html);
	}

	async function createTranscribe(ctx, identity) {
		let body;
		try {
			body = JSON.parse(await readBody(ctx.req));
		} catch {
			throw new ApiError(400, 'INVALID_JSON_BODY', 'The request body is not valid JSON.');
		}
		if (!body || typeof body !== 'object') throw new ApiError(400, 'INVALID_JSON_BODY', 'The request body is not a JSON object.');
		if (body.reference_type === 'call' || body.reference_type === 'confbridge') {
			// Live transcription of calls and conferences exists, but the sandbox has no calls.
			throw new ApiError(404, 'RESOURCE_NOT_FOUND', `The ${body.reference_type} was not found.`);
		}
		if (body.reference_type !== 'recording') {
			throw new ApiError(400, 'INVALID_ARGUMENT', 'reference_type must be one of recording, call, confbridge.');
		}
		if (typeof body.reference_id !== 'string') throw invalidId();
		if (typeof body.language !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(body.language)) {
			throw new ApiError(400, 'INVALID_ARGUMENT', 'language must be a BCP 47 language code such as en-US.');
		}
		const r = findRecording(identity, body.reference_id);
		if (recordings.statusOf(r) !== 'ended') {
			// [inference] The files are not there before the recording ends.
			throw new ApiError(400, 'INVALID_ARGUMENT', 'The recording has not ended yet.');
		}
		const t = transcribes.start({
			recording: r,
			audioMs: recordings.audioMs(r),
			language: body.language,
			direction: body.direction,
			provider: body.provider,
			onEndFlowId: body.on_end_flow_id,
		});
		return sendJson(ctx, 200, presentTranscribe(t));
	}

	function listTranscribes(ctx, identity) {
		const q = ctx.url.searchParams;
		const hasType = q.has('reference_type') && q.get('reference_type') !== '';
		const hasId = q.has('reference_id') && q.get('reference_id') !== '';
		if (hasType !== hasId) {
			throw new ApiError(400, 'INVALID_REFERENCE_FILTER', 'reference_type and reference_id must be given together.');
		}
		const size = pageSizeOf(ctx.url);
		const token = pageTokenOf(ctx.url);
		const inclusive = options.pageTokenComparison === 'lte';
		const items = !token.valid
			? []
			: [...transcribes.byId.values()]
					.filter((t) => t.customerId === identity.customerId && t.deleteUs === null)
					.filter((t) => !hasType || (t.referenceType === q.get('reference_type') && t.referenceId === q.get('reference_id').toLowerCase()))
					.filter((t) => token.us === undefined || (inclusive ? t.createUs <= token.us : t.createUs < token.us))
					.sort((a, b) => b.createUs - a.createUs)
					.slice(0, size);
		return sendJson(ctx, 200, {
			result: items.map(presentTranscribe),
			next_page_token: items.length ? renderToken(items[items.length - 1].createUs) : '',
		});
	}

	function listTranscripts(ctx, identity) {
		const q = ctx.url.searchParams;
		if (!q.get('transcribe_id')) {
			throw new ApiError(400, 'INVALID_REQUEST_PARAMETER', 'Query argument transcribe_id is required.');
		}
		const t = findTranscribe(identity, q.get('transcribe_id'));
		let lines = transcribes.linesNewestFirst(t);
		if (options.transcriptsIgnorePaging) {
			// The server asks for ("", 100) whatever the client sent [vb: servicehandler TranscriptList].
			pageSizeOf(ctx.url); // a malformed page_size is still refused by the parameter binding
			lines = lines.slice(0, MAX_PAGE_SIZE);
		} else {
			const size = pageSizeOf(ctx.url);
			const token = pageTokenOf(ctx.url);
			lines = !token.valid ? [] : lines.filter((line) => token.us === undefined || line.createUs < token.us).slice(0, size);
		}
		return sendJson(ctx, 200, {
			result: lines.map((line) => transcribes.presentLine(t, line, renderTime)),
			next_page_token: lines.length ? times.formatRfc3339Micro(lines[lines.length - 1].createUs) : '',
		});
	}

	/** Deletes are soft: the answer is the object with its `tm_delete` [code recordinghandler/db.go Delete]. */
	function softDelete(item, present) {
		item.deleteUs = recordings.nowUs();
		return present(item);
	}

	/** [method, pattern, handler(ctx, identity, ...captures)] for /v1.0 routes. */
	const routes = [
		['GET', /^\/recordings$/, listRecordings],
		['GET', /^\/recordings\/([^/]+)$/, (ctx, identity, id) => sendJson(ctx, 200, presentRecording(findRecording(identity, id)))],
		['DELETE', /^\/recordings\/([^/]+)$/, (ctx, identity, id) => sendJson(ctx, 200, softDelete(findRecording(identity, id), presentRecording))],
		['GET', /^\/recordingfiles\/([^/]+)$/, downloadRecording],
		['POST', /^\/transcribes$/, createTranscribe],
		['GET', /^\/transcribes$/, listTranscribes],
		['GET', /^\/transcribes\/([^/]+)$/, (ctx, identity, id) => sendJson(ctx, 200, presentTranscribe(findTranscribe(identity, id)))],
		['DELETE', /^\/transcribes\/([^/]+)$/, (ctx, identity, id) => sendJson(ctx, 200, softDelete(findTranscribe(identity, id), presentTranscribe))],
		[
			'POST',
			/^\/transcribes\/([^/]+)\/stop$/,
			(ctx, identity, id) => sendJson(ctx, 200, presentTranscribe(transcribes.finish(findTranscribe(identity, id).id))),
		],
		['GET', /^\/transcripts$/, listTranscripts],
	];

	function isLoginPath(path) {
		if (path === '/auth/login') return options.loginAt !== 'v1.0';
		if (path === `${API_PREFIX}/auth/login`) return options.loginAt !== 'root';
		return false;
	}

	async function handleApi(ctx) {
		const { req, url } = ctx;
		if (limiters.ip && url.pathname.startsWith(`${API_PREFIX}/`)) {
			const wait = limiters.ip.take(`ip:${req.socket.remoteAddress}`);
			if (wait) throw tooManyRequests(wait, 'ip');
		}
		if (isLoginPath(url.pathname) && req.method === 'POST') return handleLogin(ctx);
		if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw routeNotFound();
		const subPath = url.pathname.slice(API_PREFIX.length);
		for (const [method, pattern, handler] of routes) {
			const m = pattern.exec(subPath);
			if (!m || method !== req.method) continue;
			const identity = auth.authenticate(req, url);
			if (limiters.customer) {
				const wait = limiters.customer.take(`customer:${identity.customerId}`);
				if (wait) throw tooManyRequests(wait, 'customer');
			}
			requirePermission(identity);
			let captures;
			try {
				captures = m.slice(1).map(decodeURIComponent);
			} catch {
				throw invalidId(); // a malformed %-escape in the id
			}
			return handler(ctx, identity, ...captures);
		}
		throw routeNotFound();
	}

	function handleStorage(ctx) {
		const answer = storage.answer(ctx.method, ctx.url, ctx.req.headers.range);
		return write(ctx, answer.status, answer.headers, answer.body);
	}

	async function serve(listener, req, res, handler) {
		let url;
		try {
			url = new URL(req.url, `http://${req.headers.host ?? options.host}`);
		} catch {
			url = new URL(req.url, `http://${options.host}`); // a Host header that is no host
		}
		const entry = {
			listener,
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			rawQuery: url.search,
			url: url.toString(),
			headers: { ...req.headers },
			host: req.headers.host ?? '',
			credentials: credentialsIn(req, url),
			status: 0,
			at: Date.now(),
			clockAt: clock.now(),
		};
		log.push(entry);
		const offered = req.headers['x-request-id'];
		const requestId = typeof offered === 'string' && SAFE_REQUEST_ID.test(offered) ? offered : `req_${crypto.randomBytes(8).toString('hex').toUpperCase()}`;
		const ctx = { listener, req, res, url, entry, method: req.method, requestId, truncate: undefined };
		if (listener === 'api') res.setHeader('x-request-id', requestId);
		try {
			const fault = takeFault(listener, req, url);
			if (fault) {
				if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
				if (fault.reset) return req.socket.destroy();
				if (fault.status) return sendFault(ctx, fault);
				if (fault.truncate) ctx.truncate = fault.truncate;
			}
			return await handler(ctx);
		} catch (error) {
			if (error instanceof ApiError) return sendError(ctx, error);
			console.error('voipbin sandbox error', error);
			return sendError(ctx, new ApiError(500, 'INTERNAL', 'Internal server error.'));
		}
	}

	const apiServer = http.createServer((req, res) => void serve('api', req, res, handleApi));
	const storageServer = http.createServer((req, res) => void serve('storage', req, res, handleStorage));
	const listen = (server, port) =>
		new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, options.host, () => resolve(server.address().port));
		});
	const close = (server) =>
		new Promise((resolve) => {
			if (!server.listening) return resolve();
			server.closeAllConnections?.();
			server.close(() => resolve());
		});

	const sandbox = {
		options,
		clock,
		log,
		server: apiServer,
		storageServer,
		url: '',
		apiBaseUrl: '',
		storageUrl: '',
		port: 0,
		storagePort: 0,
		recordings: recordings.byId,
		transcribes: transcribes.byId,
		accessKeys: auth.accessKeys,
		async start() {
			sandbox.port = await listen(apiServer, options.port);
			sandbox.storagePort = await listen(storageServer, options.storagePort);
			sandbox.url = `http://${options.host}:${sandbox.port}`;
			sandbox.apiBaseUrl = `${sandbox.url}${API_PREFIX}`;
			sandbox.storageUrl = `http://${options.host}:${sandbox.storagePort}`;
			return sandbox;
		},
		async stop() {
			await Promise.all([close(apiServer), close(storageServer)]);
		},
		issueToken: (username, ttlSeconds) => auth.issueToken(username, ttlSeconds),
		addAccessKey: (fields) => auth.addAccessKey(fields),
		revokeAccessKey(token) {
			const key = auth.accessKeys.get(token);
			if (key) key.deleted = true;
		},
		addRecording: (fields) => recordings.addRecording(fields),
		deleteRecording(id) {
			const r = recordings.byId.get(id);
			if (r && r.deleteUs === null) r.deleteUs = recordings.nowUs();
		},
		setRecordingStatus: (id, status) => recordings.setStatus(id, status),
		finishRecording: (id) => recordings.setStatus(id, 'ended'),
		recordingStatus: (id) => recordings.statusOf(recordings.byId.get(id)),
		/** Storage has the recording's files (true) or not yet (false: its ZIP is empty). */
		setRecordingFiles(id, present) {
			recordings.byId.get(id).hasFiles = present;
		},
		finishTranscribe: (id) => transcribes.finish(id),
		/** The recording as the API would show it now (with the current switches). */
		presentRecording: (id) => presentRecording(recordings.byId.get(id)),
		/** The customer's live recordings, newest first, as a complete and tie-free listing would return them. */
		visibleRecordings(customerId = options.customerId) {
			return recordings.page(customerId, undefined, Infinity, false);
		},
		injectFault(fault) {
			faults.push({ times: 1, ...fault });
		},
		clearFaults() {
			faults.length = 0;
		},
		apiRequests: () => log.filter((e) => e.listener === 'api' && e.path.startsWith(`${API_PREFIX}/`)),
		loginRequests: () => log.filter((e) => e.listener === 'api' && e.path.endsWith('/auth/login')),
		storageRequests: () => log.filter((e) => e.listener === 'storage'),
		/** Storage requests that carried any credential (access key, token, Authorization, Cookie, or a known secret). */
		storageCredentialLeaks: () => log.filter((e) => e.listener === 'storage' && e.credentials.length > 0),
		resetLog() {
			log.length = 0;
		},
		resetRateLimits() {
			for (const limiter of Object.values(limiters)) limiter?.reset();
		},
		formatTime: renderTime,
		formatPageToken: renderToken,
	};
	return sandbox;
}

module.exports = {
	createSandbox,
	defaultOptions,
	API_PREFIX,
	MAX_PAGE_SIZE,
	formatRfc3339Nano: times.formatRfc3339Nano,
	formatLegacySpace: times.formatLegacySpace,
	formatRfc3339Micro: times.formatRfc3339Micro,
	parseTimestamp: times.parseTimestamp,
};
