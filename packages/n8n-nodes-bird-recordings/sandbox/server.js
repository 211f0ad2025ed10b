'use strict';
/**
 * A local Bird (api.bird.com) workspace Voice "Recordings API", written from the research notes
 * (../../../../shared/reference/providers-research.md §2, §4) and the docs.bird.com pages they cite.
 * It shares no code with the node: where the two disagree, one of them is wrong, and the tests say which.
 *
 * Two listeners on 127.0.0.1:
 *   - the API (`url`): /workspaces/{workspaceId}/recordings[/{id}[.mp3]], …/recordings/{id}/transcriptions,
 *     /workspaces/{workspaceId}/transcriptions[/{id}[.json|.srt|.vtt|.txt]];
 *   - "storage" (`storageUrl`), an S3-like second origin for pre-signed media URLs, which records
 *     whether any credential reached it.
 * Every option with its default and source is in README.md beside this file.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { mp3Chunks, mp3SizeForDuration } = require('../../../sandbox/mp3');
const { createRandom } = require('./random');
const { BirdError, notFound } = require('./errors');
const { createClock, findOrThrow } = require('./lifecycle');
const { createRequestLog } = require('./request-log');
const { createFaults } = require('./faults');
const { createStorage } = require('./storage');
const { createRecordingStore } = require('./recordings');
const { createTranscriptionStore } = require('./transcriptions');
const { renderTranscript, CONTENT_TYPES, FORMATS } = require('./transcripts');
const { sendBuffer, sendJson, sendEmpty, streamChunks } = require('./respond');
const { SUPPORTED_LOCALES, DIRECTIONS, ZERO_TIME, UUID, RFC3339 } = require('./constants');

const MIN_LIMIT = 1;
const MAX_LIMIT = 99;
const DEFAULT_LIMIT = 10;
const MAX_PAGE_TOKEN_LENGTH = 8000;
const RECORDINGS_BUCKET = 'regional--voice-recordings--000000000000--euw1';
const TRANSCRIPTS_BUCKET = 'regional--voice-transcriptions--000000000000--euw1';
const CREATE_TRANSCRIPTION_MEMBERS = ['locale', 'messageId', 'conversationId', 'recordingId'];

function defaultOptions() {
	return {
		port: 0,
		storagePort: 0,
		host: '127.0.0.1',
		/** The host name put into pre-signed URLs (the storage listener is always on `host`). */
		storagePublicHost: undefined,
		seed: 42,
		/** Seeded recordings, newest ending before `now`, about `seedSpacingMs` apart. */
		recordingCount: 25,
		seedSpacingMs: 20 * 60_000,
		/** Seeded calls last 5 s to this long (32 kbit/s MP3: 4 kB a second, 2.4 MB for 600 s). */
		seedMaxDurationSeconds: 600,
		/** Every n-th seeded `available` recording gets a finished en-US transcription; 0 for none. */
		transcribeEvery: 4,
		workspaceId: '8bc02f53-87ac-48d2-b4fd-c2cf856a305f',
		channelId: '880d8171-cbab-47bb-81b6-b1a0902da136',
		accessKey: 'sandbox-bird-access-key-AbCdEfGhIjKlMnOpQrStUvWxYz',
		now: Date.UTC(2026, 10, 30, 12, 0, 0),
		realTime: true,
		// ---- switches (README.md: what each one stands for, and its source) ----
		acceptBearer: false,
		lastPageMarker: 'absent',
		tokenOnFullLastPage: false,
		sortOrder: 'newest',
		timeFilterField: 'createdAt',
		startAtInclusive: true,
		endAtInclusive: false,
		presignedUrlTtlSeconds: 600,
		mediaRedirect: 307,
		storageRejectsAuthorization: true,
		unsetTime: 'zeroTime',
		sparseOptionalFields: true,
		errorShape: 'detailed',
		validationStatus: 422,
		rateLimit: null,
		retryAfterHeader: true,
		transcriptionDurationMs: 5000,
		transcriptContent: 'direct',
	};
}

