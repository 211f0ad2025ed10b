// The Bird sandbox against what the docs say (research notes §2), over real HTTP with Node's fetch.
// Each block names the behaviour and its switch; README.md beside the sandbox gives the sources.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createSandbox, SUPPORTED_LOCALES } from '../../sandbox/server';
import type { BirdErrorBody, BirdPage, BirdRecording, BirdTranscription, Sandbox, SandboxOptions } from '../../sandbox/server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RFC3339_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ZERO_TIME = '0001-01-01T00:00:00Z';
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

const open: Sandbox[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((s) => s.stop()));
});

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await createSandbox({ realTime: false, ...options }).start();
	open.push(sandbox);
	return sandbox;
}

function call(sb: Sandbox, path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Response> {
	const { auth, headers, ...rest } = init;
	const authorization = auth === undefined ? `AccessKey ${sb.accessKey}` : auth;
	return fetch(`${sb.workspaceUrl()}${path}`, {
		redirect: 'manual',
		...rest,
		headers: { accept: 'application/json', ...(authorization === null ? {} : { authorization }), ...(headers as Record<string, string>) },
	});
}

async function json<T>(response: Response): Promise<T> {
	return (await response.json()) as T;
}

async function list(sb: Sandbox, query = ''): Promise<BirdPage<BirdRecording>> {
	const response = await call(sb, `/recordings${query}`);
	expect(response.status).toBe(200);
	return json(response);
}

async function listAll(sb: Sandbox, query = 'limit=99') {
	const items: BirdRecording[] = [];
	let page: BirdPage<BirdRecording> | undefined;
	let pages = 0;
	do {
		const token = page?.nextPageToken;
		page = await list(sb, `?${query}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`);
		items.push(...page.results);
		pages++;
	} while (page.nextPageToken);
	return { items, pages, last: page };
}

const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

describe('authorization: AccessKey, workspace-scoped paths', () => {
	it('answers a request with Authorization: AccessKey <key>', async () => {
		const sb = await start();
		expect((await call(sb, '/recordings')).status).toBe(200);
		expect(sb.apiRequests()[0].headers.authorization).toBe(`AccessKey ${sb.accessKey}`);
	});

	it.each([
		['no header', null],
		['a wrong key', 'AccessKey not-the-key'],
		['Basic', 'Basic c2FuZGJveDpzYW5kYm94'],
	])('refuses %s with 401 and a Bird error body', async (_name, auth) => {
		const sb = await start();
		const response = await call(sb, '/recordings', { auth });
		expect(response.status).toBe(401);
		const body = await json<BirdErrorBody>(response);
		expect(body).toEqual({ code: 'Unauthorized', message: expect.stringContaining('AccessKey') });
	});

	it('refuses Bearer <key> by default and accepts it with acceptBearer', async () => {
		const strict = await start();
		expect((await call(strict, '/recordings', { auth: `Bearer ${strict.accessKey}` })).status).toBe(401);
		const lenient = await start({ acceptBearer: true });
		expect((await call(lenient, '/recordings', { auth: `Bearer ${lenient.accessKey}` })).status).toBe(200);
	});

	it('refuses another workspace (403) and unknown paths (404)', async () => {
		const sb = await start();
		const other = await fetch(`${sb.url}/workspaces/00000000-0000-4000-8000-000000000000/recordings`, {
			headers: { authorization: `AccessKey ${sb.accessKey}` },
		});
		expect(other.status).toBe(403);
		expect((await json<BirdErrorBody>(other)).code).toBe('Forbidden');
		const unknown = await fetch(`${sb.url}/recordings`, { headers: { authorization: `AccessKey ${sb.accessKey}` } });
		expect(unknown.status).toBe(404);
		expect(await json<BirdErrorBody>(unknown)).toEqual({ code: 'NotFound', message: expect.any(String) });
	});
});

describe('the recording object', () => {
	it('carries the documented members, RFC 3339 times with milliseconds, and a url only when available', async () => {
		const sb = await start({ recordingCount: 40 });
		const { results } = await list(sb, '?limit=40');
		expect(results).toHaveLength(40);
		for (const r of results) {
			for (const member of ['id', 'source', 'sourceId', 'status', 'origin', 'stereo', 'format', 'transcription', 'createdAt', 'updatedAt']) {
				expect(r).toHaveProperty(member);
			}
			expect(r.id).toMatch(UUID);
			expect(r.createdAt).toMatch(RFC3339_MS);
			expect(r.updatedAt).toMatch(RFC3339_MS);
			expect(Number.isInteger(r.duration)).toBe(true);
			expect(r.format).toBe('mp3');
			expect(r.url !== undefined).toBe(r.status === 'available');
		}
		const statuses = new Set(results.map((r) => r.status));
		expect(statuses).toEqual(new Set(['available', 'failed', 'absent']));
		expect(results.some((r) => r.source === 'conference' && r.conferenceId && r.roomInfoUrl)).toBe(true);
		expect(results.some((r) => r.transcription)).toBe(true);
	});

	it('omits optional members on some items (sparseOptionalFields, default) or never', async () => {
		const sparse = await start({ recordingCount: 60 });
		const some = (await list(sparse, '?limit=60')).results;
		expect(some.some((r) => r.direction === undefined)).toBe(true);
		expect(some.some((r) => r.channelId === undefined)).toBe(true);
		const full = await start({ recordingCount: 60, sparseOptionalFields: false });
		const all = (await list(full, '?limit=60')).results;
		expect(all.every((r) => r.direction && r.channelId)).toBe(true);
		expect(all.every((r) => (r.direction === 'incoming' ? r.originator : r.receiver)?.contact)).toBe(true);
	});

	it('gets one recording by id, and 404 for an unknown or malformed id', async () => {
		const sb = await start();
		const [first] = (await list(sb, '?limit=1')).results;
		const response = await call(sb, `/recordings/${first.id}`);
		expect(response.status).toBe(200);
		const got = await json<BirdRecording>(response);
		const { url: _listUrl, ...listed } = first;
		const { url: _getUrl, ...single } = got;
		expect(single).toEqual(listed);
		for (const id of ['5b74ee9e-9d45-473a-82cd-f1f7feea6bbd', 'not-a-uuid']) {
			const missing = await call(sb, `/recordings/${id}`);
			expect(missing.status).toBe(404);
			expect((await json<BirdErrorBody>(missing)).code).toBe('NotFound');
		}
	});

	it('seeds calls no longer than seedMaxDurationSeconds', async () => {
		const sb = await start({ recordingCount: 30, seedMaxDurationSeconds: 8 });
		const durations = (await list(sb, '?limit=30')).results.map((r) => r.duration);
		expect(Math.max(...durations)).toBeLessThanOrEqual(8);
		expect(Math.min(...durations)).toBeGreaterThanOrEqual(4);
	});

	it('is the same workspace for the same seed, and another for another seed', async () => {
		const a = await start({ seed: 7 });
		const b = await start({ seed: 7 });
		const c = await start({ seed: 8 });
		expect(ids((await list(a)).results)).toEqual(ids((await list(b)).results));
		expect(ids((await list(a)).results)).not.toEqual(ids((await list(c)).results));
	});
});

describe('status progression (accepted → ongoing → completed → available | failed | absent)', () => {
	it('follows the clock and prints unset times as Go zero time by default', async () => {
		const sb = await start({ now: NOW });
		const r = sb.addRecording({ createdAt: NOW, startedAt: NOW + 2_000, endedAt: NOW + 32_000, readyAt: NOW + 33_000 });
		const read = async () => json<BirdRecording>(await call(sb, `/recordings/${r.id}`));

		let got = await read();
		expect(got).toMatchObject({ status: 'accepted', duration: 0, startedAt: ZERO_TIME, endedAt: ZERO_TIME });
		expect(got.url).toBeUndefined();
		sb.clock.advance(12_500);
		got = await read();
		expect(got).toMatchObject({ status: 'ongoing', duration: 10, endedAt: ZERO_TIME, startedAt: new Date(NOW + 2_000).toISOString() });
		sb.clock.advance(20_000);
		got = await read();
		expect(got).toMatchObject({ status: 'completed', duration: 30, endedAt: new Date(NOW + 32_000).toISOString() });
		expect(got.url).toBeUndefined();
		sb.clock.advance(1_000);
		got = await read();
		expect(got).toMatchObject({ status: 'available', duration: 30, updatedAt: new Date(NOW + 33_000).toISOString() });
		expect(got.url).toContain(sb.storageUrl);
	});

	it('leaves unset times out with unsetTime: absent', async () => {
		const sb = await start({ unsetTime: 'absent' });
		const r = sb.addRecording({ live: true });
		const got = await json<BirdRecording>(await call(sb, `/recordings/${r.id}`));
		expect(got.status).toBe('ongoing');
		expect(got).toHaveProperty('startedAt');
		expect(got).not.toHaveProperty('endedAt');
	});

	it('moves by test controls: finish, attach audio, fail, absent, pinned paused', async () => {
		const sb = await start();
		const live = sb.addRecording({ live: true });
		const status = async (id: string) => (await json<BirdRecording>(await call(sb, `/recordings/${id}`))).status;
		expect(await status(live.id)).toBe('ongoing');
		sb.setRecordingStatus(live.id, 'paused');
		expect(await status(live.id)).toBe('paused');
		sb.setRecordingStatus(live.id, null);
		sb.clock.advance(5_000);
		sb.finishRecording(live.id);
		expect(await status(live.id)).toBe('completed');
		sb.clock.advance(60_000);
		expect(await status(live.id)).toBe('completed');
		sb.attachAudio(live.id);
		expect(await status(live.id)).toBe('available');
		expect((await json<BirdRecording>(await call(sb, `/recordings/${live.id}`))).duration).toBe(5);

		const failed = sb.addRecording({ live: true });
		sb.failRecording(failed.id);
		expect(await status(failed.id)).toBe('failed');
		const absent = sb.addRecording({ live: true });
		sb.failRecording(absent.id, 'absent');
		expect(await status(absent.id)).toBe('absent');
		const processing = sb.addRecording({ live: true });
		sb.finishRecording(processing.id, 3_000);
		sb.clock.advance(3_000);
		expect(await status(processing.id)).toBe('available');
	});
});

describe('listing: limit 1–99, nextPageToken paging, sort order', () => {
	it('pages 5,000 recordings with limit 99: each once, newest first, 51 requests, the last page without nextPageToken', async () => {
		const sb = await start({ recordingCount: 5000, transcribeEvery: 0 });
		const started = Date.now();
		const { items, pages, last } = await listAll(sb);
		expect(Date.now() - started).toBeLessThan(8_000);
		expect(pages).toBe(51);
		expect(sb.apiRequests()).toHaveLength(51);
		expect(new Set(ids(items)).size).toBe(5000);
		const created = items.map((r) => Date.parse(r.createdAt));
		expect(created).toEqual([...created].sort((a, b) => b - a));
		expect(last.results).toHaveLength(5000 - 50 * 99);
		expect(last).not.toHaveProperty('nextPageToken');
	}, 20_000);

	it('defaults to 10 per page and marks the last page by leaving nextPageToken out', async () => {
		const sb = await start({ recordingCount: 15 });
		const first = await list(sb);
		expect(first.results).toHaveLength(10);
		expect(typeof first.nextPageToken).toBe('string');
		const second = await list(sb, `?pageToken=${encodeURIComponent(first.nextPageToken as string)}`);
		expect(second.results).toHaveLength(5);
		expect(second).not.toHaveProperty('nextPageToken');
	});

	it.each([
		['emptyString', ''],
		['null', null],
	] as const)('marks the last page with lastPageMarker: %s', async (marker, value) => {
		const sb = await start({ recordingCount: 3, lastPageMarker: marker });
		const page = await list(sb);
		expect(page.results).toHaveLength(3);
		expect(page).toHaveProperty('nextPageToken', value);
	});

	it('can give a token on a full last page that leads to an empty page (tokenOnFullLastPage)', async () => {
		const sb = await start({ recordingCount: 20, tokenOnFullLastPage: true });
		const { items, pages } = await listAll(sb, 'limit=10');
		expect(items).toHaveLength(20);
		expect(pages).toBe(3);
	});

	it.each(['0', '100', '-1', '5.5', 'ten', ''])('refuses limit=%s with the validation status (422 by default)', async (limit) => {
		const sb = await start();
		const response = await call(sb, `/recordings?limit=${limit}`);
		expect(response.status).toBe(422);
		const body = await json<BirdErrorBody>(response);
		expect(body.code).toBe('InvalidParameters');
		expect(body.message).toBe('The request did not pass validation');
		expect(body.details).toHaveProperty('limit');
	});

	it('accepts limit 1 and 99, and answers validation errors with 400 when validationStatus is 400', async () => {
		const sb = await start({ recordingCount: 120, validationStatus: 400 });
		expect((await list(sb, '?limit=1')).results).toHaveLength(1);
		expect((await list(sb, '?limit=99')).results).toHaveLength(99);
		expect((await call(sb, '/recordings?limit=100')).status).toBe(400);
	});

	it('refuses a made-up, altered or over-long pageToken', async () => {
		const sb = await start();
		const token = (await list(sb)).nextPageToken as string;
		for (const bad of ['abc', `${token.slice(0, -2)}xx`, 'x'.repeat(8001)]) {
			const response = await call(sb, `/recordings?pageToken=${bad}`);
			expect(response.status).toBe(422);
			expect((await json<BirdErrorBody>(response)).details).toHaveProperty('pageToken');
		}
	});

	it('lists oldest first with sortOrder: oldest', async () => {
		const sb = await start({ recordingCount: 30, sortOrder: 'oldest' });
		const { items } = await listAll(sb, 'limit=7');
		const created = items.map((r) => Date.parse(r.createdAt));
		expect(items).toHaveLength(30);
		expect(created).toEqual([...created].sort((a, b) => a - b));
	});

	it('keeps its place when a recording arrives between pages (a cursor, not an offset)', async () => {
		const sb = await start({ recordingCount: 30 });
		const first = await list(sb, '?limit=10');
		sb.addRecording({ live: true }); // created now: the newest of all
		const rest = await listAll(sb, 'limit=10');
		const second = await list(sb, `?limit=10&pageToken=${encodeURIComponent(first.nextPageToken as string)}`);
		expect(ids(second.results)).toEqual(ids(rest.items.slice(11, 21)));
	});

	it('does not list a recording created after now', async () => {
		const sb = await start({ recordingCount: 2 });
		sb.addRecording({ createdAt: NOW + 60_000, startedAt: NOW + 60_000, endedAt: NOW + 90_000 });
		expect((await list(sb)).results).toHaveLength(2);
		sb.clock.advance(60_000);
		expect((await list(sb)).results).toHaveLength(3);
	});
});

describe('list filters', () => {
	it('filters by sourceId, channelId, call id and direction', async () => {
		const sb = await start({ recordingCount: 5 });
		const call1 = sb.addRecording({ sourceId: '11111111-1111-4111-8111-111111111111', direction: 'outgoing', channelId: '22222222-2222-4222-8222-222222222222' });
		const conf = sb.addRecording({ source: 'conference', sourceId: '33333333-3333-4333-8333-333333333333' });
		expect(ids((await list(sb, `?sourceId=${call1.sourceId}`)).results)).toEqual([call1.id]);
		expect(ids((await list(sb, `?id=${call1.sourceId}`)).results)).toEqual([call1.id]);
		expect(ids((await list(sb, `?channelId=${call1.channelId}`)).results)).toEqual([call1.id]);
		expect(ids((await list(sb, `?sourceId=${conf.sourceId}`)).results)).toEqual([conf.id]);
		expect((await list(sb, `?id=${conf.sourceId}`)).results).toEqual([]);
		const outgoing = (await list(sb, '?direction=outgoing&limit=99')).results;
		expect(outgoing.length).toBeGreaterThan(0);
		expect(outgoing.every((r) => r.direction === 'outgoing')).toBe(true);
		const noDirection = sb.addRecording({ direction: null });
		const both = [...(await list(sb, '?direction=outgoing&limit=99')).results, ...(await list(sb, '?direction=incoming&limit=99')).results];
		expect(ids(both)).not.toContain(noDirection.id);
	});

	it('filters by from/to number, with or without +', async () => {
		const sb = await start({ recordingCount: 5 });
		const r = sb.addRecording({
			direction: 'incoming',
			originator: { number: { type: 'pstn', number: '31612345678', countryIsoCode: 'NL' } },
			receiver: { number: { type: 'pstn', number: '3197004499436', identity: '+3197004499436', countryIsoCode: 'NL' } },
		});
		expect(ids((await list(sb, '?from=31612345678')).results)).toEqual([r.id]);
		expect(ids((await list(sb, '?from=%2B31612345678')).results)).toEqual([r.id]);
		expect(ids((await list(sb, '?from=31612345678&to=%2B3197004499436')).results)).toEqual([r.id]);
		expect((await list(sb, '?from=')).results).toEqual([]);
	});

	it.each([
		['sourceId=abc', 'sourceId'],
		['channelId=', 'channelId'],
		['id=123', 'id'],
		['direction=inbound', 'direction'],
		['startAt=2026-11-30', 'startAt'],
		['endAt=yesterday', 'endAt'],
	])('refuses %s', async (query, member) => {
		const sb = await start();
		const response = await call(sb, `/recordings?${query}`);
		expect(response.status).toBe(422);
		expect((await json<BirdErrorBody>(response)).details).toHaveProperty(member);
	});

	describe('startAt/endAt', () => {
		async function withThree(options: SandboxOptions) {
			const sb = await start({ recordingCount: 0, ...options });
			const at = (minutes: number) => NOW - 3_600_000 + minutes * 60_000;
			const made = [0, 10, 20].map((m) =>
				sb.addRecording({ createdAt: at(m), startedAt: at(m), endedAt: at(m) + 120_000, readyAt: at(m) + 121_000 }),
			);
			const iso = (minutes: number) => new Date(at(minutes)).toISOString();
			return { sb, made, iso };
		}

		it('filter createdAt, start inclusive and end exclusive by default', async () => {
			const { sb, made, iso } = await withThree({});
			expect(ids((await list(sb, `?startAt=${iso(10)}&endAt=${iso(20)}`)).results)).toEqual([made[1].id]);
		});

		it('make both ends inclusive or exclusive with startAtInclusive/endAtInclusive', async () => {
			const inclusive = await withThree({ endAtInclusive: true });
			expect(ids((await list(inclusive.sb, `?startAt=${inclusive.iso(10)}&endAt=${inclusive.iso(20)}`)).results)).toEqual([
				inclusive.made[2].id,
				inclusive.made[1].id,
			]);
			const exclusive = await withThree({ startAtInclusive: false });
			expect((await list(exclusive.sb, `?startAt=${exclusive.iso(10)}&endAt=${exclusive.iso(20)}`)).results).toEqual([]);
		});

		it('filter endedAt with timeFilterField: endedAt, leaving out recordings not ended', async () => {
			const { sb, made, iso } = await withThree({ timeFilterField: 'endedAt' });
			const live = sb.addRecording({ live: true });
			expect(ids((await list(sb, `?startAt=${iso(11)}&endAt=${iso(13)}`)).results)).toEqual([made[1].id]);
			expect(ids((await list(sb, `?startAt=${iso(0)}`)).results)).not.toContain(live.id);
		});

		it('filter startedAt with timeFilterField: startedAt, and accept offsets', async () => {
			const { sb, made } = await withThree({ timeFilterField: 'startedAt' });
			const start = new Date(made[1].startedAt).toISOString().replace('Z', '+00:00');
			expect(ids((await list(sb, `?startAt=${encodeURIComponent(start)}&endAt=${new Date(made[2].startedAt).toISOString()}`)).results)).toEqual([made[1].id]);
		});
	});
});

describe('media: GET …/recordings/{id}.mp3 → 307 to a pre-signed URL on another origin', () => {
	async function mediaLocation(sb: Sandbox, id: string) {
		const response = await call(sb, `/recordings/${id}.mp3`);
		expect(response.status).toBe(307);
		await response.arrayBuffer();
		return response.headers.get('location') as string;
	}

	it('redirects to the storage origin, which serves audio/mpeg to a request without credentials', async () => {
		const sb = await start();
		const r = sb.addRecording({ durationSeconds: 30 });
		const location = await mediaLocation(sb, r.id);
		expect(new URL(location).origin).toBe(sb.storageUrl);
		expect(new URL(location).origin).not.toBe(sb.url);
		expect(location).toContain('X-Amz-Expires=600');
		expect(location).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256');
		const audio = await fetch(location);
		expect(audio.status).toBe(200);
		expect(audio.headers.get('content-type')).toBe('audio/mpeg');
		const bytes = Buffer.from(await audio.arrayBuffer());
		expect(bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
		expect(bytes.length).toBe(Number(audio.headers.get('content-length')));
		expect(sb.credentialReachedStorage()).toBe(false);
		expect(sb.storageRequests()).toHaveLength(1);
		expect(sb.storageRequests()[0].credential).toBeNull();
	});

	it('gives the same file through the object url', async () => {
		const sb = await start();
		const r = sb.addRecording({ durationSeconds: 12 });
		const { url } = await json<BirdRecording>(await call(sb, `/recordings/${r.id}`));
		const viaUrl = Buffer.from(await (await fetch(url as string)).arrayBuffer());
		const viaRedirect = Buffer.from(await (await fetch(await mediaLocation(sb, r.id))).arrayBuffer());
		expect(viaUrl.equals(viaRedirect)).toBe(true);
	});

	it('refuses, like S3, a request carrying an Authorization header with the pre-signed query, and records the credential', async () => {
		const sb = await start();
		const location = await mediaLocation(sb, sb.addRecording().id);
		const response = await fetch(location, { headers: { authorization: `AccessKey ${sb.accessKey}` } });
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('application/xml');
		const xml = await response.text();
		expect(xml).toContain('<Code>InvalidArgument</Code>');
		expect(xml).toContain('Only one auth mechanism allowed');
		expect(sb.credentialReachedStorage()).toBe(true);
		expect(sb.storageRequests()[0].credential).toBe('authorization');
	});

	it('serves it anyway but still records the credential with storageRejectsAuthorization: false', async () => {
		const sb = await start({ storageRejectsAuthorization: false });
		const location = await mediaLocation(sb, sb.addRecording().id);
		expect((await fetch(location, { headers: { authorization: 'Bearer x' } })).status).toBe(200);
		expect(sb.credentialReachedStorage()).toBe(true);
	});

	it.each([
		['a cookie', { cookie: 'session=1' }, 'cookie'],
		['the access key in a header', { 'x-api-key': 'KEY' }, 'access-key'],
	])('records %s reaching storage', async (_name, headers, kind) => {
		const sb = await start();
		const location = await mediaLocation(sb, sb.addRecording().id);
		const sent = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('KEY', sb.accessKey)]));
		await (await fetch(location, { headers: sent })).arrayBuffer();
		expect(sb.storageRequests()[0].credential).toBe(kind);
	});

	it('expires the URL after X-Amz-Expires seconds (403 Request has expired), presignedUrlTtlSeconds to change it', async () => {
		const sb = await start();
		const location = await mediaLocation(sb, sb.addRecording().id);
		sb.clock.advance(599_000);
		expect((await fetch(location)).status).toBe(200);
		sb.clock.advance(2_000);
		const expired = await fetch(location);
		expect(expired.status).toBe(403);
		const xml = await expired.text();
		expect(xml).toContain('<Code>AccessDenied</Code>');
		expect(xml).toContain('Request has expired');

		const short = await start({ presignedUrlTtlSeconds: 60 });
		const shortLocation = await mediaLocation(short, short.addRecording().id);
		expect(shortLocation).toContain('X-Amz-Expires=60&');
		short.clock.advance(61_000);
		expect((await fetch(shortLocation)).status).toBe(403);
	});

	it('refuses an altered URL (403 SignatureDoesNotMatch) and a URL without query auth (403 AccessDenied)', async () => {
		const sb = await start();
		const location = await mediaLocation(sb, sb.addRecording().id);
		const altered = location.replace('X-Amz-Expires=600', 'X-Amz-Expires=6000');
		expect(await (await fetch(altered)).text()).toContain('<Code>SignatureDoesNotMatch</Code>');
		const bare = await fetch(location.split('?')[0]);
		expect(bare.status).toBe(403);
		expect(await bare.text()).toContain('<Code>AccessDenied</Code>');
	});

	it('answers 404 NoSuchKey for a URL whose recording was deleted since', async () => {
		const sb = await start();
		const r = sb.addRecording();
		const location = await mediaLocation(sb, r.id);
		expect((await call(sb, `/recordings/${r.id}`, { method: 'DELETE' })).status).toBe(204);
		const gone = await fetch(location);
		expect(gone.status).toBe(404);
		expect(await gone.text()).toContain('<Code>NoSuchKey</Code>');
	});

	it('has no media before the recording is available (404)', async () => {
		const sb = await start();
		for (const r of [sb.addRecording({ live: true }), sb.addRecording({ fate: 'failed' }), sb.addRecording({ fate: 'absent' })]) {
			const response = await call(sb, `/recordings/${r.id}.mp3`);
			expect(response.status).toBe(404);
			expect((await json<BirdErrorBody>(response)).code).toBe('NotFound');
		}
	});

	it('answers 302 with mediaRedirect: 302, and the audio itself with mediaRedirect: direct', async () => {
		const found = await start({ mediaRedirect: 302 });
		const response = await call(found, `/recordings/${found.addRecording().id}.mp3`);
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toContain(found.storageUrl);

		const direct = await start({ mediaRedirect: 'direct' });
		const audio = await call(direct, `/recordings/${direct.addRecording({ durationSeconds: 3 }).id}.mp3`);
		expect(audio.status).toBe(200);
		expect(audio.headers.get('content-type')).toBe('audio/mpeg');
		expect(Buffer.from(await audio.arrayBuffer()).subarray(0, 3).toString('latin1')).toBe('ID3');
		expect(direct.storageRequests()).toHaveLength(0);
	});

	it('puts storagePublicHost into pre-signed URLs', async () => {
		const sb = await start({ storagePublicHost: 'localhost' });
		expect(sb.mediaUrl(sb.addRecording().id)).toMatch(/^http:\/\/localhost:\d+\//);
	});
});

