// Self-test of the Kazoo sandbox: over real HTTP with Node's fetch, each documented behaviour and
// each switch (research notes §1, §1.11; seed 002). The node is not involved.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, toGregorian, type KazooSandbox, type KazooSandboxOptions } from '../../sandbox/server';

type Reply = { status: number; headers: Headers; json: any; bytes: Buffer };

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const running: KazooSandbox[] = [];

async function sandboxWith(options: KazooSandboxOptions = {}): Promise<KazooSandbox> {
	const s = await createSandbox({ realTime: false, now: NOW, ...options }).start();
	running.push(s);
	return s;
}

afterEach(async () => {
	while (running.length) await running.pop()!.stop();
});

async function call(
	s: KazooSandbox,
	method: string,
	path: string,
	init: { token?: string; headers?: Record<string, string>; body?: unknown; redirect?: 'manual' | 'follow' } = {},
): Promise<Reply> {
	const headers: Record<string, string> = { ...(init.headers ?? {}) };
	if (init.token) headers['X-Auth-Token'] = init.token;
	const res = await fetch(`${s.apiBaseUrl}${path}`, {
		method,
		headers,
		body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
		redirect: init.redirect ?? 'manual',
	});
	const bytes = Buffer.from(await res.arrayBuffer());
	let json: any;
	if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(bytes.toString('utf8'));
	return { status: res.status, headers: res.headers, json, bytes };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const recordingsPath = (s: KazooSandbox) => `/accounts/${s.account.id}/recordings`;

async function userLogin(s: KazooSandbox, extra: Record<string, unknown> = { account_name: 'Sandbox Telecom' }) {
	return call(s, 'PUT', '/user_auth', { body: { data: { credentials: md5('alice:alice-secret'), method: 'md5', ...extra } } });
}

async function listAll(s: KazooSandbox, token: string, query: string, path = recordingsPath(s)) {
	const items: any[] = [];
	let key: string | undefined;
	let requests = 0;
	do {
		const sep = query ? '&' : '';
		const r = await call(s, 'GET', `${path}?${query}${key ? `${sep}start_key=${encodeURIComponent(key)}` : ''}`, { token });
		expect(r.status).toBe(200);
		requests++;
		items.push(...r.json.data);
		key = r.json.next_start_key;
	} while (key);
	return { items, requests };
}

function inWindow(s: KazooSandbox, from: number, to: number, ownerId?: string) {
	return s
		.visibleRecordings(ownerId)
		.filter((r) => toGregorian(r.createdAt) >= from && toGregorian(r.createdAt) <= to)
		.map((r) => r.id);
}

describe('authentication', () => {
	test('PUT /v2/user_auth with md5(lowercase(username):password) and the account name gives a token in the envelope', async () => {
		const s = await sandboxWith();
		const r = await userLogin(s);
		expect(r.status).toBe(201);
		expect(r.json).toMatchObject({ status: 'success', data: { account_id: s.account.id, owner_id: s.options.users[0].id, apps: [], language: 'en-US' } });
		expect(typeof r.json.auth_token).toBe('string');
		expect(r.json).toHaveProperty('request_id');
		expect(r.json).toHaveProperty('revision');
		expect(r.json).toHaveProperty('version');
		expect(r.json).toHaveProperty('node');
		expect(r.json).toHaveProperty('timestamp');
		expect(r.json.tokens).toEqual({ consumed: 35, remaining: 65 });
		const me = await call(s, 'GET', '/token_auth', { token: r.json.auth_token });
		expect(me.json.data).toMatchObject({ account_id: s.account.id, method: 'cb_user_auth' });
	});

	test('the username is lower-cased before hashing; realm, phone number and sha1 also work', async () => {
		const s = await sandboxWith({ rateLimit: false });
		const bob = (creds: string, extra: Record<string, unknown>) => call(s, 'PUT', '/user_auth', { body: { data: { credentials: creds, ...extra } } });
		expect((await bob(md5('bob.agent:bob-secret'), { account_realm: 'sandbox.kazoo.test' })).status).toBe(201);
		expect((await bob(md5('Bob.Agent:bob-secret'), { account_realm: 'sandbox.kazoo.test' })).status).toBe(401);
		expect((await bob(md5('bob.agent:bob-secret'), { phone_number: '4155550100' })).json.data.owner_id).toBe(s.options.users[1].id);
		const sha = createHash('sha1').update('bob.agent:bob-secret').digest('hex');
		expect((await bob(sha, { account_name: 'sandbox telecom', method: 'sha' })).status).toBe(201);
		expect(s.credentialsHash('Bob.Agent', 'bob-secret')).toBe(md5('bob.agent:bob-secret'));
	});

	test('wrong password → 401 invalid_credentials; unknown account → 400 not_found; no credentials → 400 required', async () => {
		const s = await sandboxWith({ rateLimit: false });
		const wrong = await call(s, 'PUT', '/user_auth', { body: { data: { credentials: md5('alice:nope'), account_name: 'Sandbox Telecom' } } });
		expect(wrong.status).toBe(401);
		expect(wrong.json).toMatchObject({ status: 'error', error: '401', message: 'invalid_credentials', data: { message: 'invalid credentials' } });
		const unknown = await userLogin(s, { account_name: 'Nobody Inc' });
		expect(unknown.status).toBe(400);
		expect(unknown.json).toMatchObject({ error: '400', message: 'validation error' });
		expect(unknown.json.data.account_name.not_found.message).toBe('The provided account name could not be found');
		const missing = await call(s, 'PUT', '/user_auth', { body: { data: { account_name: 'Sandbox Telecom' } } });
		expect(missing.status).toBe(400);
		expect(missing.json.data.credentials.required).toBeDefined();
		const notJson = await call(s, 'PUT', '/user_auth', { body: '{nope' });
		expect(notJson.status).toBe(400);
		expect(notJson.json.message).toBe('parse_error');
		expect((await call(s, 'GET', '/user_auth')).status).toBe(405);
	});

	test('PUT /v2/api_auth: right key → token without owner; wrong key → 404; wrong length → 400; none → 401', async () => {
		const s = await sandboxWith({ rateLimit: false });
		const ok = await call(s, 'PUT', '/api_auth', { body: { data: { api_key: s.account.apiKey } } });
		expect(ok.status).toBe(201);
		expect(ok.json.data.account_id).toBe(s.account.id);
		expect(ok.json.data.owner_id).toBeUndefined();
		const wrongKey = 'f'.repeat(64);
		const wrong = await call(s, 'PUT', '/api_auth', { body: { data: { api_key: wrongKey } } });
		expect(wrong.status).toBe(404);
		expect(wrong.json.data).toEqual([wrongKey]);
		const short = await call(s, 'PUT', '/api_auth', { body: { data: { api_key: 'abc' } } });
		expect(short.status).toBe(400);
		expect(short.json.data.api_key.minLength).toBeDefined();
		expect((await call(s, 'PUT', '/api_auth', { body: { data: {} } })).status).toBe(401);
	});

	test('switch createdStatus: 200 instead of 201', async () => {
		const s = await sandboxWith({ createdStatus: 200 });
		expect((await userLogin(s)).status).toBe(200);
	});

	test('the token is accepted as X-Auth-Token, auth_token query and Bearer; missing → 401', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(200);
		expect((await call(s, 'GET', `${recordingsPath(s)}?auth_token=${token}`)).status).toBe(200);
		expect((await call(s, 'GET', recordingsPath(s), { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
		const none = await call(s, 'GET', recordingsPath(s));
		expect(none.status).toBe(401);
		expect(none.json.message).toBe('invalid_credentials');
		const other = await call(s, 'GET', '/accounts/0000000000000000000000000000beef/recordings', { token });
		expect(other.status).toBe(403);
		expect(other.json.message).toBe('forbidden');
	});

	test('absolute expiry (default): the token dies tokenTtlSeconds after it was made, however often it is used', async () => {
		const s = await sandboxWith();
		const token = (await userLogin(s)).json.auth_token;
		s.clock.advance(3_599_000);
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(200);
		s.clock.advance(1_000);
		const expired = await call(s, 'GET', recordingsPath(s), { token });
		expect(expired.status).toBe(401);
		expect(expired.json).toMatchObject({ error: '401', message: 'invalid_credentials', data: { message: 'invalid credentials' } });
	});

	test('switch tokenExpiry sliding: each use extends the token; tokenTtlSeconds sets the lifetime', async () => {
		const s = await sandboxWith({ tokenExpiry: 'sliding', tokenTtlSeconds: 600 });
		const token = s.issueToken();
		for (let i = 0; i < 3; i++) {
			s.clock.advance(500_000);
			expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(200);
		}
		s.clock.advance(600_000);
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(401);
	});

	test('test controls expire tokens; DELETE /v2/token_auth revokes one', async () => {
		const s = await sandboxWith();
		const a = s.issueToken();
		const b = s.issueToken('Bob.Agent');
		s.expireToken(a);
		expect((await call(s, 'GET', recordingsPath(s), { token: a })).status).toBe(401);
		expect((await call(s, 'DELETE', '/token_auth', { token: b })).status).toBe(200);
		expect((await call(s, 'GET', '/token_auth', { token: b })).status).toBe(401);
		const c = s.issueToken();
		s.expireAllTokens();
		expect(s.isTokenValid(c)).toBe(false);
	});

	test("switch unauthorizedBody crossbarUtil: 'invalid credentials' with empty data", async () => {
		const s = await sandboxWith({ unauthorizedBody: 'crossbarUtil' });
		const r = await call(s, 'GET', recordingsPath(s), { token: 'stale' });
		expect(r.status).toBe(401);
		expect(r.json).toMatchObject({ error: '401', message: 'invalid credentials', data: {}, status: 'error' });
	});
});

describe('listing', () => {
	test('default: newest first, the last 31 days + 1 hour only, pages of 50 with next_start_key', async () => {
		const s = await sandboxWith({ recordings: 800, rateLimit: false });
		const token = s.issueToken();
		const now = toGregorian(NOW);
		const first = await call(s, 'GET', recordingsPath(s), { token });
		expect(first.json.page_size).toBe(50);
		expect(first.json.data).toHaveLength(50);
		expect(first.json.next_start_key).toMatch(/^g2wAAAAC[A-Za-z0-9_-]+$/);
		const { items } = await listAll(s, token, '');
		expect(items.map((d) => d.id)).toEqual(inWindow(s, now - 2_682_000, now));
		expect(items.length).toBe(745);
		expect(items.length).toBeLessThan(800);
	});

	test('a page holds page_size items; an exact multiple ends without an empty page; a read of page_size + 1 rows', async () => {
		const s = await sandboxWith({ recordings: 10 });
		const token = s.issueToken();
		const { items, requests } = await listAll(s, token, 'page_size=5');
		expect(items).toHaveLength(10);
		expect(requests).toBe(2);
		const last = await call(s, 'GET', `${recordingsPath(s)}?page_size=10`, { token });
		expect(last.json.next_start_key).toBeUndefined();
		expect(last.json.page_size).toBe(10);
		const short = await call(s, 'GET', `${recordingsPath(s)}?page_size=9`, { token });
		expect(short.json.next_start_key).toBeDefined();
		// next_start_key is the key of the first row of the next page.
		const next = await call(s, 'GET', `${recordingsPath(s)}?page_size=9&start_key=${short.json.next_start_key}`, { token });
		expect(next.json.data.map((d: any) => d.id)).toEqual([items[9].id]);
		expect(next.json.start_key).toBe(short.json.next_start_key);
	});

	test('switch startKeyStyle raw: keys are JSON arrays [gregorian, id], passed back JSON-encoded', async () => {
		const s = await sandboxWith({ recordings: 7, startKeyStyle: 'raw' });
		const token = s.issueToken();
		const p1 = await call(s, 'GET', `${recordingsPath(s)}?page_size=3`, { token });
		expect(Array.isArray(p1.json.next_start_key)).toBe(true);
		expect(p1.json.next_start_key[1]).toMatch(/^\d{6}-[0-9a-f]{32}$/);
		const { items, requests } = await (async () => {
			const all: any[] = [];
			let key: unknown;
			let n = 0;
			do {
				const q = key === undefined ? '' : `&start_key=${encodeURIComponent(JSON.stringify(key))}`;
				const r = await call(s, 'GET', `${recordingsPath(s)}?page_size=3${q}`, { token });
				n++;
				all.push(...r.json.data);
				key = r.json.next_start_key;
			} while (key !== undefined);
			return { items: all, requests: n };
		})();
		expect(items).toHaveLength(7);
		expect(requests).toBe(3);
	});

	test('an encoded key sent to a raw-key cluster or garbage start_key does not page correctly (opaque keys)', async () => {
		const s = await sandboxWith({ recordings: 5 });
		const token = s.issueToken();
		const r = await call(s, 'GET', `${recordingsPath(s)}?start_key=not-a-key`, { token });
		expect(r.status).toBe(200);
		expect(r.json.data).toEqual([]);
	});

	test('ascending=true sorts oldest first; descending=false alone is ignored; switch descendingFalse honoured', async () => {
		const s = await sandboxWith({ recordings: 6 });
		const token = s.issueToken();
		const desc = (await call(s, 'GET', recordingsPath(s), { token })).json.data.map((d: any) => d.id);
		const asc = (await call(s, 'GET', `${recordingsPath(s)}?ascending=true`, { token })).json.data.map((d: any) => d.id);
		expect(asc).toEqual([...desc].reverse());
		const ignored = (await call(s, 'GET', `${recordingsPath(s)}?descending=false`, { token })).json.data.map((d: any) => d.id);
		expect(ignored).toEqual(desc);
		const { items } = await listAll(s, token, 'ascending=true&page_size=4');
		expect(items.map((d) => d.id)).toEqual(asc);
		const h = await sandboxWith({ recordings: 6, descendingFalse: 'honoured' });
		const honoured = (await call(h, 'GET', `${recordingsPath(h)}?descending=false`, { token: h.issueToken() })).json.data.map((d: any) => d.id);
		expect(honoured).toEqual(asc);
	});

	test('created_from/created_to (Gregorian seconds) select a window; wider than 31 days + 1 h → 400; reversed → 400', async () => {
		const s = await sandboxWith({ recordings: 2000, rateLimit: false });
		const token = s.issueToken();
		const to = toGregorian(NOW) - 40 * 86_400;
		const from = to - 2_682_000;
		const { items } = await listAll(s, token, `created_from=${from}&created_to=${to}&page_size=200`);
		expect(items.map((d) => d.id)).toEqual(inWindow(s, from, to));
		const wide = await call(s, 'GET', `${recordingsPath(s)}?created_from=${from - 1}&created_to=${to}`, { token });
		expect(wide.status).toBe(400);
		expect(wide.json).toMatchObject({ error: '400', message: 'validation error', status: 'error' });
		expect(wide.json.data.created_from.date_range.message).toBe(`created_to ${to} is more than 2682000 seconds from created_from ${from - 1}`);
		const onlyFrom = await call(s, 'GET', `${recordingsPath(s)}?created_from=${from}`, { token });
		expect(onlyFrom.status).toBe(400);
		const reversed = await call(s, 'GET', `${recordingsPath(s)}?created_from=${to}&created_to=${from}`, { token });
		expect(reversed.status).toBe(400);
		expect(reversed.json.data.created_from.date_range.message).toBe(`created_to ${from} is prior to created_from ${to}`);
		const narrow = await sandboxWith({ maxRangeSeconds: 86_400 });
		const r = await call(narrow, 'GET', `${recordingsPath(narrow)}?created_from=${to - 86_401}&created_to=${to}`, { token: narrow.issueToken() });
		expect(r.status).toBe(400);
		expect((await call(narrow, 'GET', recordingsPath(narrow), { token: narrow.issueToken() })).json.data).toHaveLength(24);
	});

	test('bad page_size → 404 faulty_request (switch badPageSizeStatus); defaultPageSize switch', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const zero = await call(s, 'GET', `${recordingsPath(s)}?page_size=0`, { token });
		expect(zero.status).toBe(404);
		expect(zero.json).toMatchObject({ error: '404', message: 'faulty_request', data: { message: 'page size must be at least 1' } });
		const word = await call(s, 'GET', `${recordingsPath(s)}?page_size=ten`, { token });
		expect(word.status).toBe(404);
		expect(word.json.data.message).toBe('invalid page size');
		expect((await call(s, 'GET', `${recordingsPath(s)}?page_size=-3`, { token })).status).toBe(404);
		const other = await sandboxWith({ badPageSizeStatus: 400, defaultPageSize: 10 });
		const t2 = other.issueToken();
		expect((await call(other, 'GET', `${recordingsPath(other)}?page_size=0`, { token: t2 })).status).toBe(400);
		expect((await call(other, 'GET', recordingsPath(other), { token: t2 })).json.data).toHaveLength(10);
	});

	test('filters: direction, owner, generic filter_*, filter_not_*, has_key; applied after the page is read', async () => {
		const s = await sandboxWith({ recordings: 40 });
		const token = s.issueToken();
		const all = (await listAll(s, token, 'page_size=100')).items;
		const inbound = await listAll(s, token, 'filter_direction=inbound&page_size=10');
		expect(inbound.items.map((d) => d.id)).toEqual(all.filter((d) => d.direction === 'inbound').map((d) => d.id));
		expect(inbound.requests).toBe(4); // 40 rows in pages of 10, whatever the filter keeps
		const aliceId = s.options.users[0].id;
		const mine = (await call(s, 'GET', `${recordingsPath(s)}?filter_owner_id=${aliceId}&page_size=100`, { token })).json.data;
		expect(mine.map((d: any) => d.id)).toEqual(all.filter((d) => d.owner_id === aliceId).map((d) => d.id));
		const notOut = (await call(s, 'GET', `${recordingsPath(s)}?filter_not_direction=outbound&page_size=100`, { token })).json.data;
		expect(notOut.every((d: any) => d.direction === 'inbound')).toBe(true);
		const viaCcv = (await call(s, 'GET', `${recordingsPath(s)}?filter_custom_channel_vars.Owner-ID=${aliceId}&page_size=100`, { token })).json.data;
		expect(viaCcv).toHaveLength(mine.length);
		s.addRecording({ user_metadata: { tags: { important: 1 } }, fireWebhooks: false });
		const tagged = (await call(s, 'GET', `${recordingsPath(s)}?has_key=user_metadata`, { token })).json;
		expect(tagged.data).toHaveLength(1);
		expect(tagged.page_size).toBe(1);
		expect((await call(s, 'GET', `${recordingsPath(s)}?key_missing=owner_id&page_size=100`, { token })).json.data.every((d: any) => !d.owner_id)).toBe(true);
	});

	test("user-scoped list holds only that user's recordings; unknown user → 404", async () => {
		const s = await sandboxWith({ recordings: 30 });
		const token = s.issueToken();
		const bobId = s.options.users[1].id;
		const { items } = await listAll(s, token, 'page_size=4', `/accounts/${s.account.id}/users/${bobId}/recordings`);
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((d) => d.owner_id === bobId)).toBe(true);
		expect(items.map((d) => d.id)).toEqual(s.visibleRecordings(bobId).map((r) => r.id));
		const none = await call(s, 'GET', `/accounts/${s.account.id}/users/ffffffffffffffffffffffffffffffff/recordings`, { token });
		expect(none.status).toBe(404);
		expect(none.json.message).toBe('bad_identifier');
		// There is no documented single-recording path under a user.
		expect((await call(s, 'GET', `/accounts/${s.account.id}/users/${bobId}/recordings/${items[0].id}`, { token })).status).toBe(404);
	});

	test('_read_only.content_types lists the stored audio ([] before it is attached); soft-deleted recordings are gone', async () => {
		const s = await sandboxWith({ recordings: 3 });
		const token = s.issueToken();
		const pending = s.addRecording({ audio: false, fireWebhooks: false });
		const wav = s.addRecording({ mediaType: 'wav', createdAt: NOW - 1000, fireWebhooks: false });
		const list = (await call(s, 'GET', recordingsPath(s), { token })).json.data;
		const byId = new Map(list.map((d: any) => [d.id, d]));
		expect((byId.get(pending.id) as any)._read_only).toEqual({ content_types: [] });
		expect((byId.get(wav.id) as any)._read_only).toEqual({ content_types: ['audio/wav'] });
		expect((list[list.length - 1] as any)._read_only).toEqual({ content_types: ['audio/mpeg'] });
		s.attachAudio(pending.id);
		const after = (await call(s, 'GET', recordingsPath(s), { token })).json.data.find((d: any) => d.id === pending.id);
		expect(after._read_only.content_types).toEqual(['audio/mpeg']);
		s.deleteRecording(wav.id);
		const ids = (await call(s, 'GET', recordingsPath(s), { token })).json.data.map((d: any) => d.id);
		expect(ids).not.toContain(wav.id);
		expect(ids).toHaveLength(4);
	});

	test('paginate=false returns the whole window; unpaginatedLimit → 416', async () => {
		const s = await sandboxWith({ recordings: 120, rateLimit: false });
		const token = s.issueToken();
		const all = await call(s, 'GET', `${recordingsPath(s)}?paginate=false`, { token });
		expect(all.json.data).toHaveLength(120);
		expect(all.json.next_start_key).toBeUndefined();
		const guarded = await sandboxWith({ recordings: 120, unpaginatedLimit: 100 });
		expect((await call(guarded, 'GET', `${recordingsPath(guarded)}?paginate=false`, { token: guarded.issueToken() })).status).toBe(416);
	});

	test('5,000 seeded recordings: every 31-day window pages quickly', async () => {
		const s = await sandboxWith({ recordings: 5000, rateLimit: false });
		const token = s.issueToken();
		const started = Date.now();
		let to = toGregorian(NOW);
		let total = 0;
		let requests = 0;
		const oldest = toGregorian(Math.min(...[...s.recordings.values()].map((r) => r.createdAt)));
		while (to >= oldest) {
			const from = to - 2_682_000;
			const page = await listAll(s, token, `created_from=${from}&created_to=${to}&page_size=500`);
			total += page.items.length;
			requests += page.requests;
			to = from - 1;
		}
		expect(total).toBe(5000);
		expect(requests).toBeLessThanOrEqual(20);
		expect(Date.now() - started).toBeLessThan(8000);
	});
});

describe('one recording', () => {
	test('GET without Accept, or with n8n’s default Accept, returns the JSON document (no _read_only)', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const rec = s.visibleRecordings()[0];
		for (const accept of [undefined, 'application/json, text/plain, */*', '*/*', 'application/x-json']) {
			const r = await call(s, 'GET', `${recordingsPath(s)}/${rec.id}`, { token, headers: accept ? { Accept: accept } : {} });
			expect(r.status).toBe(200);
			expect(r.json.data).toEqual(rec.doc);
			expect(r.json.data._read_only).toBeUndefined();
		}
		expect(rec.doc.start).toBe(toGregorian(rec.createdAt) - rec.doc.duration);
		expect(rec.doc.id).toMatch(/^\d{6}-[0-9a-f]{32}$/);
		expect(toGregorian(0)).toBe(62_167_219_200);
	});

	test('Accept: audio/mpeg (or audio/mp3, or ?accept=audio/mpeg) returns MP3 with Content-Disposition; inline=true', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const rec = s.visibleRecordings()[0];
		const path = `${recordingsPath(s)}/${rec.id}`;
		const audio = await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg' } });
		expect(audio.status).toBe(200);
		expect(audio.headers.get('content-type')).toBe('audio/mpeg');
		expect(audio.headers.get('content-disposition')).toBe(`attachment; filename=${rec.doc.name}`);
		expect(audio.bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
		expect(audio.bytes.length).toBe(rec.attachment!.size);
		expect((await call(s, 'GET', path, { token, headers: { Accept: 'audio/mp3' } })).headers.get('content-type')).toBe('audio/mpeg');
		const tunneled = await call(s, 'GET', `${path}?accept=audio/mpeg&inline=true`, { token });
		expect(tunneled.headers.get('content-disposition')).toBe(`inline; filename=${rec.doc.name}`);
		// Equal q: Crossbar takes the last listed type first.
		expect((await call(s, 'GET', path, { token, headers: { Accept: 'application/json, audio/mpeg' } })).headers.get('content-type')).toBe('audio/mpeg');
		expect((await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg;q=0.5, application/json' } })).json.data.id).toBe(rec.id);
		const part = await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg', Range: 'bytes=0-99' } });
		expect(part.status).toBe(206);
		expect(part.bytes.length).toBe(100);
		expect(part.headers.get('content-range')).toBe(`bytes 0-99/${rec.attachment!.size}`);
		const tail = await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg', Range: 'bytes=-10' } });
		expect(tail.bytes.length).toBe(10);
		expect((await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg', Range: `bytes=${rec.attachment!.size}-` } })).status).toBe(416);
	});

	test('Accept: audio/wav → 406 (switch unknownAccept json → the document); ?accept=audio/wav → the document', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const rec = s.visibleRecordings()[0];
		const path = `${recordingsPath(s)}/${rec.id}`;
		expect((await call(s, 'GET', path, { token, headers: { Accept: 'audio/wav' } })).status).toBe(406);
		expect((await call(s, 'GET', `${path}?accept=audio/wav`, { token })).json.data.id).toBe(rec.id);
		const tunneled = await call(s, 'GET', `${path}?accept=audio/mpeg`, { token, headers: { Accept: 'audio/wav' } });
		expect(tunneled.headers.get('content-type')).toBe('audio/mpeg');
		const lenient = await sandboxWith({ unknownAccept: 'json' });
		const r2 = lenient.visibleRecordings()[0];
		const r = await call(lenient, 'GET', `${recordingsPath(lenient)}/${r2.id}`, { token: lenient.issueToken(), headers: { Accept: 'audio/wav' } });
		expect(r.status).toBe(200);
		expect(r.json.data.id).toBe(r2.id);
	});

	test('a recording whose audio is not attached yet: document 200, download 404 bad_identifier, then audio once attached', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const rec = s.addRecording({ audio: false, fireWebhooks: false });
		const path = `${recordingsPath(s)}/${rec.id}`;
		expect((await call(s, 'GET', path, { token })).status).toBe(200);
		const missing = await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg' } });
		expect(missing.status).toBe(404);
		expect(missing.json).toMatchObject({ error: '404', message: 'bad_identifier', data: { details: rec.id } });
		s.attachAudio(rec.id);
		const audio = await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg' } });
		expect(audio.status).toBe(200);
		expect(audio.bytes.length).toBe(rec.attachment!.size);
		const external = s.addRecording({ url: 'https://storage.example/rec.mp3', fireWebhooks: false });
		expect((await call(s, 'GET', `${recordingsPath(s)}/${external.id}`, { token, headers: { Accept: 'audio/mpeg' } })).status).toBe(404);
	});

	test('WAV attachments carry their own Content-Type even when audio/mpeg was asked for (switch wavContentType)', async () => {
		const s = await sandboxWith({ wavContentType: 'audio/x-wav' });
		const token = s.issueToken();
		const rec = s.addRecording({ mediaType: 'wav', durationMs: 2000, fireWebhooks: false });
		const r = await call(s, 'GET', `${recordingsPath(s)}/${rec.id}`, { token, headers: { Accept: 'audio/mpeg' } });
		expect(r.headers.get('content-type')).toBe('audio/x-wav');
		expect(r.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
		expect(r.bytes.length).toBe(44 + 2 * 8000 * 2);
		const all = await sandboxWith({ defaultMediaType: 'wav', recordings: 2 });
		expect(all.visibleRecordings().every((x) => x.doc.content_type === 'audio/wav' && x.doc.name.endsWith('.wav'))).toBe(true);
	});

	test('unknown id → 404 bad_identifier with cause; malformed id → 404 with [id]; non-numeric month → 500', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const unknown = await call(s, 'GET', `${recordingsPath(s)}/202611-${'0'.repeat(32)}`, { token });
		expect(unknown.status).toBe(404);
		expect(unknown.json).toMatchObject({ message: 'bad_identifier', data: { cause: `202611-${'0'.repeat(32)}`, message: 'bad identifier' } });
		const malformed = await call(s, 'GET', `${recordingsPath(s)}/abc`, { token });
		expect(malformed.status).toBe(404);
		expect(malformed.json.data).toEqual(['abc']);
		expect((await call(s, 'GET', `${recordingsPath(s)}/abcdef-123`, { token })).status).toBe(500);
		expect((await call(s, 'POST', recordingsPath(s), { token, body: {} })).status).toBe(405);
		expect((await call(s, 'GET', `/accounts/${s.account.id}/nothing`, { token })).status).toBe(404);
	});

	test('switch audioStorage redirect: 302 to a signed URL on another origin; the storage log tells whether a credential followed', async () => {
		const s = await sandboxWith({ audioStorage: 'redirect', signedUrlTtlSeconds: 600 });
		const token = s.issueToken();
		const rec = s.visibleRecordings()[0];
		const path = `${recordingsPath(s)}/${rec.id}`;
		const r = await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg' } });
		expect(r.status).toBe(302);
		const location = r.headers.get('location')!;
		expect(new URL(location).origin).toBe(s.storageUrl);
		expect(new URL(location).origin).not.toBe(s.url);
		const clean = await fetch(location);
		expect(clean.status).toBe(200);
		expect(Buffer.from(await clean.arrayBuffer()).length).toBe(rec.attachment!.size);
		expect(s.credentialReachedStorage()).toBe(false);
		// A client that follows the redirect with its custom header leaks it; the sandbox notices.
		await call(s, 'GET', path, { token, headers: { Accept: 'audio/mpeg' }, redirect: 'follow' });
		expect(s.credentialReachedStorage()).toBe(true);
		s.clock.advance(601_000);
		expect((await fetch(location)).status).toBe(403);
		expect((await fetch(location.replace(/signature=\w+/, 'signature=bad'))).status).toBe(403);
	});

	test('PATCH user_metadata merges (null removes) and returns the whole document; other keys → 400; switch patchScope any', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const rec = s.visibleRecordings()[0];
		const path = `${recordingsPath(s)}/${rec.id}`;
		const r = await call(s, 'PATCH', path, { token, body: { data: { user_metadata: { tags: { important: 1 }, note: 'x' } } } });
		expect(r.status).toBe(200);
		expect(r.json.data).toMatchObject({ id: rec.id, call_id: rec.doc.call_id, user_metadata: { tags: { important: 1 }, note: 'x' } });
		const r2 = await call(s, 'PATCH', path, { token, body: { data: { user_metadata: { note: null } } } });
		expect(r2.json.data.user_metadata).toEqual({ tags: { important: 1 } });
		expect((await call(s, 'GET', path, { token })).json.data.user_metadata).toEqual({ tags: { important: 1 } });
		const other = await call(s, 'PATCH', path, { token, body: { data: { direction: 'outbound' } } });
		expect(other.status).toBe(400);
		expect(other.json.message).toBe('validation error');
		expect((await call(s, 'PATCH', path, { token, body: { data: { user_metadata: 'text' } } })).status).toBe(400);
		const any = await sandboxWith({ patchScope: 'any' });
		const rec2 = any.visibleRecordings()[0];
		const ok = await call(any, 'PATCH', `${recordingsPath(any)}/${rec2.id}`, { token: any.issueToken(), body: { data: { origin: 'edited' } } });
		expect(ok.json.data.origin).toBe('edited');
	});

	test('switch patchSupported false (open-source 4.x): PATCH → 405 invalid_method', async () => {
		const s = await sandboxWith({ patchSupported: false });
		const rec = s.visibleRecordings()[0];
		const r = await call(s, 'PATCH', `${recordingsPath(s)}/${rec.id}`, { token: s.issueToken(), body: { data: { user_metadata: {} } } });
		expect(r.status).toBe(405);
		expect(r.json).toMatchObject({ error: '405', message: 'invalid_method' });
		expect(r.headers.get('allow')).toBe('GET, DELETE');
	});

	test('DELETE is soft by default: 200 with _read_only.deleted, then 404; should_soft_delete=false and switch softDelete remove it', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const [a, b] = s.visibleRecordings();
		const del = await call(s, 'DELETE', `${recordingsPath(s)}/${a.id}`, { token });
		expect(del.status).toBe(200);
		expect(del.json.data).toMatchObject({ id: a.id, _read_only: { deleted: true } });
		expect((await call(s, 'GET', `${recordingsPath(s)}/${a.id}`, { token })).status).toBe(404);
		expect((await call(s, 'DELETE', `${recordingsPath(s)}/${a.id}`, { token })).status).toBe(404);
		expect(s.recordings.get(a.id)?.deleted).toBe(true);
		await call(s, 'DELETE', `${recordingsPath(s)}/${b.id}?should_soft_delete=false`, { token });
		expect(s.recordings.has(b.id)).toBe(false);
		const hard = await sandboxWith({ softDelete: false });
		const c = hard.visibleRecordings()[0];
		await call(hard, 'DELETE', `${recordingsPath(hard)}/${c.id}`, { token: hard.issueToken() });
		expect(hard.recordings.has(c.id)).toBe(false);
	});

	test('switch seedSpacingSeconds: one recording a day leaves 31 in the default window', async () => {
		const s = await sandboxWith({ recordings: 40, seedSpacingSeconds: 86_400 });
		const { items } = await listAll(s, s.issueToken(), '');
		expect(items).toHaveLength(31);
	});

	test('switch sourceType; seeded data is deterministic per seed', async () => {
		const a = await sandboxWith({ sourceType: 'kzc_recording', recordings: 3 });
		const b = await sandboxWith({ recordings: 3 });
		const c = await sandboxWith({ recordings: 3, seed: 7 });
		expect(a.visibleRecordings()[0].doc.source_type).toBe('kzc_recording');
		expect(b.visibleRecordings()[0].doc.source_type).toBe('media_recording');
		expect(a.visibleRecordings().map((r) => r.id)).toEqual(b.visibleRecordings().map((r) => r.id));
		expect(c.visibleRecordings().map((r) => r.id)).not.toEqual(b.visibleRecordings().map((r) => r.id));
	});
});

describe('rate limiting', () => {
	test('100 tokens per IP and account, 1 per request, refilled 10 a second; 429 too_many_requests without Retry-After', async () => {
		const s = await sandboxWith({ recordings: 1 });
		const token = s.issueToken();
		for (let i = 0; i < 100; i++) {
			const r = await call(s, 'GET', recordingsPath(s), { token });
			expect(r.status).toBe(200);
			if (i === 99) expect(r.json.tokens).toEqual({ consumed: 1, remaining: 0 });
		}
		const limited = await call(s, 'GET', recordingsPath(s), { token });
		expect(limited.status).toBe(429);
		expect(limited.json).toMatchObject({ error: '429', message: 'too_many_requests', data: { message: 'too many requests' } });
		expect(limited.headers.get('retry-after')).toBeNull();
		s.clock.advance(999);
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(429);
		s.clock.advance(1);
		for (let i = 0; i < 10; i++) expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(200);
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(429);
	});

	test('authentication costs 35 tokens from the no-account bucket: the third login in a row gets 429', async () => {
		const s = await sandboxWith({ recordings: 1 });
		expect((await userLogin(s)).status).toBe(201);
		const second = await userLogin(s);
		expect(second.json.tokens).toEqual({ consumed: 35, remaining: 30 });
		const third = await userLogin(s);
		expect(third.status).toBe(429);
		expect(s.tokensRemaining()).toBe(0);
		// The account's own bucket is separate.
		expect((await call(s, 'GET', recordingsPath(s), { token: second.json.auth_token })).status).toBe(200);
		s.clock.advance(4000);
		expect((await userLogin(s)).status).toBe(201);
		expect(s.authRequests()).toHaveLength(4);
	});

	test('switch rateLimit: other sizes, or false for none', async () => {
		const small = await sandboxWith({ rateLimit: { capacity: 3, refillPerSecond: 1, authCost: 2 } });
		const token = small.issueToken();
		for (let i = 0; i < 3; i++) expect((await call(small, 'GET', recordingsPath(small), { token })).status).toBe(200);
		expect((await call(small, 'GET', recordingsPath(small), { token })).status).toBe(429);
		const none = await sandboxWith({ rateLimit: false });
		for (let i = 0; i < 5; i++) expect((await userLogin(none)).status).toBe(201);
		expect((await userLogin(none)).json.tokens).toBeUndefined();
	});
});

describe('webhooks', () => {
	let receiver: Server;
	let receiverUrl: string;
	let received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
	let replyStatus: number;

	beforeEach(async () => {
		received = [];
		replyStatus = 200;
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
				res.writeHead(replyStatus).end();
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	});
	afterEach(async () => {
		await new Promise((resolve) => receiver.close(resolve));
	});

	const hookBody = (extra: Record<string, unknown> = {}) => ({
		data: { name: 'recordings', uri: receiverUrl, http_verb: 'post', hook: 'object', format: 'json', retries: 2, custom_data: { type: 'call_recording', action: 'doc_created' }, ...extra },
	});

	test('an object hook for call_recording/doc_created: created (201), listed, delivered on a new recording, deleted', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const created = await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: hookBody() });
		expect(created.status).toBe(201);
		expect(created.json.data).toMatchObject({ hook: 'object', uri: receiverUrl, enabled: true, format: 'json', retries: 2 });
		const id = created.json.data.id;
		expect((await call(s, 'GET', `/accounts/${s.account.id}/webhooks`, { token })).json.data.map((h: any) => h.id)).toEqual([id]);
		expect((await call(s, 'GET', `/accounts/${s.account.id}/webhooks/${id}`, { token })).json.data.id).toBe(id);

		const rec = s.addRecording({ audio: false });
		await s.settleWebhooks();
		expect(received).toHaveLength(1);
		expect(received[0].method).toBe('POST');
		expect(received[0].headers['content-type']).toBe('application/json');
		expect(JSON.parse(received[0].body)).toEqual({ id: rec.id, account_id: s.account.id, action: 'doc_created', type: 'call_recording' });
		expect(received[0].headers['x-auth-token']).toBeUndefined();
		// Attaching the audio later edits the document: not a doc_created event.
		s.attachAudio(rec.id);
		await s.settleWebhooks();
		expect(received).toHaveLength(1);

		const del = await call(s, 'DELETE', `/accounts/${s.account.id}/webhooks/${id}`, { token });
		expect(del.status).toBe(200);
		expect((await call(s, 'GET', `/accounts/${s.account.id}/webhooks/${id}`, { token })).status).toBe(404);
		s.addRecording();
		await s.settleWebhooks();
		expect(received).toHaveLength(1);
	});

	test('default format is a form; doc_edited hooks see attachments and patches; "all" sees deletes too (custom data overwrites the event)', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: { data: { name: 'edits', uri: receiverUrl, hook: 'object', custom_data: { type: 'call_recording', action: 'doc_edited' } } } });
		const rec = s.addRecording({ audio: false });
		s.attachAudio(rec.id);
		await s.settleWebhooks();
		expect(received).toHaveLength(1);
		expect(received[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(received[0].body))).toEqual({ id: rec.id, account_id: s.account.id, action: 'doc_edited', type: 'call_recording' });
		await call(s, 'PATCH', `${recordingsPath(s)}/${rec.id}`, { token, body: { data: { user_metadata: { a: 1 } } } });
		await s.settleWebhooks();
		expect(received).toHaveLength(2);
		await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: hookBody({ custom_data: { type: 'call_recording', action: 'all' } }) });
		s.deleteRecording(rec.id);
		await s.settleWebhooks();
		expect(received).toHaveLength(3);
		// custom_data "will be added to the event and will overwrite existing values" (webhooks.md).
		expect(JSON.parse(received[2].body)).toEqual({ id: rec.id, account_id: s.account.id, action: 'all', type: 'call_recording' });
	});

	test('a failing receiver is retried `retries` times; attempts are listed; other hosts are never contacted', async () => {
		const s = await sandboxWith({ webhookRetryDelayMs: 0 });
		const token = s.issueToken();
		replyStatus = 500;
		await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: hookBody({ retries: 1 }) });
		await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: hookBody({ uri: 'http://example.com/hook', retries: 0 }) });
		s.addRecording();
		await s.settleWebhooks();
		expect(received).toHaveLength(2);
		const attempts = (await call(s, 'GET', `/accounts/${s.account.id}/webhooks/attempts`, { token })).json.data;
		expect(attempts).toHaveLength(3);
		expect(attempts.every((a: any) => a.result === 'failure')).toBe(true);
		expect(attempts.some((a: any) => a.client_error === 'nxdomain')).toBe(true);
		expect(attempts[0].timestamp).toBeGreaterThan(62_167_219_200);
	});

	test('switch webhookTimeoutMs: a receiver that does not answer in time is a failed attempt', async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const s = await sandboxWith({ webhookTimeoutMs: 100, webhookRetryDelayMs: 0 });
			const token = s.issueToken();
			const uri = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
			await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: hookBody({ uri, retries: 0 }) });
			s.addRecording();
			await s.settleWebhooks();
			expect(s.webhookAttempts()).toMatchObject([{ result: 'failure', client_error: 'timeout' }]);
		} finally {
			silent.closeAllConnections();
			await new Promise((resolve) => silent.close(resolve));
		}
	});

	test('switch webhookDelivery false: hooks are stored but nothing is sent; invalid hooks → 400', async () => {
		const s = await sandboxWith({ webhookDelivery: false });
		const token = s.issueToken();
		expect((await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: hookBody() })).status).toBe(201);
		s.addRecording();
		await s.settleWebhooks();
		expect(received).toHaveLength(0);
		const bad = await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: { data: { name: 'x', hook: 'object' } } });
		expect(bad.status).toBe(400);
		expect(bad.json.data.uri.required).toBeDefined();
		expect((await call(s, 'PUT', `/accounts/${s.account.id}/webhooks`, { token, body: hookBody({ hook: 'nope' }) })).status).toBe(400);
	});
});