const SWITCH_VALUES = {
	lastPageMarker: ['absent', 'emptyString', 'null'],
	sortOrder: ['newest', 'oldest'],
	timeFilterField: ['createdAt', 'startedAt', 'endedAt'],
	mediaRedirect: [307, 302, 'direct'],
	unsetTime: ['absent', 'zeroTime'],
	errorShape: ['detailed', 'nested'],
	validationStatus: [400, 422],
	transcriptContent: ['direct', 'redirect'],
};

function createSandbox(userOptions = {}) {
	const options = { ...defaultOptions(), ...userOptions };
	for (const [name, allowed] of Object.entries(SWITCH_VALUES)) {
		if (!allowed.includes(options[name])) throw new Error(`option ${name} must be one of ${allowed.join(', ')}`);
	}
	const random = createRandom(options.seed);
	const clock = createClock(options.now, options.realTime);

	const requestLog = createRequestLog({ clock, accessKey: options.accessKey });
	const faults = createFaults();
	const quota = new Map();
	const tokenSecret = crypto.randomBytes(16);
	const recordings = createRecordingStore({ random, clock, options });
	const transcriptions = createTranscriptionStore({ random, clock, options });
	const storage = createStorage({
		clock,
		ttlSeconds: options.presignedUrlTtlSeconds,
		rejectAuthorization: options.storageRejectsAuthorization,
		findObject: findStoredObject,
	});

	seed();

	function seed() {
		const newestEnd = options.now - 60_000;
		for (let i = options.recordingCount - 1; i >= 0; i--) {
			const durationSeconds = random.int(5, Math.max(5, options.seedMaxDurationSeconds));
			const endedAt = newestEnd - i * options.seedSpacingMs - random.int(0, Math.floor(options.seedSpacingMs / 4));
			// Mostly available, some failed or absent, a few conference recordings [research §2.2].
			const fate = i % 20 === 7 ? 'failed' : i % 20 === 13 ? 'absent' : 'available';
			const r = recordings.add({
				endedAt,
				durationSeconds,
				fate,
				source: i % 15 === 11 ? 'conference' : 'call',
			});
			if (options.transcribeEvery > 0 && fate === 'available' && i % options.transcribeEvery === 0) {
				transcriptions.add(r, { createdAt: r.readyAt + 500, readyAt: r.readyAt + 9_000 });
			}
		}
	}

	// ---------- presentation ----------

	const iso = (ms) => new Date(ms).toISOString();

	function putTime(target, name, ms) {
		if (ms !== undefined) target[name] = iso(ms);
		else if (options.unsetTime === 'zeroTime') target[name] = ZERO_TIME;
	}

	const storageOrigin = () => `http://${options.storagePublicHost ?? options.host}:${sandbox.storagePort}`;

	const recordingKey = (r) => `${RECORDINGS_BUCKET}/workspaceID:${options.workspaceId}/sourceID:${r.sourceId}/${r.id}.mp3`;
	const transcriptKey = (t, format) => `${TRANSCRIPTS_BUCKET}/workspaceID:${options.workspaceId}/${t.id}.${format}`;

	function presentRecording(r) {
		const state = recordings.stateOf(r);
		const out = { id: r.id, source: r.source, sourceId: r.sourceId };
		if (r.channelId) out.channelId = r.channelId;
		out.status = state.status;
		if (r.direction) out.direction = r.direction;
		if (r.originator) out.originator = r.originator;
		if (r.receiver) out.receiver = r.receiver;
		out.origin = r.origin;
		out.duration = state.duration;
		out.stereo = r.stereo;
		out.format = r.format;
		out.transcription = r.transcriptionIds.length > 0;
		if (r.conferenceId) {
			out.conferenceId = r.conferenceId;
			out.roomInfoUrl = `https://media.api.bird.com/workspaces/${options.workspaceId}/conferences/${r.conferenceId}/room-info`;
		}
		// A fresh pre-signed URL on every read, valid presignedUrlTtlSeconds [seed 003].
		if (state.status === 'available') out.url = storage.presign(storageOrigin(), recordingKey(r));
		out.createdAt = iso(r.createdAt);
		out.updatedAt = iso(state.updatedAt);
		putTime(out, 'startedAt', state.startedAt);
		putTime(out, 'endedAt', state.endedAt);
		return out;
	}

	function presentTranscription(t, format = 'json') {
		const state = transcriptions.stateOf(t);
		const out = { id: t.id, recordingId: t.recordingId, status: state.status, stereo: t.stereo, locale: t.locale };
		if (state.status === 'available') {
			out.url = storage.presign(storageOrigin(), transcriptKey(t, format));
			out.summary = 'The caller asked about an order; it was shipped and arrives tomorrow.';
		}
		out.createdAt = iso(t.createdAt);
		out.updatedAt = iso(state.updatedAt);
		return out;
	}

	// ---------- storage objects ----------

	function findStoredObject(key) {
		let m = new RegExp(`^${RECORDINGS_BUCKET}/workspaceID:([^/]+)/sourceID:([^/]+)/([^/]+)\\.mp3$`).exec(key);
		if (m) {
			const r = recordings.byId.get(m[3]);
			if (!r || m[1] !== options.workspaceId || r.sourceId !== m[2]) return undefined;
			const state = recordings.stateOf(r);
			if (state.status !== 'available') return undefined;
			const size = mp3SizeForDuration(state.duration * 1000, `Bird sandbox recording ${r.id}`);
			return {
				size,
				contentType: 'audio/mpeg',
				modifiedAt: state.updatedAt,
				chunks: () => mp3Chunks(size, `Bird sandbox recording ${r.id}`),
			};
		}
		m = new RegExp(`^${TRANSCRIPTS_BUCKET}/workspaceID:([^/]+)/([^/]+)\\.(${FORMATS.join('|')})$`).exec(key);
		if (m) {
			const t = transcriptions.byId.get(m[2]);
			if (!t || m[1] !== options.workspaceId || transcriptions.stateOf(t).status !== 'available') return undefined;
			const body = Buffer.from(renderTranscript(m[3], t, t.durationSeconds));
			return { size: body.length, contentType: CONTENT_TYPES[m[3]], modifiedAt: t.readyAt, chunks: () => [body] };
		}
		return undefined;
	}

	// ---------- validation ----------

	/** "The request did not pass validation" (400/404/422 on every Voice page); which of 400/422 is a switch. */
	const invalid = (details, code = 'InvalidParameters') =>
		new BirdError(options.validationStatus, code, 'The request did not pass validation', { details });

	function readLimit(query, problems) {
		if (!query.has('limit')) return DEFAULT_LIMIT;
		const text = query.get('limit');
		const value = Number(text);
		if (!/^\d+$/.test(text) || value < MIN_LIMIT || value > MAX_LIMIT) {
			problems.limit = [`must be an integer from ${MIN_LIMIT} to ${MAX_LIMIT}`];
		}
		return value;
	}

	// Page tokens are opaque: the position after the last item of a page, signed so a made-up or
	// changed token is refused rather than misread.
	function makePageToken(kind, item) {
		const payload = Buffer.from(JSON.stringify([kind, options.sortOrder, item.createdAt, item.id])).toString('base64url');
		const mac = crypto.createHmac('sha256', tokenSecret).update(payload).digest('base64url').slice(0, 22);
		return `${payload}.${mac}`;
	}

	function readPageToken(kind, query, problems) {
		if (!query.has('pageToken')) return undefined;
		const token = query.get('pageToken');
		const bad = () => {
			problems.pageToken = ['is not a valid page token'];
			return undefined;
		};
		if (token.length > MAX_PAGE_TOKEN_LENGTH) {
			problems.pageToken = [`must be at most ${MAX_PAGE_TOKEN_LENGTH} characters`];
			return undefined;
		}
		const [payload, mac] = token.split('.');
		if (!payload || !mac) return bad();
		const expected = crypto.createHmac('sha256', tokenSecret).update(payload).digest('base64url').slice(0, 22);
		if (mac !== expected) return bad();
		const [tokenKind, order, at, id] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		if (tokenKind !== kind || order !== options.sortOrder) return bad();
		return { at, id };
	}

	function readRecordingFilters(query, problems) {
		const filters = {};
		for (const name of ['sourceId', 'channelId', 'id']) {
			if (!query.has(name)) continue;
			const value = query.get(name);
			if (!UUID.test(value)) problems[name] = ['must be a valid UUID'];
			filters[name] = value.toLowerCase();
		}
		if (query.has('direction')) {
			const value = query.get('direction');
			if (!DIRECTIONS.includes(value)) problems.direction = [`must be one of ${DIRECTIONS.join(', ')}`];
			filters.direction = value;
		}
		for (const name of ['startAt', 'endAt']) {
			if (!query.has(name)) continue;
			const value = query.get(name);
			if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) problems[name] = ['must be an RFC 3339 date-time'];
			filters[name] = Date.parse(value);
		}
		for (const name of ['from', 'to']) {
			if (query.has(name)) filters[name] = digitsOf(query.get(name));
		}
		return filters;
	}

	const digitsOf = (text) => String(text ?? '').replace(/\D/g, '');

	/** `from`/`to` match the originator's/receiver's number, with or without `+` [research §2.3, inference]. */
	function partyMatches(party, digits) {
		if (!digits || !party?.number) return false;
		return digitsOf(party.number.number) === digits || digitsOf(party.number.identity) === digits;
	}

	function recordingMatches(r, f) {
		if (f.sourceId !== undefined && r.sourceId !== f.sourceId) return false;
		if (f.channelId !== undefined && r.channelId !== f.channelId) return false;
		if (f.id !== undefined && (r.source !== 'call' || r.sourceId !== f.id)) return false;
		if (f.direction !== undefined && r.direction !== f.direction) return false;
		if (f.from !== undefined && !partyMatches(r.originator, f.from)) return false;
		if (f.to !== undefined && !partyMatches(r.receiver, f.to)) return false;
		if (f.startAt !== undefined || f.endAt !== undefined) {
			const at = options.timeFilterField === 'createdAt' ? r.createdAt : recordings.stateOf(r)[options.timeFilterField];
			if (at === undefined) return false;
			if (f.startAt !== undefined && (options.startAtInclusive ? at < f.startAt : at <= f.startAt)) return false;
			if (f.endAt !== undefined && (options.endAtInclusive ? at > f.endAt : at >= f.endAt)) return false;
		}
		return true;
	}

	/** One page `{results, nextPageToken}`: a binary search to the cursor and a walk of at most what matches. */
	function page(kind, index, query, problems, matches, present) {
		const limit = readLimit(query, problems);
		const cursor = readPageToken(kind, query, problems);
		if (Object.keys(problems).length) throw invalid(problems);
		const items = [];
		let more = false;
		for (const item of index.walk({ newestFirst: options.sortOrder === 'newest', until: clock.now(), cursor })) {
			if (!matches(item)) continue;
			if (items.length === limit) {
				more = true;
				break;
			}
			items.push(item);
		}
		const body = { results: items.map(present) };
		if (more || (options.tokenOnFullLastPage && items.length === limit)) {
			body.nextPageToken = makePageToken(kind, items[items.length - 1]);
		} else if (options.lastPageMarker === 'emptyString') {
			body.nextPageToken = '';
		} else if (options.lastPageMarker === 'null') {
			body.nextPageToken = null;
		}
		return body;
	}

	async function readJson(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const text = Buffer.concat(chunks).toString('utf8');
		try {
			return JSON.parse(text);
		} catch {
			throw new BirdError(400, 'InvalidPayload', 'The request body is not valid JSON');
		}
	}

	// ---------- auth and quota ----------

	function authenticate(req) {
		const header = req.headers.authorization ?? '';
		const m = /^(\S+)\s+(.+)$/.exec(header);
		const scheme = m?.[1].toLowerCase();
		const schemeAccepted = scheme === 'accesskey' || (scheme === 'bearer' && options.acceptBearer);
		if (!m || !schemeAccepted || m[2].trim() !== options.accessKey) {
			throw new BirdError(401, 'Unauthorized', 'The request could not be authenticated: send Authorization: AccessKey <your access key>');
		}
		if (options.rateLimit) {
			const { limit, windowMs } = options.rateLimit;
			const now = clock.now();
			const recent = (quota.get(options.accessKey) ?? []).filter((at) => at > now - windowMs);
			quota.set(options.accessKey, recent);
			if (recent.length >= limit) {
				const headers = {};
				if (options.retryAfterHeader) headers['retry-after'] = String(Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000)));
				throw new BirdError(429, 'TooManyRequests', 'Too many requests; slow down and try again later', { headers });
			}
			recent.push(now);
		}
	}

	// ---------- API routes ----------

	function findRecording(id) {
		const r = UUID.test(id) ? recordings.byId.get(id.toLowerCase()) : undefined;
		if (!r || r.createdAt > clock.now()) throw notFound('Recording');
		return r;
	}

	function findTranscription(id) {
		const t = UUID.test(id) ? transcriptions.byId.get(id.toLowerCase()) : undefined;
		if (!t || t.createdAt > clock.now()) throw notFound('Transcription');
		return t;
	}

	function redirect(exchange, status, location) {
		const text = status === 307 ? 'Temporary Redirect' : 'Found';
		const html = `<a href="${location.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">${text}</a>.\n\n`;
		sendBuffer(exchange, status, Buffer.from(html), { location, 'content-type': 'text/html; charset=utf-8' });
	}

	async function serveMedia(exchange, r) {
		const state = recordings.stateOf(r);
		// Media exists only once a recording is `available` [inference, research §2.2].
		if (state.status !== 'available') throw new BirdError(404, 'NotFound', `Recording media not found: the recording is ${state.status}`);
		if (options.mediaRedirect !== 'direct') {
			return redirect(exchange, options.mediaRedirect, storage.presign(storageOrigin(), recordingKey(r)));
		}
		const object = findStoredObject(recordingKey(r));
		return streamChunks(exchange, 200, object.size, object.chunks(), { 'content-type': object.contentType });
	}

	async function createTranscription(exchange, r) {
		const body = await readJson(exchange.req);
		const problems = {};
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw invalid({ body: ['must be a JSON object'] }, 'InvalidPayload');
		}
		for (const name of Object.keys(body)) {
			if (!CREATE_TRANSCRIPTION_MEMBERS.includes(name)) problems[name] = ['is not allowed'];
		}
		if (body.locale === undefined) problems.locale = ['is required'];
		else if (!SUPPORTED_LOCALES.includes(body.locale)) problems.locale = [`must be one of ${SUPPORTED_LOCALES.join(', ')}`];
		for (const name of ['messageId', 'conversationId', 'recordingId']) {
			if (body[name] !== undefined && !(typeof body[name] === 'string' && UUID.test(body[name]))) problems[name] = ['must be a valid UUID'];
		}
		if (Object.keys(problems).length) throw invalid(problems, 'InvalidPayload');
		const status = recordings.stateOf(r).status;
		if (status !== 'available') {
			throw new BirdError(422, 'RecordingNotAvailable', `The recording is ${status}; only an available recording can be transcribed`);
		}
		const t = transcriptions.add(r, { locale: body.locale });
		return sendJson(exchange, 202, presentTranscription(t));
	}

	async function handleApi(exchange) {
		const { req, url } = exchange;
		authenticate(req);
		const m = /^\/workspaces\/([^/]+)(\/.*)$/.exec(url.pathname);
		if (!m) throw notFound('Resource');
		if (decodeURIComponent(m[1]).toLowerCase() !== options.workspaceId) {
			// The access key belongs to one workspace; another one is not its to read [inference].
			throw new BirdError(403, 'Forbidden', 'The access key has no access to this workspace');
		}
		const path = m[2];
		const method = req.method;
		const query = url.searchParams;
		const allow = (...methods) => {
			if (!methods.includes(method)) {
				throw new BirdError(405, 'MethodNotAllowed', `${method} is not allowed here`, { headers: { allow: methods.join(', ') } });
			}
		};
		let p;

		if (path === '/recordings') {
			allow('GET');
			const problems = {};
			const filters = readRecordingFilters(query, problems);
			return sendJson(exchange, 200, page('recordings', recordings.index, query, problems, (r) => recordingMatches(r, filters), presentRecording));
		}
		if ((p = /^\/recordings\/([^/]+)\.mp3$/.exec(path))) {
			allow('GET', 'HEAD');
			return serveMedia(exchange, findRecording(decodeURIComponent(p[1])));
		}
		if ((p = /^\/recordings\/([^/]+)\/transcriptions$/.exec(path))) {
			allow('POST');
			return createTranscription(exchange, findRecording(decodeURIComponent(p[1])));
		}
		if ((p = /^\/recordings\/([^/.]+)$/.exec(path))) {
			allow('GET', 'DELETE');
			const r = findRecording(decodeURIComponent(p[1]));
			if (method === 'DELETE') {
				recordings.remove(r.id);
				return sendEmpty(exchange, 204);
			}
			return sendJson(exchange, 200, presentRecording(r));
		}
		if (path === '/transcriptions') {
			allow('GET');
			return sendJson(exchange, 200, page('transcriptions', transcriptions.index, query, {}, () => true, (t) => presentTranscription(t)));
		}
		if ((p = /^\/transcriptions\/([^/.]+)\.([a-z0-9]+)$/.exec(path))) {
			allow('GET');
			const t = findTranscription(decodeURIComponent(p[1]));
			const format = p[2];
			if (!FORMATS.includes(format)) throw notFound('Transcription format');
			const status = transcriptions.stateOf(t).status;
			if (status !== 'available') throw new BirdError(404, 'NotFound', `Transcription content not found: the transcription is ${status}`);
			if (options.transcriptContent === 'redirect') return redirect(exchange, 307, storage.presign(storageOrigin(), transcriptKey(t, format)));
			return sendBuffer(exchange, 200, Buffer.from(renderTranscript(format, t, t.durationSeconds)), { 'content-type': CONTENT_TYPES[format] });
		}
		if ((p = /^\/transcriptions\/([^/.]+)$/.exec(path))) {
			allow('GET');
			const t = findTranscription(decodeURIComponent(p[1]));
			const format = query.get('format') ?? 'json';
			if (!FORMATS.includes(format)) throw invalid({ format: [`must be one of ${FORMATS.join(', ')}`] });
			return sendJson(exchange, 200, presentTranscription(t, format));
		}
		throw notFound('Resource');
	}

	// ---------- listeners ----------

	function sendFault(exchange, fault, target) {
		const headers = { ...(fault.headers ?? {}) };
		if (fault.body === undefined || fault.body === null || (typeof fault.body === 'object' && !Buffer.isBuffer(fault.body))) {
			const body = fault.body ?? (target === 'api'
				? new BirdError(fault.status, fault.status === 429 ? 'TooManyRequests' : 'InternalError', `Injected ${fault.status}`).body(options.errorShape)
				: undefined);
			if (body === undefined) return sendEmpty(exchange, fault.status, headers);
			return sendJson(exchange, fault.status, body, headers);
		}
		return sendBuffer(exchange, fault.status, Buffer.from(fault.body), headers);
	}

	async function serve(target, handler, req, res) {
		const url = new URL(req.url, `http://${req.headers.host ?? options.host}`);
		requestLog.record(target, req, res, url);
		const exchange = { req, res, url, truncate: undefined };
		try {
			const fault = faults.take(target, req, url);
			if (fault) {
				if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
				if (fault.reset) return req.socket.destroy();
				exchange.truncate = fault.truncate;
				if (fault.status) return sendFault(exchange, fault, target);
			}
			return await handler(exchange);
		} catch (error) {
			if (res.headersSent) return res.destroy();
			if (error instanceof BirdError) return sendJson(exchange, error.status, error.body(options.errorShape), error.headers);
			console.error('bird sandbox error', error);
			return sendJson(exchange, 500, new BirdError(500, 'InternalError', 'Internal sandbox error').body(options.errorShape));
		}
	}

	const apiServer = http.createServer((req, res) => void serve('api', handleApi, req, res));
	const storageServer = http.createServer((req, res) => void serve('storage', storage.handle, req, res));

	const listen = (server, port) =>
		new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, options.host, () => resolve(server.address().port));
		});
	const close = (server) =>
		new Promise((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});

	const workspaceRecording = (id) => findOrThrow(recordings.byId, id, 'recording');

	const sandbox = {
		options,
		clock,
		log: requestLog.entries,
		/** Internal records by id (times in epoch ms); read them through `present*` for the API's view. */
		recordings: recordings.byId,
		transcriptions: transcriptions.byId,
		url: '',
		apiBaseUrl: '',
		storageUrl: '',
		port: 0,
		storagePort: 0,
		workspaceId: options.workspaceId,
		accessKey: options.accessKey,
		async start() {
			sandbox.port = await listen(apiServer, options.port);
			sandbox.storagePort = await listen(storageServer, options.storagePort);
			sandbox.url = `http://${options.host}:${sandbox.port}`;
			sandbox.apiBaseUrl = sandbox.url;
			sandbox.storageUrl = storageOrigin();
			return sandbox;
		},
		async stop() {
			await Promise.all([close(apiServer), close(storageServer)]);
		},
		/** `${url}/workspaces/${workspaceId}`: the prefix of every documented path. */
		workspaceUrl: () => `${sandbox.url}/workspaces/${options.workspaceId}`,
		addRecording: (fields) => recordings.add(fields),
		deleteRecording: (id) => recordings.remove(id),
		/** Pins a status (accepted|ongoing|paused|completed|available|absent|failed); null unpins. */
		setRecordingStatus: (id, status) => recordings.setStatus(id, status),
		/** The call ends now (`completed`); media follows after `processingMs`, or at `attachAudio`. */
		finishRecording: (id, processingMs) => recordings.finish(id, processingMs),
		attachAudio: (id) => recordings.settle(id, 'available'),
		failRecording: (id, fate = 'failed') => recordings.settle(id, fate),
		addTranscription: (recordingId, fields) => transcriptions.add(workspaceRecording(recordingId), fields),
		setTranscriptionStatus: (id, status) => transcriptions.setStatus(id, status),
		finishTranscription: (id, fate = 'available') => transcriptions.settle(id, fate),
		/** The API's JSON for a recording or transcription, as a GET would return it now. */
		presentRecording: (id) => presentRecording(workspaceRecording(id)),
		presentTranscription: (id, format) => presentTranscription(transcriptions.byId.get(id), format),
		recordingStatus: (id) => recordings.stateOf(workspaceRecording(id)).status,
		/** A pre-signed storage URL for a recording's media, as `url` carries it. */
		mediaUrl: (id) => storage.presign(storageOrigin(), recordingKey(workspaceRecording(id))),
		/** Recordings as the list shows them (created by now), in `sortOrder`. */
		listedRecordings: () => [...recordings.index.walk({ newestFirst: options.sortOrder === 'newest', until: clock.now() })],
		/** Answers the next matching request(s) with a fault: see README.md. */
		injectFault: (fault) => faults.inject(fault),
		clearFaults: () => faults.clear(),
		apiRequests: () => requestLog.of('api'),
		storageRequests: () => requestLog.of('storage'),
		/** Whether any storage request carried a credential (Authorization, Cookie or the access key). */
		credentialReachedStorage: () => requestLog.credentialReachedStorage(),
		resetLog: () => requestLog.reset(),
	};
	return sandbox;
}

module.exports = { createSandbox, defaultOptions, SUPPORTED_LOCALES, MAX_LIMIT, DEFAULT_LIMIT };