describe('delete: 204, then 404', () => {
	it('deletes a recording: 204 with no body, then GET, .mp3 and DELETE answer 404 and the list leaves it out', async () => {
		const sb = await start({ recordingCount: 3 });
		const [first] = (await list(sb)).results;
		const response = await call(sb, `/recordings/${first.id}`, { method: 'DELETE' });
		expect(response.status).toBe(204);
		expect(await response.text()).toBe('');
		expect((await call(sb, `/recordings/${first.id}`)).status).toBe(404);
		expect((await call(sb, `/recordings/${first.id}.mp3`)).status).toBe(404);
		expect((await call(sb, `/recordings/${first.id}`, { method: 'DELETE' })).status).toBe(404);
		expect(ids((await list(sb)).results)).not.toContain(first.id);
	});

	it('answers 405 to a method a path does not take', async () => {
		const sb = await start();
		const response = await call(sb, '/recordings', { method: 'POST' });
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('GET');
	});
});

describe('transcriptions', () => {
	async function create(sb: Sandbox, recordingId: string, body: unknown) {
		return call(sb, `/recordings/${recordingId}/transcriptions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
	}

	it('creates one (202, accepted), which becomes ongoing and then available; the recording shows transcription: true', async () => {
		const sb = await start({ transcriptionDurationMs: 8_000 });
		const r = sb.addRecording({ durationSeconds: 40 });
		const response = await create(sb, r.id, { locale: 'nl-NL' });
		expect(response.status).toBe(202);
		const t = await json<BirdTranscription>(response);
		expect(t).toEqual({
			id: expect.stringMatching(UUID),
			recordingId: r.id,
			status: 'accepted',
			stereo: r.stereo,
			locale: 'nl-NL',
			createdAt: expect.stringMatching(RFC3339_MS),
			updatedAt: expect.stringMatching(RFC3339_MS),
		});
		expect((await json<BirdRecording>(await call(sb, `/recordings/${r.id}`))).transcription).toBe(true);
		const read = async () => json<BirdTranscription>(await call(sb, `/transcriptions/${t.id}`));
		sb.clock.advance(2_000);
		expect((await read()).status).toBe('ongoing');
		sb.clock.advance(6_000);
		const done = await read();
		expect(done.status).toBe('available');
		expect(done.url).toContain(sb.storageUrl);
		expect(done.summary).toEqual(expect.any(String));
	});

	it('accepts every documented locale', async () => {
		const sb = await start();
		const r = sb.addRecording();
		expect(SUPPORTED_LOCALES).toHaveLength(66);
		for (const locale of SUPPORTED_LOCALES) expect((await create(sb, r.id, { locale })).status).toBe(202);
	});

	it.each([
		['an undocumented locale', { locale: 'en' }, 'locale'],
		['a lower-case locale', { locale: 'en-us' }, 'locale'],
		['no locale', {}, 'locale'],
		['an unknown member', { locale: 'en-US', language: 'en' }, 'language'],
		['a malformed messageId', { locale: 'en-US', messageId: 'x' }, 'messageId'],
		['a non-object body', [1], 'body'],
	])('refuses %s (422 InvalidPayload)', async (_name, body, member) => {
		const sb = await start();
		const response = await create(sb, sb.addRecording().id, body);
		expect(response.status).toBe(422);
		const error = await json<BirdErrorBody>(response);
		expect(error.code).toBe('InvalidPayload');
		expect(error.details).toHaveProperty(member);
	});

	it('refuses bad JSON (400), an unknown recording (404), a recording not available (422); 400 for validation with validationStatus: 400', async () => {
		const sb = await start();
		expect((await create(sb, sb.addRecording().id, '{"locale":')).status).toBe(400);
		expect((await create(sb, '5b74ee9e-9d45-473a-82cd-f1f7feea6bbd', { locale: 'en-US' })).status).toBe(404);
		const live = await create(sb, sb.addRecording({ live: true }).id, { locale: 'en-US' });
		expect(live.status).toBe(422);
		expect((await json<BirdErrorBody>(live)).code).toBe('RecordingNotAvailable');
		const strict = await start({ validationStatus: 400 });
		expect((await create(strict, strict.addRecording().id, { locale: 'xx-XX' })).status).toBe(400);
	});

	it('serves the content as JSON, SRT, VTT and TXT once available, 404 before and for other formats', async () => {
		const sb = await start();
		const r = sb.addRecording({ durationSeconds: 20 });
		const t = sb.addTranscription(r.id, { status: 'ongoing' });
		expect((await call(sb, `/transcriptions/${t.id}.txt`)).status).toBe(404);
		sb.finishTranscription(t.id);
		const content = async (format: string) => {
			const response = await call(sb, `/transcriptions/${t.id}.${format}`);
			expect(response.status).toBe(200);
			return { type: response.headers.get('content-type'), text: await response.text() };
		};
		const asJson = await content('json');
		expect(asJson.type).toBe('application/json');
		expect(JSON.parse(asJson.text)).toMatchObject({ id: t.id, recordingId: r.id, locale: 'en-US', text: expect.any(String) });
		const srt = await content('srt');
		expect(srt.type).toBe('application/x-subrip');
		expect(srt.text).toMatch(/^1\n00:00:00,000 --> 00:00:04,000\n/);
		const vtt = await content('vtt');
		expect(vtt.type).toContain('text/vtt');
		expect(vtt.text).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:04\.000\n/);
		const txt = await content('txt');
		expect(txt.type).toContain('text/plain');
		expect(txt.text.split('\n').length).toBeGreaterThan(3);
		expect((await call(sb, `/transcriptions/${t.id}.pdf`)).status).toBe(404);
		const failed = sb.addTranscription(r.id, { fate: 'failed', readyAt: sb.clock.now() });
		expect((await json<BirdTranscription>(await call(sb, `/transcriptions/${failed.id}`))).status).toBe('failed');
		expect((await call(sb, `/transcriptions/${failed.id}.json`)).status).toBe(404);
	});

	it('names the format in the url (?format=), refuses an unknown one, and can redirect content to storage', async () => {
		const sb = await start({ transcriptContent: 'redirect' });
		const t = sb.addTranscription(sb.addRecording().id, { readyAt: sb.clock.now() });
		const meta = await json<BirdTranscription>(await call(sb, `/transcriptions/${t.id}?format=vtt`));
		expect(new URL(meta.url as string).pathname).toMatch(/\.vtt$/);
		expect((await call(sb, `/transcriptions/${t.id}?format=pdf`)).status).toBe(422);
		const redirect = await call(sb, `/transcriptions/${t.id}.srt`);
		expect(redirect.status).toBe(307);
		const file = await fetch(redirect.headers.get('location') as string);
		expect(file.headers.get('content-type')).toBe('application/x-subrip');
		expect(await file.text()).toContain(' --> ');
		expect(sb.credentialReachedStorage()).toBe(false);
	});

	it('lists transcriptions with limit and nextPageToken', async () => {
		const sb = await start({ recordingCount: 40, transcribeEvery: 1 });
		const seen: string[] = [];
		let token: string | undefined;
		do {
			const response = await call(sb, `/transcriptions?limit=9${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`);
			const page = await json<BirdPage<BirdTranscription>>(response);
			seen.push(...ids(page.results));
			token = page.nextPageToken ?? undefined;
		} while (token);
		expect(new Set(seen).size).toBe(sb.transcriptions.size);
		expect(sb.transcriptions.size).toBeGreaterThan(30);
		expect((await call(sb, '/transcriptions?limit=100')).status).toBe(422);
		const recordingsToken = (await list(sb)).nextPageToken as string;
		expect((await call(sb, `/transcriptions?pageToken=${encodeURIComponent(recordingsToken)}`)).status).toBe(422);
	});
});

describe('errors and rate limiting', () => {
	it('wraps error members in {error: …} with errorShape: nested', async () => {
		const sb = await start({ errorShape: 'nested' });
		const response = await call(sb, '/recordings/not-a-uuid');
		expect(await response.json()).toEqual({ error: { code: 'NotFound', message: expect.any(String) } });
	});

	it('answers 429 with Retry-After past the rate limit, and recovers when the window has passed', async () => {
		const sb = await start({ rateLimit: { limit: 3, windowMs: 10_000 } });
		for (let i = 0; i < 3; i++) expect((await call(sb, '/recordings')).status).toBe(200);
		const limited = await call(sb, '/recordings');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('10');
		expect((await json<BirdErrorBody>(limited)).code).toBe('TooManyRequests');
		sb.clock.advance(10_000);
		expect((await call(sb, '/recordings')).status).toBe(200);
	});

	it('answers 429 without Retry-After when retryAfterHeader is false', async () => {
		const sb = await start({ rateLimit: { limit: 1, windowMs: 60_000 }, retryAfterHeader: false });
		await call(sb, '/recordings');
		const limited = await call(sb, '/recordings');
		expect(limited.status).toBe(429);
		expect(limited.headers.has('retry-after')).toBe(false);
	});
});

describe('faults and the request log', () => {
	it('answers injected statuses for as many requests as asked, with a Bird error body', async () => {
		const sb = await start();
		sb.injectFault({ status: 503, times: 2, path: /\/recordings$/ });
		sb.injectFault({ status: 429, headers: { 'retry-after': '2' }, method: 'GET', path: `/workspaces/${sb.workspaceId}/transcriptions` });
		const first = await call(sb, '/recordings');
		expect(first.status).toBe(503);
		expect(await first.json()).toEqual({ code: 'InternalError', message: 'Injected 503' });
		expect((await call(sb, '/recordings')).status).toBe(503);
		expect((await call(sb, '/recordings')).status).toBe(200);
		const limited = await call(sb, '/transcriptions');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect((await call(sb, '/transcriptions')).status).toBe(200);
	});

	it('drops the connection (reset), delays (delayMs) and cuts a body short (truncate), on the API or on storage', async () => {
		const sb = await start();
		sb.injectFault({ reset: true });
		await expect(call(sb, '/recordings')).rejects.toThrow();
		sb.injectFault({ delayMs: 300 });
		const before = Date.now();
		expect((await call(sb, '/recordings')).status).toBe(200);
		expect(Date.now() - before).toBeGreaterThanOrEqual(250);
		sb.injectFault({ truncate: true });
		await expect((await call(sb, '/recordings')).json()).rejects.toThrow();

		const location = sb.mediaUrl(sb.addRecording({ durationSeconds: 60 }).id);
		sb.injectFault({ target: 'storage', truncate: 1000 });
		const cut = await fetch(location);
		expect(cut.status).toBe(200);
		await expect(cut.arrayBuffer()).rejects.toThrow();
		sb.injectFault({ target: 'storage', status: 500, body: '<Error><Code>InternalError</Code></Error>' });
		expect((await fetch(location)).status).toBe(500);
		expect((await fetch(location)).status).toBe(200);
	});

	it('logs method, path, query, headers, host, status and time for each side, and can be reset', async () => {
		const sb = await start();
		await call(sb, '/recordings?limit=5&direction=incoming');
		const location = sb.mediaUrl(sb.addRecording().id);
		await (await fetch(location)).arrayBuffer();
		const [api] = sb.apiRequests();
		expect(api).toMatchObject({
			target: 'api',
			method: 'GET',
			path: `/workspaces/${sb.workspaceId}/recordings`,
			query: { limit: '5', direction: 'incoming' },
			rawQuery: '?limit=5&direction=incoming',
			host: `127.0.0.1:${sb.port}`,
			status: 200,
			clockAt: NOW,
		});
		expect(api.headers.authorization).toBe(`AccessKey ${sb.accessKey}`);
		expect(api.at).toBeGreaterThan(0);
		const [storage] = sb.storageRequests();
		expect(storage).toMatchObject({ target: 'storage', method: 'GET', host: `127.0.0.1:${sb.storagePort}`, status: 200, credential: null });
		expect(sb.log).toHaveLength(2);
		sb.resetLog();
		expect(sb.log).toHaveLength(0);
	});
});

describe('clock', () => {
	it('starts at options.now, moves only by advance() without realTime, and with real time otherwise', async () => {
		const still = createSandbox({ now: NOW, realTime: false, recordingCount: 0 });
		expect(still.clock.now()).toBe(NOW);
		still.clock.advance(1234);
		expect(still.clock.now()).toBe(NOW + 1234);
		const moving = createSandbox({ now: NOW, recordingCount: 0 });
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(moving.clock.now()).toBeGreaterThan(NOW + 20);
	});

	it('refuses an unknown switch value', () => {
		expect(() => createSandbox({ sortOrder: 'random' as never })).toThrow(/sortOrder/);
	});
});

describe('cli.js', () => {
	it('starts on SANDBOX_PORT, prints what to connect with, adds live recordings, and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [join(__dirname, '../../sandbox/cli.js')], {
			env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_NEW_RECORDING_EVERY_MS: '100' },
		});
		let output = '';
		const printed = (pattern: RegExp) =>
			new Promise<RegExpMatchArray>((resolve) => {
				const check = () => {
					const m = output.match(pattern);
					if (m) resolve(m);
					else child.stdout.once('data', check);
				};
				check();
			});
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		try {
			await expectItServes();
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);

		async function expectItServes() {
			const [, url] = await printed(/API base URL:\s+(\S+)/);
			const [, workspaceId] = await printed(/workspace ID:\s+(\S+)/);
			const [, key] = await printed(/access key:\s+(\S+)/);
			const [, added] = await printed(/new call recording (\S+) \(ongoing\)/);
			const response = await fetch(`${url}/workspaces/${workspaceId}/recordings?limit=99`, { headers: { authorization: `AccessKey ${key}` } });
			const page = (await response.json()) as BirdPage<BirdRecording>;
			expect(ids(page.results)).toContain(added);
		}
	});
});