describe('faults and the request log', () => {
	test('injectFault: status with body, once; path and method matching; reset; truncate; delay', async () => {
		const s = await sandboxWith();
		const token = s.issueToken();
		const rec = s.visibleRecordings()[0];
		s.injectFault({ status: 503, path: /\/recordings$/, method: 'GET' });
		const r = await call(s, 'GET', recordingsPath(s), { token });
		expect(r.status).toBe(503);
		expect(r.json).toMatchObject({ status: 'error', error: '503' });
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(200);
		s.injectFault({ status: 500, body: { status: 'fatal', error: '500', message: 'datastore_fault' }, times: 2, path: 'recordings' });
		expect((await call(s, 'GET', recordingsPath(s), { token })).json.message).toBe('datastore_fault');
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(500);
		s.injectFault({ reset: true });
		await expect(call(s, 'GET', recordingsPath(s), { token })).rejects.toThrow();
		s.injectFault({ truncate: 1000 });
		await expect(call(s, 'GET', `${recordingsPath(s)}/${rec.id}`, { token, headers: { Accept: 'audio/mpeg' } })).rejects.toThrow();
		s.injectFault({ truncate: true, path: /\/recordings$/ });
		await expect(call(s, 'GET', recordingsPath(s), { token })).rejects.toThrow();
		s.injectFault({ delayMs: 150 });
		const t = Date.now();
		expect((await call(s, 'GET', recordingsPath(s), { token })).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
	});

	test('the log records method, path, query, headers, host, status, time and auth bodies', async () => {
		const s = await sandboxWith();
		await userLogin(s);
		const token = s.issueToken();
		s.clock.advance(5000);
		await call(s, 'GET', `${recordingsPath(s)}?page_size=2&ascending=true`, { token });
		const [auth, list] = s.apiRequests();
		expect(auth).toMatchObject({ method: 'PUT', path: '/v2/user_auth', status: 201 });
		expect(JSON.parse(auth.body!).data.credentials).toBe(md5('alice:alice-secret'));
		expect(list).toMatchObject({ method: 'GET', path: `/v2/accounts/${s.account.id}/recordings`, query: { page_size: '2', ascending: 'true' }, status: 200, at: NOW + 5000 });
		expect(list.headers['x-auth-token']).toBe(token);
		expect(list.host).toBe(new URL(s.url).host);
		expect(s.authRequests()).toHaveLength(1);
		s.resetLog();
		expect(s.apiRequests()).toHaveLength(0);
	});
});
