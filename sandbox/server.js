'use strict';
/**
 * A local Vonage Business Communications Call Recording API, written from Vonage's documentation of that
 * API (its reference pages and OpenAPI file on developer.vonage.com). It shares no code with the node:
 * when the two disagree, one of them is wrong, and the tests say which.
 *
 * What it serves (paths relative to `${url}/t/vbc.prod/call_recording`, with or without `/v1`):
 *   company and on-demand recordings (list, get, delete, export), audio, company transcriptions,
 *   transcript content, both kinds of export jobs and their ZIP archives,
 * plus OAuth2 at `${url}/authorize` and `${url}/token` (authorization code, refresh, password).
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { mp3Chunks, mp3Buffer, mp3SizeForDuration } = require('./mp3');
const { zipArchive } = require('./zip');

const API_BASE_PATH = '/t/vbc.prod/call_recording';
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;
const REFRESH_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;
const DIRECTIONS = ['INBOUND', 'OUTBOUND', 'INTRA_PBX'];
const VBC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:?\d{2})$/;

/** Deterministic pseudo-random numbers, so seeded data is the same on every run. */
function seededRandom(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `2019-01-01T00:00:00+0000`, the format the API documents. */
function formatVbcTime(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function parseVbcTime(text) {
	const m = VBC_TIME.exec(text);
	if (!m) return undefined;
	const zone = m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(-2)}`;
	const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
	return Number.isNaN(ms) ? undefined : ms;
}

class HttpError extends Error {
	constructor(status, body, headers = {}) {
		super(typeof body === 'string' ? body : JSON.stringify(body));
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

const problem = (status, title, detail, extra = {}) =>
	new HttpError(status, { status, title, detail, ...extra });

function defaultOptions() {
	return {
		port: 0,
		host: '127.0.0.1',
		seed: 42,
		/** How many company recordings to seed, and how many on-demand ones for the default user. */
		companyRecordings: 25,
		onDemandRecordings: 5,
		/** 0 or 1: how `_links` number pages. The body's `page` always counts from 1, as documented. */
		pageBase: 0,
		accessTokenTtlSeconds: 86400,
		/** Requests per minute per access token; null for no quota. */
		quotaPerMinute: null,
		quotaWindowMs: 60_000,
		/** Export jobs run this long, half pending and half in progress. */
		jobDurationMs: 1500,
		/** An archive may be downloaded for this long after the job completes. */
		jobValidityMs: 7 * 24 * 3600 * 1000,
		clientId: 'sandbox-client',
		clientSecret: 'sandbox-secret',
		accountId: 549825,
		/**
		 * The ID of the first recording; later ones count up. VBC never reuses an ID, so a sandbox that is
		 * restarted next to a trigger's saved state (the demo) continues from where the last one stopped.
		 */
		firstRecordingId: 193228,
		/** The time the seeded recordings end before; the clock starts here too. */
		now: Date.UTC(2026, 10, 30, 12, 0, 0),
		/** Whether the clock follows real time (true) or moves only through `advance()`. */
		realTime: true,
		/** Whether `_links` repeat the filters and page_size (the API pages show only `?page=N`). */
		linksKeepQuery: false,
		/** Whether list pages leave out `total_items` and `total_pages` (some HAL servers do). */
		omitTotals: false,
		/**
		 * Whether requests must keep to what the API documents: the job lists declare only `status`
		 * (the recordings+transcriptions one not even that) besides the `page` their links carry, and
		 * the export endpoints require a JSON body.
		 */
		strict: true,
		/**
		 * How the transcription list reads `status`: 'words' (ready, pending, failed) or 'boolean'
		 * (true: ready, anything else: not ready). No document says which it is.
		 */
		transcriptionStatusFilter: 'words',
	};
}

function createSandbox(userOptions = {}) {
	const options = { ...defaultOptions(), ...userOptions };
	const random = seededRandom(options.seed);
	const startedAt = Date.now();
	let manualOffset = 0;
	const clock = {
		now: () => options.now + manualOffset + (options.realTime ? Date.now() - startedAt : 0),
		advance: (ms) => {
			manualOffset += ms;
		},
	};

	const users = new Map([
		[
			745249,
			{ id: 745249, login: 'alice@vbc.prod', password: 'alice-password', extension: 101, companyAccess: true },
		],
		[
			745250,
			{ id: 745250, login: 'bob@vbc.prod', password: 'bob-password', extension: 102, companyAccess: false },
		],
	]);
	const defaultUser = users.get(745249);

	const codes = new Map();
	const accessTokens = new Map();
	const refreshTokens = new Map();
	const recordings = new Map();
	const jobs = new Map();
	const log = [];
	const faults = [];
	const quotaHits = new Map();
	let nextRecordingId = options.firstRecordingId;
	let nextJobFate = [];

	// ---------- data ----------

	const seededUuid = () => {
		const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
	};

	function addRecording(fields = {}) {
		const id = fields.id ?? nextRecordingId++;
		const duration = fields.duration ?? Math.round(5_000 + random() * 300_000);
		const start = fields.start ?? clock.now() - duration - Math.round(random() * 3_600_000);
		const end = start + duration;
		const direction = fields.call_direction ?? DIRECTIONS[Math.floor(random() * 3)];
		const extension = fields.extension ?? 100 + Math.floor(random() * 5);
		const phone = `1732555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
		const fileName =
			fields.file_name ?? `${options.accountId}.${id}.${Math.floor(random() * 2 ** 32).toString(16).padStart(8, "0")}.${start}.mp3`;
		const recording = {
			id,
			scope: fields.scope ?? 'company',
			userId: fields.userId ?? defaultUser.id,
			call_direction: direction,
			call_id: fields.call_id ?? seededUuid(),
			// The API pages show caller_id both as a string and as a number.
			caller_id: fields.caller_id ?? (id % 2 === 0 ? Number(phone) : phone),
			cnam: fields.cnam ?? ['JOHN SMITH', 'JANE DOE', 'ACME CORP', 'WIRELESS CALLER'][id % 4],
			dnis: fields.dnis ?? `1732555${String(extension).padStart(4, '0')}`,
			duration,
			start,
			end,
			extensions: fields.extensions ?? [extension],
			file_name: fileName,
			file_size_in_bytes: fields.file_size_in_bytes ?? mp3SizeForDuration(duration, fileName),
			// The API pages show rule_ids both as numbers and as `[{}]`.
			rule_ids: fields.rule_ids ?? (id % 3 === 0 ? [{}] : [1989, 2012]),
			visibleAt: fields.visibleAt ?? end + (fields.processingDelayMs ?? 0),
			deleted: false,
			transcription: fields.transcription ?? {
				status: id % 7 === 0 ? 'failed' : 'ready',
				readyAt: end + (fields.transcriptionDelayMs ?? 0),
				format: id % 2 === 0 ? 'json' : 'text',
				error: 'Audio quality too low to transcribe',
			},
		};
		recordings.set(id, recording);
		return recording;
	}

	for (let i = 0; i < options.companyRecordings; i++) {
		addRecording({ start: options.now - (i + 1) * 3_600_000, scope: 'company' });
	}
	for (let i = 0; i < options.onDemandRecordings; i++) {
		addRecording({ start: options.now - (i + 1) * 5_400_000, scope: 'ondemand' });
	}

	// ---------- helpers ----------

	function origin(req) {
		return `http://${req.headers.host}`;
	}

	function send(res, status, body, headers = {}) {
		if (body === undefined || status === 204) {
			res.writeHead(status, headers);
			res.end();
			return;
		}
		if (Buffer.isBuffer(body) || typeof body === 'string') {
			res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
			res.end(body);
			return;
		}
		const text = JSON.stringify(body);
		res.writeHead(status, {
			'content-type': 'application/json;charset=UTF-8',
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	async function readBody(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		return Buffer.concat(chunks).toString('utf8');
	}

	function issueTokens(user, clientId) {
		const accessToken = `at_${crypto.randomBytes(16).toString('hex')}`;
		const refreshToken = `rt_${crypto.randomBytes(16).toString('hex')}`;
		const now = clock.now();
		accessTokens.set(accessToken, {
			user,
			clientId,
			expiresAt: now + options.accessTokenTtlSeconds * 1000,
		});
		refreshTokens.set(refreshToken, { user, clientId, expiresAt: now + REFRESH_TOKEN_TTL_MS });
		return {
			access_token: accessToken,
			refresh_token: refreshToken,
			token_type: 'Bearer',
			expires_in: options.accessTokenTtlSeconds,
			scope: 'openid',
			id_token: `sandbox.${Buffer.from(JSON.stringify({ sub: user.login })).toString('base64url')}.sig`,
		};
	}

	function clientFrom(req, form) {
		const header = req.headers.authorization ?? '';
		if (header.startsWith('Basic ')) {
			const [id, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
			return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
		}
		return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
	}

	async function handleToken(req, res) {
		const form = new URLSearchParams(await readBody(req));
		const client = clientFrom(req, form);
		if (client.id !== options.clientId || client.secret !== options.clientSecret) {
			throw new HttpError(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
		}
		const grant = form.get('grant_type');
		const invalidGrant = (description) =>
			new HttpError(400, { error: 'invalid_grant', error_description: description });
		if (grant === 'authorization_code') {
			const entry = codes.get(form.get('code'));
			if (!entry) throw invalidGrant('The authorization code is invalid or was used already');
			codes.delete(form.get('code'));
			return send(res, 200, issueTokens(entry.user, client.id));
		}
		if (grant === 'refresh_token') {
			const token = form.get('refresh_token');
			const entry = refreshTokens.get(token);
			if (!entry || entry.expiresAt <= clock.now()) {
				refreshTokens.delete(token);
				throw invalidGrant('The refresh token is invalid, expired or was already used');
			}
			refreshTokens.delete(token); // refresh tokens rotate: the old one dies when used
			return send(res, 200, issueTokens(entry.user, client.id));
		}
		if (grant === 'password') {
			const login = form.get('username') ?? '';
			const user = [...users.values()].find((u) => u.login === login);
			if (!user || user.password !== form.get('password')) {
				throw invalidGrant('Invalid username or password');
			}
			return send(res, 200, issueTokens(user, client.id));
		}
		throw new HttpError(400, { error: 'unsupported_grant_type', error_description: `grant_type ${grant}` });
	}

	function handleAuthorize(req, res, url) {
		const redirect = url.searchParams.get('redirect_uri');
		if (url.searchParams.get('client_id') !== options.clientId || !redirect) {
			throw new HttpError(400, { error: 'invalid_request', error_description: 'Unknown client or missing redirect_uri' });
		}
		const code = `code_${crypto.randomBytes(12).toString('hex')}`;
		const login = url.searchParams.get('login_hint');
		const user = [...users.values()].find((u) => u.login === login) ?? defaultUser;
		codes.set(code, { user, redirect });
		const target = new URL(redirect);
		target.searchParams.set('code', code);
		if (url.searchParams.has('state')) target.searchParams.set('state', url.searchParams.get('state'));
		res.writeHead(302, { location: target.toString() });
		res.end();
	}

	function authenticate(req) {
		const header = req.headers.authorization ?? '';
		if (!header.startsWith('Bearer ')) {
			throw new HttpError(401, { msg: 'Missing bearer token', status: 401 }, { 'www-authenticate': 'Bearer' });
		}
		const token = header.slice(7);
		const entry = accessTokens.get(token);
		if (!entry || entry.expiresAt <= clock.now()) {
			throw new HttpError(
				401,
				{ msg: 'The access token is invalid or has expired', status: 401 },
				{ 'www-authenticate': 'Bearer error="invalid_token"' },
			);
		}
		if (options.quotaPerMinute) {
			const now = Date.now();
			const hits = (quotaHits.get(token) ?? []).filter((t) => t > now - options.quotaWindowMs);
			if (hits.length >= options.quotaPerMinute) {
				const retryAfter = Math.max(1, Math.ceil((hits[0] + options.quotaWindowMs - now) / 1000));
				quotaHits.set(token, hits);
				throw new HttpError(
					429,
					{ msg: 'Quota exceeded', status: 429 },
					{ 'retry-after': String(retryAfter) },
				);
			}
			hits.push(now);
			quotaHits.set(token, hits);
		}
		return { token, user: entry.user };
	}

	function resolveAccount(accountId) {
		if (accountId !== 'self' && accountId !== String(options.accountId)) {
			throw new HttpError(403, { msg: 'User is not authorized for this account', status: 403 });
		}
	}

	function resolveUser(userId, auth) {
		if (userId === 'self' || userId === String(auth.user.id)) return auth.user;
		if (!/^\d+$/.test(userId) || !users.has(Number(userId))) {
			throw new HttpError(404, { msg: `User ${userId} not found`, status: 404 });
		}
		if (!auth.user.companyAccess) {
			throw new HttpError(403, { msg: "User is not authorized to access this user's recordings", status: 403 });
		}
		return users.get(Number(userId));
	}

	function requireCompanyAccess(auth, what = 'search CCR recordings') {
		if (!auth.user.companyAccess) {
			throw new HttpError(403, { msg: `User is not authorized to ${what} for this account`, status: 403 });
		}
	}

	const isVisible = (r) => !r.deleted && r.visibleAt <= clock.now();

	function transcriptionStatus(r) {
		if (r.transcription.readyAt > clock.now()) return 'pending';
		return r.transcription.status;
	}

	function presentRecording(r, req) {
		const base = `${origin(req)}${API_BASE_PATH}/api/accounts/${options.accountId}`;
		const self =
			r.scope === 'company'
				? `${base}/company_call_recordings/${r.id}`
				: `${base}/users/${r.userId}/call_recordings/${r.id}`;
		return {
			_links: { self: { href: self } },
			call_direction: r.call_direction,
			call_id: r.call_id,
			caller_id: r.caller_id,
			cnam: r.cnam,
			dnis: r.dnis,
			download_url: `${origin(req)}${API_BASE_PATH}/api/audio/recording/${r.id}`,
			duration: r.duration,
			end: formatVbcTime(r.end),
			extensions: r.extensions,
			file_name: r.file_name,
			file_size_in_bytes: r.file_size_in_bytes,
			id: r.id,
			rule_ids: r.rule_ids,
			start: formatVbcTime(r.start),
		};
	}

	function presentTranscription(r, req) {
		const status = transcriptionStatus(r);
		const item = {
			recording_id: r.id,
			call_id: r.call_id,
			caller_id: r.caller_id,
			call_date: formatVbcTime(r.start),
			duration: r.duration,
			direction: r.call_direction,
			cnam: r.cnam,
			dnis: r.dnis,
			transcription_ready: status === 'ready',
		};
		if (status === 'ready') item.transcription_url = `${origin(req)}${API_BASE_PATH}/v1/api/transcription/${r.id}`;
		if (status === 'failed') item.transcription_error = r.transcription.error;
		return item;
	}

	/** The recording filters, from a query string or an export body. */
	function readFilters(get) {
		const filters = {};
		const invalid = [];
		const direction = get('call_direction');
		if (direction !== undefined) {
			if (!DIRECTIONS.includes(String(direction))) invalid.push({ name: 'call_direction', reason: 'must be one of INBOUND, OUTBOUND, INTRA_PBX' });
			filters.call_direction = String(direction);
		}
		for (const name of ['call_id', 'caller_id', 'cnam', 'dnis', 'extension']) {
			const value = get(name);
			if (value !== undefined) filters[name] = String(value);
		}
		for (const name of ['duration:gte', 'duration:lte']) {
			const value = get(name);
			if (value === undefined) continue;
			if (!/^\d+$/.test(String(value))) invalid.push({ name, reason: 'must be a whole number of milliseconds' });
			filters[name] = Number(value);
		}
		for (const name of ['start:gte', 'start:lte']) {
			const value = get(name);
			if (value === undefined) continue;
			const ms = parseVbcTime(String(value));
			if (ms === undefined) invalid.push({ name, reason: 'must be yyyy-MM-ddTHH:mm:ssZ, e.g. 2019-01-01T00:00:00+0000' });
			filters[name] = ms;
		}
		if (invalid.length) {
			throw problem(400, 'Bad Request', 'Invalid search parameters', { invalid_parameters: invalid });
		}
		return filters;
	}

	function matches(r, f) {
		if (f.call_direction && r.call_direction !== f.call_direction) return false;
		if (f.call_id && r.call_id !== f.call_id) return false;
		if (f.caller_id && String(r.caller_id) !== f.caller_id) return false;
		if (f.cnam && r.cnam.toLowerCase() !== f.cnam.toLowerCase()) return false;
		if (f.dnis && r.dnis !== f.dnis) return false;
		if (f.extension && !r.extensions.map(String).includes(f.extension)) return false;
		if (f['duration:gte'] !== undefined && r.duration < f['duration:gte']) return false;
		if (f['duration:lte'] !== undefined && r.duration > f['duration:lte']) return false;
		if (f['start:gte'] !== undefined && r.start < f['start:gte']) return false;
		if (f['start:lte'] !== undefined && r.start > f['start:lte']) return false;
		return true;
	}

	function sortBy(order, items, fields) {
		const [field, dir = 'DESC'] = (order ?? 'start:DESC').split(':');
		if (!fields.includes(field) || !['ASC', 'DESC'].includes(dir.toUpperCase())) {
			throw problem(400, 'Bad Request', `Cannot sort by ${order}`, {
				invalid_parameters: [{ name: 'order', reason: `field:ASC|DESC with field one of ${fields.join(', ')}` }],
			});
		}
		const sign = dir.toUpperCase() === 'ASC' ? 1 : -1;
		return [...items].sort((a, b) => {
			const x = a[field];
			const y = b[field];
			if (x < y) return -sign;
			if (x > y) return sign;
			return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sign;
		});
	}

	/** HAL paging as documented: `_links` number pages from `pageBase`, `next` absent on the last page. */
	function halPage(req, url, embeddedName, items) {
		const query = url.searchParams;
		let pageSize = DEFAULT_PAGE_SIZE;
		if (query.has('page_size')) {
			if (!/^\d+$/.test(query.get('page_size')) || Number(query.get('page_size')) < 1) {
				throw problem(400, 'Bad Request', 'page_size must be a positive whole number', {
					invalid_parameters: [{ name: 'page_size', reason: 'positive whole number' }],
				});
			}
			pageSize = Math.min(MAX_PAGE_SIZE, Number(query.get('page_size')));
		}
		let index = 0;
		if (query.has('page')) {
			if (!/^\d+$/.test(query.get('page'))) {
				throw problem(400, 'Bad Request', 'page must be a whole number', {
					invalid_parameters: [{ name: 'page', reason: 'whole number' }],
				});
			}
			index = Math.max(0, Number(query.get('page')) - options.pageBase);
		}
		const totalPages = Math.ceil(items.length / pageSize);
		const slice = items.slice(index * pageSize, (index + 1) * pageSize);
		const link = (i) => {
			const u = new URL(`${options.linkOrigin ?? origin(req)}${url.pathname}`);
			// The documented links carry only `page`; a client that follows them blindly loses its filters.
			if (options.linksKeepQuery) for (const [k, v] of query) if (k !== 'page') u.searchParams.append(k, v);
			u.searchParams.set('page', String(i + options.pageBase));
			return { href: u.toString() };
		};
		const links = { first: link(0), self: link(index), last: link(Math.max(0, totalPages - 1)) };
		if (index > 0) links.prev = link(index - 1);
		if (index + 1 < totalPages) links.next = link(index + 1);
		return {
			_embedded: { [embeddedName]: slice },
			_links: links,
			page: index + 1,
			page_size: pageSize,
			...(options.omitTotals ? {} : { total_items: items.length, total_pages: totalPages }),
		};
	}

	function findRecording(id, predicate) {
		if (!/^\d+$/.test(id)) throw new HttpError(404, { msg: `Recording ${id} not found`, status: 404 });
		const r = recordings.get(Number(id));
		if (!r || !isVisible(r) || !predicate(r)) {
			throw new HttpError(404, { msg: `Recording ${id} not found`, status: 404 });
		}
		return r;
	}

	// ---------- export jobs ----------

	function createJobs(kind, user, filterSource, scopePredicate) {
		const filters = readFilters((name) => (filterSource[name] === undefined || filterSource[name] === null ? undefined : filterSource[name]));
		const selected = [...recordings.values()]
			.filter((r) => isVisible(r) && scopePredicate(r) && matches(r, filters))
			.sort((a, b) => b.start - a.start);
		// A job holds at most 50 recordings: a large export answers with several job ids.
		const chunks = [];
		for (let i = 0; i < selected.length; i += 50) chunks.push(selected.slice(i, i + 50));
		if (chunks.length === 0) chunks.push([]);
		return chunks.map((chunk) => {
			const id = crypto.randomUUID();
			jobs.set(id, {
				id,
				kind,
				userId: user.id,
				login: user.login,
				createdAt: clock.now(),
				recordingIds: chunk.map((r) => r.id),
				fate: nextJobFate.shift() ?? 'complete',
			});
			return id;
		});
	}

	function jobStatus(job) {
		const elapsed = clock.now() - job.createdAt;
		if (elapsed < options.jobDurationMs / 2) return 'pending';
		if (elapsed < options.jobDurationMs) return 'in_progress';
		if (job.fate === 'failed') return 'failed';
		if (job.fate === 'expired' || elapsed >= options.jobDurationMs + options.jobValidityMs) return 'expired';
		return 'complete';
	}

	function presentJob(job, req) {
		const status = jobStatus(job);
		const total = job.recordingIds.length;
		const progress = Math.min(1, (clock.now() - job.createdAt) / options.jobDurationMs);
		const kindPath = job.kind === 'recordings' ? 'jobs' : 'recordings_transcriptions/jobs';
		const item = {
			id: job.id,
			status,
			files_completed: status === 'complete' ? total : Math.floor(total * progress),
			files_total: total,
			valid_until: formatVbcTime(job.createdAt + options.jobDurationMs + options.jobValidityMs),
			_links: {
				self: { href: `${origin(req)}${API_BASE_PATH}/api/accounts/${options.accountId}/users/${job.userId}/call_recordings/${kindPath}/${job.id}` },
			},
		};
		if (status === 'complete') {
			item.download_url = `${origin(req)}${API_BASE_PATH}/api/bulkDownload/retrieve?jobId=${job.id}`;
		}
		return item;
	}

	function transcriptOf(r) {
		const speakers = ['Agent', 'Customer'];
		const lines = ['Thank you for calling, how can I help?', 'I would like to check my order.', 'Let me look that up for you.'];
		const step = Math.floor(r.duration / lines.length);
		const segments = lines.map((text, i) => ({
			speaker: speakers[i % 2],
			start_ms: i * step,
			end_ms: (i + 1) * step,
			text,
		}));
		const text = segments.map((s) => `${s.speaker}: ${s.text}`).join('\n');
		if (r.transcription.format === 'json') {
			return { contentType: 'application/json', body: JSON.stringify({ recording_id: r.id, language: 'en-US', text, segments }), ext: 'json' };
		}
		return { contentType: 'text/plain; charset=utf-8', body: text, ext: 'txt' };
	}

	function archiveFor(job) {
		const entries = [];
		for (const id of job.recordingIds) {
			const r = recordings.get(id);
			entries.push({ name: r.file_name, data: mp3Buffer(r.file_size_in_bytes, r.file_name) });
			if (job.kind === 'recordings_transcriptions' && r.transcription.status === 'ready') {
				const t = transcriptOf(r);
				entries.push({ name: `${r.id}.${t.ext}`, data: Buffer.from(t.body) });
			}
		}
		return zipArchive(entries);
	}

	// ---------- routing ----------

	async function handleApi(req, res, url, apiPath) {
		const auth = authenticate(req);
		const method = req.method;
		let m;

		if (method === 'GET' && (m = /^\/api\/audio\/recording\/([^/]+)$/.exec(apiPath))) {
			const r = findRecording(m[1], (rec) => rec.scope === 'company' ? auth.user.companyAccess : rec.userId === auth.user.id || auth.user.companyAccess);
			if (options.redirectAudioTo) {
				// Like a CDN: the audio lives elsewhere, under a short-lived signed URL.
				res.writeHead(302, { location: `${options.redirectAudioTo}/audio/${r.id}.mp3?size=${r.file_size_in_bytes}&sig=abc` });
				return res.end();
			}
			res.writeHead(200, {
				'content-type': options.audioContentType ?? 'audio/mpeg',
				'content-length': r.file_size_in_bytes,
			});
			for (const chunk of mp3Chunks(r.file_size_in_bytes, r.file_name)) {
				if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
				if (res.destroyed) return;
			}
			res.end();
			return;
		}

		if (method === 'GET' && (m = /^\/api\/transcription\/([^/]+)$/.exec(apiPath))) {
			requireCompanyAccess(auth, 'read transcriptions');
			const r = findRecording(m[1], (rec) => rec.scope === 'company');
			const status = transcriptionStatus(r);
			if (status === 'pending') throw new HttpError(404, { msg: `Transcription for recording ${r.id} is not ready yet`, status: 404 });
			if (status === 'failed') throw new HttpError(404, { msg: `Transcription for recording ${r.id} failed: ${r.transcription.error}`, status: 404 });
			const t = transcriptOf(r);
			return send(res, 200, t.body, { 'content-type': t.contentType });
		}

		if (method === 'GET' && apiPath === '/api/bulkDownload/retrieve') {
			const job = jobs.get(url.searchParams.get('jobId') ?? url.searchParams.get('job_id') ?? '');
			if (!job || job.userId !== auth.user.id) throw new HttpError(404, { msg: 'Export job not found', status: 404 });
			const status = jobStatus(job);
			if (status !== 'complete') throw new HttpError(409, { msg: `Export job ${job.id} is ${status}`, status: 409 });
			return send(res, 200, archiveFor(job), {
				'content-type': 'application/zip',
				'content-disposition': `attachment; filename="${job.id}.zip"`,
			});
		}

		m = /^\/api\/accounts\/([^/]+)(\/.*)$/.exec(apiPath);
		if (!m) throw new HttpError(404, { msg: 'Not found', status: 404 });
		resolveAccount(decodeURIComponent(m[1]));
		const rest = m[2];
		const query = (name) => (url.searchParams.has(name) ? url.searchParams.get(name) : undefined);

		// Company recordings and transcriptions
		if ((m = /^\/company_call_recordings(?:\/(.*))?$/.exec(rest))) {
			const sub = m[1];
			const isCompany = (r) => r.scope === 'company';
			if (sub === undefined && method === 'GET') {
				requireCompanyAccess(auth);
				const filters = readFilters(query);
				const items = sortBy(query('order'), [...recordings.values()].filter((r) => isVisible(r) && isCompany(r) && matches(r, filters)), ['start', 'end', 'duration', 'id', 'caller_id', 'call_direction', 'cnam', 'dnis']);
				return send(res, 200, halPage(req, url, 'recordings', items.map((r) => presentRecording(r, req))));
			}
			if (sub === 'transcriptions' && method === 'GET') {
				requireCompanyAccess(auth, 'search CCR transcriptions');
				const filters = readFilters(query);
				const status = query('status');
				let statusMatches = (r) => !status || transcriptionStatus(r) === status.toLowerCase();
				if (options.transcriptionStatusFilter === 'boolean') {
					statusMatches = (r) => !status || (transcriptionStatus(r) === 'ready') === (status === 'true');
				} else if (status !== undefined && !['ready', 'pending', 'failed'].includes(status.toLowerCase())) {
					throw problem(400, 'Bad Request', 'Invalid status', { invalid_parameters: [{ name: 'status', reason: 'one of ready, pending, failed' }] });
				}
				const items = sortBy(query('order'), [...recordings.values()].filter((r) => isVisible(r) && isCompany(r) && matches(r, filters) && statusMatches(r)), ['start', 'duration', 'id']);
				return send(res, 200, halPage(req, url, 'transcriptions', items.map((r) => presentTranscription(r, req))));
			}
			if ((sub === 'export' || sub === 'recordings_transcriptions/export') && method === 'POST') {
				requireCompanyAccess(auth, 'export CCR recordings');
				const body = await readJsonBody(req);
				const kind = sub === 'export' ? 'recordings' : 'recordings_transcriptions';
				return send(res, 202, { job_ids: createJobs(kind, auth.user, body, isCompany) });
			}
			if (sub !== undefined && /^[^/]+$/.test(sub) && (method === 'GET' || method === 'DELETE')) {
				requireCompanyAccess(auth, method === 'GET' ? 'read CCR recordings' : 'delete CCR recordings');
				const r = findRecording(sub, isCompany);
				if (method === 'DELETE') {
					r.deleted = true;
					return send(res, 204);
				}
				return send(res, 200, presentRecording(r, req));
			}
		}

		// On-demand recordings and export jobs
		if ((m = /^\/users\/([^/]+)\/call_recordings(?:\/(.*))?$/.exec(rest))) {
			const user = resolveUser(decodeURIComponent(m[1]), auth);
			const sub = m[2];
			const isUsers = (r) => r.scope === 'ondemand' && r.userId === user.id;
			if (sub === undefined && method === 'GET') {
				const filters = readFilters(query);
				const items = sortBy(query('order'), [...recordings.values()].filter((r) => isVisible(r) && isUsers(r) && matches(r, filters)), ['start', 'end', 'duration', 'id', 'caller_id', 'call_direction', 'cnam', 'dnis']);
				return send(res, 200, halPage(req, url, 'recordings', items.map((r) => presentRecording(r, req))));
			}
			if (sub === 'export' && method === 'POST') {
				const body = await readJsonBody(req);
				return send(res, 202, { job_ids: createJobs('recordings', user, body, isUsers) });
			}
			let jm;
			if ((jm = /^(recordings_transcriptions\/)?jobs(?:\/([^/]+))?$/.exec(sub ?? '')) && method === 'GET') {
				const kind = jm[1] ? 'recordings_transcriptions' : 'recordings';
				if (options.strict && jm[2] === undefined) {
					const declared = kind === 'recordings' ? ['status', 'page'] : ['page'];
					const undeclared = [...url.searchParams.keys()].filter((name) => !declared.includes(name));
					if (undeclared.length) {
						throw problem(400, 'Bad Request', 'Unknown query parameters', {
							invalid_parameters: undeclared.map((name) => ({ name, reason: 'not a parameter of this endpoint' })),
						});
					}
				}
				const mine = [...jobs.values()].filter((j) => j.kind === kind && j.userId === user.id);
				if (jm[2] !== undefined) {
					const job = mine.find((j) => j.id === jm[2]);
					if (!job) throw new HttpError(404, { msg: `Export job ${jm[2]} not found`, status: 404 });
					return send(res, 200, presentJob(job, req));
				}
				const status = query('status');
				const items = mine
					.sort((a, b) => b.createdAt - a.createdAt)
					.map((j) => presentJob(j, req))
					.filter((j) => !status || j.status === status.toLowerCase());
				return send(res, 200, halPage(req, url, 'jobs', items));
			}
			if (sub !== undefined && /^[^/]+$/.test(sub) && (method === 'GET' || method === 'DELETE')) {
				const r = findRecording(sub, isUsers);
				if (method === 'DELETE') {
					r.deleted = true;
					return send(res, 204);
				}
				return send(res, 200, presentRecording(r, req));
			}
		}
		throw new HttpError(404, { msg: 'Not found', status: 404 });
	}

	async function readJsonBody(req) {
		const text = await readBody(req);
		if (!text) {
			// The export endpoints declare their JSON body required.
			if (options.strict) throw problem(400, 'Bad Request', 'The request body is required: send {} for no filters');
			return {};
		}
		if (!(req.headers['content-type'] ?? '').includes('application/json')) {
			throw new HttpError(415, { msg: 'This endpoint expects application/json', status: 415 });
		}
		try {
			return JSON.parse(text);
		} catch {
			throw problem(400, 'Bad Request', 'The body is not valid JSON');
		}
	}

	function takeFault(req, apiPath, url) {
		const index = faults.findIndex(
			(f) => (!f.method || f.method === req.method) && (!f.path || f.path.test(apiPath)) && (!f.when || f.when(url)),
		);
		if (index === -1) return undefined;
		const fault = faults[index];
		fault.times -= 1;
		if (fault.times <= 0) faults.splice(index, 1);
		return fault;
	}

	async function route(req, res) {
		const url = new URL(req.url, origin(req));
		const entry = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			rawQuery: url.search,
			headers: { ...req.headers },
			host: req.headers.host,
			at: Date.now(),
			status: 0,
		};
		log.push(entry);
		res.on('finish', () => {
			entry.status = res.statusCode;
		});
		try {
			if (url.pathname === '/authorize' && req.method === 'GET') return handleAuthorize(req, res, url);
			if (url.pathname === '/token' && req.method === 'POST') return await handleToken(req, res);
			if (!url.pathname.startsWith(`${API_BASE_PATH}/`)) throw new HttpError(404, { msg: 'Not found', status: 404 });
			const apiPath = url.pathname.slice(API_BASE_PATH.length).replace(/^\/v1\//, '/');
			const fault = takeFault(req, apiPath, url);
			if (fault) {
				if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
				if (fault.reset) return req.socket.destroy();
				if (fault.status) return send(res, fault.status, fault.body ?? { msg: `Injected ${fault.status}`, status: fault.status }, fault.headers);
				if (fault.truncate) cutOffBody(res);
			}
			return await handleApi(req, res, url, apiPath);
		} catch (error) {
			if (error instanceof HttpError) return send(res, error.status, error.body, error.headers);
			console.error('sandbox error', error);
			return send(res, 500, { msg: 'Internal sandbox error', status: 500 });
		}
	}

	/** The answer goes out with its full Content-Length, but the connection closes halfway through the body. */
	function cutOffBody(res) {
		let allowed = Infinity;
		let sent = 0;
		const writeHead = res.writeHead.bind(res);
		const write = res.write.bind(res);
		res.writeHead = (status, headers) => {
			const length = Number(headers?.['content-length'] ?? headers?.['Content-Length']);
			if (Number.isFinite(length)) allowed = Math.floor(length / 2);
			return writeHead(status, headers);
		};
		let closing = false;
		// The client has the headers and the first half by then: the cut comes mid-body, not before the answer.
		const close = () => {
			if (closing) return;
			closing = true;
			setTimeout(() => res.socket?.destroy(), 100);
		};
		const cut = (chunk) => {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk ?? '');
			const part = buffer.subarray(0, Math.max(0, allowed - sent));
			sent += part.length;
			if (part.length) write(part);
			if (sent >= allowed) close();
			return true;
		};
		res.write = (chunk) => cut(chunk);
		res.end = (chunk) => {
			if (chunk !== undefined) cut(chunk);
			close();
			return res;
		};
	}

	const server = http.createServer((req, res) => {
		void route(req, res);
	});

	const sandbox = {
		options,
		clock,
		log,
		recordings,
		jobs,
		users,
		server,
		url: '',
		apiBaseUrl: '',
		async start() {
			await new Promise((resolve) => server.listen(options.port, options.host, resolve));
			const { port } = server.address();
			sandbox.port = port;
			sandbox.url = `http://${options.host}:${port}`;
			sandbox.apiBaseUrl = `${sandbox.url}${API_BASE_PATH}`;
			return sandbox;
		},
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(() => resolve()));
		},
		/** Tokens as an authorization-code exchange would issue them, for the default user or another. */
		issueTokens(login = defaultUser.login) {
			const user = [...users.values()].find((u) => u.login === login);
			return issueTokens(user, options.clientId);
		},
		expireAccessToken(token) {
			const entry = accessTokens.get(token);
			if (entry) entry.expiresAt = 0;
		},
		isRefreshTokenValid: (token) => refreshTokens.has(token),
		addRecording,
		/** The ID the next added recording gets. */
		nextRecordingId: () => nextRecordingId,
		deleteRecording(id) {
			const r = recordings.get(id);
			if (r) r.deleted = true;
		},
		/** Visible recordings of a scope, newest first, as the API would list them. */
		visibleRecordings(scope = 'company') {
			return [...recordings.values()].filter((r) => r.scope === scope && isVisible(r)).sort((a, b) => b.start - a.start || b.id - a.id);
		},
		setCompanyAccess(allowed, login = defaultUser.login) {
			[...users.values()].find((u) => u.login === login).companyAccess = allowed;
		},
		/** The next export jobs end as given ('complete', 'failed' or 'expired'), in order. */
		setNextJobFates(fates) {
			nextJobFate = [...fates];
		},
		/**
		 * Answers the next matching request(s) with a fault instead: { status, headers, body, reset,
		 * truncate (the real answer, cut off halfway through its body), delayMs, path, method, when(url), times }.
		 */
		injectFault(fault) {
			faults.push({ times: 1, ...fault });
		},
		/** Requests to the API (not to /authorize or /token). */
		apiRequests() {
			return log.filter((e) => e.path.startsWith(`${API_BASE_PATH}/`));
		},
		resetLog() {
			log.length = 0;
		},
		formatVbcTime,
	};
	return sandbox;
}

module.exports = { createSandbox, formatVbcTime, parseVbcTime, seededRandom, API_BASE_PATH, MAX_PAGE_SIZE };
