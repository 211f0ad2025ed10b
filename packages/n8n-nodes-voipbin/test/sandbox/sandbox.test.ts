// Self-test of the VoIPbin sandbox: over real HTTP with Node's fetch, each behaviour the research notes document
// (providers-research.md §3), every switch, and each documented error.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createSandbox, parseTimestamp, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { readZipEntries } from '../../../../sandbox/zip';

const running: Sandbox[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A sandbox with a frozen clock and no per-customer quota unless the test asks for them. */
async function start(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await createSandbox({ realTime: false, customerRateLimit: null, ...options }).start();
	running.push(sandbox);
	return sandbox;
}

const withKey = (s: Sandbox, path: string) =>
	`${s.apiBaseUrl}${path}${path.includes('?') ? '&' : '?'}accesskey=${encodeURIComponent(s.options.accessKey)}`;

async function getJson(s: Sandbox, path: string, init: RequestInit = {}) {
	const res = await fetch(withKey(s, path), init);
	return { res, body: (await res.json()) as any };
}

function expectEnvelope(body: any, status: string, reason: string) {
	expect(body).toEqual({
		error: { status, reason, message: expect.any(String), request_id: expect.stringMatching(/\S/), ...(body.error.details ? { details: body.error.details } : {}) },
	});
}

const login = (s: Sandbox, path: string, body: unknown) =>
	fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const admin = { username: 'admin@voipbin.test', password: 'sandbox-password' };

async function listAll(s: Sandbox, pageSize = 100) {
	const ids: string[] = [];
	let token = '';
	let requests = 0;
	for (;;) {
		const { body } = await getJson(s, `/recordings?page_size=${pageSize}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
		requests++;
		if (body.result.length === 0) return { ids, requests, lastToken: body.next_page_token };
		ids.push(...body.result.map((r: any) => r.id));
		token = body.next_page_token;
	}
}

describe('auth', () => {
	test('POST /auth/login at the root: username + JWT valid 7 days, as Bearer, ?token= and cookie', async () => {
		const s = await start();
		const res = await login(s, '/auth/login', admin);
		expect(res.status).toBe(200);
		const body = (await res.json()) as any;
		expect(body).toEqual({ username: admin.username, token: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/) });
		expect(res.headers.get('set-cookie')).toMatch(/^token=[\w.-]+; Path=\/; Max-Age=604800; HttpOnly; Secure; SameSite=Strict$/);
		const claims = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString());
		expect(claims.exp - claims.iat).toBe(7 * 24 * 3600);
		const ways: Array<{ url: string; headers: Record<string, string> }> = [
			{ url: `${s.apiBaseUrl}/recordings`, headers: { authorization: `Bearer ${body.token}` } },
			{ url: `${s.apiBaseUrl}/recordings?token=${body.token}`, headers: {} },
			{ url: `${s.apiBaseUrl}/recordings`, headers: { cookie: `token=${body.token}` } },
		];
		for (const init of ways) {
			expect((await fetch(init.url, { headers: init.headers })).status).toBe(200);
		}
		s.clock.advance(7 * 24 * 3600 * 1000);
		const expired = await fetch(`${s.apiBaseUrl}/recordings`, { headers: { authorization: `Bearer ${body.token}` } });
		expect(expired.status).toBe(401);
		expectEnvelope(await expired.json(), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
	});

	test('login under /v1.0 is a 404 ROUTE_NOT_FOUND; loginAt switch', async () => {
		const s = await start();
		const res = await login(s, '/v1.0/auth/login', admin);
		expect(res.status).toBe(404);
		expectEnvelope(await res.json(), 'NOT_FOUND', 'ROUTE_NOT_FOUND');
		const both = await start({ loginAt: 'both' });
		expect((await login(both, '/v1.0/auth/login', admin)).status).toBe(200);
		expect((await login(both, '/auth/login', admin)).status).toBe(200);
		const v1 = await start({ loginAt: 'v1.0' });
		expect((await login(v1, '/auth/login', admin)).status).toBe(404);
		expect((await login(v1, '/v1.0/auth/login', admin)).status).toBe(200);
	});

	test('a failed login is a bare 400 with an empty body; loginFailure: envelope', async () => {
		const s = await start();
		for (const body of [{ ...admin, password: 'wrong' }, { username: admin.username }, 'not json', { username: 'nobody', password: 'x' }]) {
			const res = await login(s, '/auth/login', body);
			expect(res.status).toBe(400);
			expect(await res.text()).toBe('');
			expect(res.headers.get('content-type')).toBeNull();
		}
		const e = await start({ loginFailure: 'envelope' });
		const wrong = await login(e, '/auth/login', { ...admin, password: 'wrong' });
		expect(wrong.status).toBe(401);
		expectEnvelope(await wrong.json(), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
		const bad = await login(e, '/auth/login', 'not json');
		expect(bad.status).toBe(400);
		expectEnvelope(await bad.json(), 'INVALID_ARGUMENT', 'INVALID_JSON_BODY');
	});

	test('jwtTtlSeconds: 1 hour', async () => {
		const s = await start({ jwtTtlSeconds: 3600 });
		const res = await login(s, '/auth/login', admin);
		expect(res.headers.get('set-cookie')).toContain('Max-Age=3600');
		const { token } = (await res.json()) as any;
		s.clock.advance(3599_000);
		expect((await fetch(`${s.apiBaseUrl}/recordings`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
		s.clock.advance(1000);
		expect((await fetch(`${s.apiBaseUrl}/recordings`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
	});

	test('access key: ?accesskey= or cookie; never read from a header (accesskeyInHeader: reject)', async () => {
		const s = await start();
		const key = s.options.accessKey;
		expect((await fetch(`${s.apiBaseUrl}/recordings?accesskey=${key}`)).status).toBe(200);
		expect((await fetch(`${s.apiBaseUrl}/recordings`, { headers: { cookie: `accesskey=${key}` } })).status).toBe(200);
		const asAccessKeyHeader = await fetch(`${s.apiBaseUrl}/recordings`, { headers: { authorization: `AccessKey ${key}` } });
		expect(asAccessKeyHeader.status).toBe(401);
		expectEnvelope(await asAccessKeyHeader.json(), 'UNAUTHENTICATED', 'AUTHENTICATION_REQUIRED');
		const asBearer = await fetch(`${s.apiBaseUrl}/recordings`, { headers: { authorization: `Bearer ${key}` } });
		expect(asBearer.status).toBe(401);
		expectEnvelope(await asBearer.json(), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
		const none = await fetch(`${s.apiBaseUrl}/recordings`);
		expect(none.status).toBe(401);
		expectEnvelope(await none.json(), 'UNAUTHENTICATED', 'AUTHENTICATION_REQUIRED');

		const accepting = await start({ accesskeyInHeader: 'accept' });
		for (const value of [`AccessKey ${key}`, `Bearer ${key}`]) {
			expect((await fetch(`${accepting.apiBaseUrl}/recordings`, { headers: { authorization: value } })).status).toBe(200);
		}
	});

	test('token is read before the access key; unknown, expired and revoked keys are INVALID_CREDENTIALS', async () => {
		const s = await start();
		const badTokenGoodKey = await fetch(`${s.apiBaseUrl}/recordings?token=nope&accesskey=${s.options.accessKey}`);
		expect(badTokenGoodKey.status).toBe(401);
		expectEnvelope(await badTokenGoodKey.json(), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
		expect((await fetch(`${s.apiBaseUrl}/recordings?accesskey=vb_unknown`)).status).toBe(401);
		const expiring = s.addAccessKey({ expiresAt: s.clock.now() + 1000 });
		expect((await fetch(`${s.apiBaseUrl}/recordings?accesskey=${expiring}`)).status).toBe(200);
		s.clock.advance(1000);
		expect((await fetch(`${s.apiBaseUrl}/recordings?accesskey=${expiring}`)).status).toBe(401);
		const revoked = s.addAccessKey();
		s.revokeAccessKey(revoked);
		expect((await fetch(`${s.apiBaseUrl}/recordings?accesskey=${revoked}`)).status).toBe(401);
	});

	test('an agent without CustomerAdmin/CustomerManager gets 403 PERMISSION_DENIED', async () => {
		const s = await start();
		const res = await fetch(`${s.apiBaseUrl}/recordings`, { headers: { authorization: `Bearer ${s.issueToken('agent@voipbin.test')}` } });
		expect(res.status).toBe(403);
		expectEnvelope(await res.json(), 'PERMISSION_DENIED', 'PERMISSION_DENIED');
	});
});

describe('envelope and request ids', () => {
	test('X-Request-Id echoes a safe client value, else req_…; it is the envelope request_id; unknown routes 404', async () => {
		const s = await start();
		const echoed = await fetch(withKey(s, '/recordings/not-a-uuid'), { headers: { 'x-request-id': 'abc-123' } });
		expect(echoed.headers.get('x-request-id')).toBe('abc-123');
		const body = (await echoed.json()) as any;
		expect(echoed.status).toBe(400);
		expectEnvelope(body, 'INVALID_ARGUMENT', 'INVALID_ID');
		expect(body.error.request_id).toBe('abc-123');
		const generated = await fetch(withKey(s, '/nothing-here'), { headers: { 'x-request-id': 'bad id with spaces' } });
		expect(generated.headers.get('x-request-id')).toMatch(/^req_[0-9A-F]{16}$/);
		expect(generated.status).toBe(404);
		expectEnvelope(await generated.json(), 'NOT_FOUND', 'ROUTE_NOT_FOUND');
		expect((await fetch(`${s.url}/recordings`)).status).toBe(404);
	});
});

describe('listing recordings', () => {
	test('default page 100, newest first, last page an empty result with token ""; no server-side filters', async () => {
		const s = await start({ recordingCount: 250 });
		const first = await getJson(s, '/recordings?status=recording&reference_type=confbridge');
		expect(first.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(first.body.result).toHaveLength(100); // filters are ignored
		const creates = first.body.result.map((r: any) => parseTimestamp(r.tm_create)!);
		expect([...creates].sort((a, b) => b - a)).toEqual(creates);
		expect(first.body.next_page_token).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
		expect(parseTimestamp(first.body.next_page_token)).toBe(creates[99]);
		const all = await listAll(s);
		expect(all.ids).toHaveLength(250);
		expect(new Set(all.ids).size).toBe(250);
		expect(all.requests).toBe(4); // 100 + 100 + 50 (a short page still carries a token) + empty
		expect(all.lastToken).toBe('');
		expect(all.ids).toEqual(s.visibleRecordings().map((r) => r.id));
	});

	test('page_size: <=0 and >100 clamp to 100, non-integer is 400; pageSizeOverMax: reject', async () => {
		const s = await start({ recordingCount: 150 });
		for (const size of ['0', '-5', '500']) expect((await getJson(s, `/recordings?page_size=${size}`)).body.result).toHaveLength(100);
		expect((await getJson(s, '/recordings?page_size=7')).body.result).toHaveLength(7);
		const bad = await getJson(s, '/recordings?page_size=ten');
		expect(bad.res.status).toBe(400);
		expectEnvelope(bad.body, 'INVALID_ARGUMENT', 'INVALID_REQUEST_PARAMETER');
		const strict = await start({ pageSizeOverMax: 'reject' });
		const over = await getJson(strict, '/recordings?page_size=101');
		expect(over.res.status).toBe(400);
		expectEnvelope(over.body, 'INVALID_ARGUMENT', 'INVALID_REQUEST_PARAMETER');
	});

	test('the cursor compares with a strict <: recordings sharing the boundary tm_create are skipped', async () => {
		// 250 recordings, 20 of which share one timestamp that straddles the first page boundary.
		const s = await start({ recordingCount: 0 });
		const base = Date.UTC(2026, 10, 1) * 1000;
		for (let i = 0; i < 230; i++) s.addRecording({ tmCreateUs: base - (i < 90 ? i : i + 20) * 1_000_000 });
		const shared = base - 90 * 1_000_000;
		for (let i = 0; i < 20; i++) s.addRecording({ tmCreateUs: shared });
		const all = await listAll(s);
		// Page 1 holds 90 older-than-base items + 10 of the 20 tied ones; its token is the tie; page 2 starts below it.
		expect(all.ids).toHaveLength(240);
		expect(s.visibleRecordings()).toHaveLength(250);

		const inclusive = await start({ recordingCount: 0, pageTokenComparison: 'lte' });
		for (let i = 0; i < 5; i++) inclusive.addRecording({ tmCreateUs: base - i * 1_000_000 });
		const page1 = (await getJson(inclusive, '/recordings?page_size=3')).body;
		const page2 = (await getJson(inclusive, `/recordings?page_size=3&page_token=${encodeURIComponent(page1.next_page_token)}`)).body;
		expect(page2.result[0].id).toBe(page1.result[2].id); // the boundary item repeats
	});

	test('page tokens: both styles are read; pageTokenFormat legacySpace emits the seed style; garbage gives an empty page', async () => {
		const s = await start({ recordingCount: 10 });
		const page1 = (await getJson(s, '/recordings?page_size=3')).body;
		const us = parseTimestamp(page1.next_page_token)!;
		const legacy = s.formatPageToken(us).replace('T', ' ').replace('Z', '');
		const viaLegacy = (await getJson(s, `/recordings?page_size=3&page_token=${legacy.replace(' ', '+')}`)).body;
		const viaCurrent = (await getJson(s, `/recordings?page_size=3&page_token=${encodeURIComponent(page1.next_page_token)}`)).body;
		expect(viaLegacy.result.map((r: any) => r.id)).toEqual(viaCurrent.result.map((r: any) => r.id));
		expect(viaLegacy.result).toHaveLength(3);
		expect((await getJson(s, '/recordings?page_token=yesterday')).body).toEqual({ result: [], next_page_token: '' });
		const l = await start({ recordingCount: 3, pageTokenFormat: 'legacySpace' });
		expect((await getJson(l, '/recordings?page_size=1')).body.next_page_token).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
	});

	test('5,000 recordings list in 51 requests, fast', async () => {
		const s = await start({ recordingCount: 5000 });
		const started = Date.now();
		const all = await listAll(s);
		expect(all.ids).toHaveLength(5000);
		expect(all.requests).toBe(51);
		expect(s.apiRequests()).toHaveLength(51);
		expect(Date.now() - started).toBeLessThan(8000);
	});

	test("another customer's and deleted recordings are not listed", async () => {
		const s = await start({ recordingCount: 3 });
		s.addRecording({ customerId: '11111111-2222-4333-8444-555555555555' });
		s.deleteRecording(s.visibleRecordings()[0].id);
		expect((await getJson(s, '/recordings')).body.result).toHaveLength(2);
	});
});

describe('recording object and time formats', () => {
	test('current style: RFC 3339 nano trimmed, unset times absent, owner_type ""', async () => {
		const s = await start({ recordingCount: 0 });
		const r = s.addRecording({ tmCreateUs: Date.UTC(2026, 0, 15, 9, 30) * 1000 + 123450, durationMs: 10_000 });
		const { body } = await getJson(s, `/recordings/${r.id}`);
		expect(body).toEqual({
			id: r.id,
			customer_id: s.options.customerId,
			owner_type: '',
			owner_id: '00000000-0000-0000-0000-000000000000',
			activeflow_id: '00000000-0000-0000-0000-000000000000',
			reference_type: 'call',
			reference_id: r.referenceId,
			status: 'ended',
			format: 'wav',
			on_end_flow_id: '00000000-0000-0000-0000-000000000000',
			tm_start: '2026-01-15T09:30:02.92345Z',
			tm_end: '2026-01-15T09:30:12.92345Z',
			tm_create: '2026-01-15T09:30:00.12345Z',
			tm_update: '2026-01-15T09:30:12.92345Z',
		});
		const live = s.addRecording({ status: 'recording' });
		const liveBody = (await getJson(s, `/recordings/${live.id}`)).body;
		expect(liveBody).not.toHaveProperty('tm_end');
		expect(liveBody).not.toHaveProperty('tm_delete');
	});

	test('legacy style with "" and 9999 for unset times; ownerType', async () => {
		const s = await start({ recordingCount: 0, timeFormat: 'legacySpace', unsetTime: 'emptyString', ownerType: 'customer' });
		const r = s.addRecording({ createdAt: '2021-01-28 09:16:58.076735', status: 'ended', durationMs: 11_069 });
		const body = (await getJson(s, `/recordings/${r.id}`)).body;
		expect(body.tm_create).toBe('2021-01-28 09:16:58.076735');
		expect(body.tm_delete).toBe('');
		expect(body.owner_type).toBe('customer');
		expect(body.owner_id).toBe(s.options.customerId);
		const byCall = await start({ recordingCount: 1, ownerType: 'call' });
		const c = byCall.visibleRecordings()[0];
		expect(byCall.presentRecording(c.id)).toMatchObject({ owner_type: 'call', owner_id: c.referenceId });
		const sentinel = await start({ recordingCount: 0, unsetTime: 'sentinel9999' });
		const open = sentinel.addRecording({ status: 'initiating' });
		const b = (await getJson(sentinel, `/recordings/${open.id}`)).body;
		expect([b.tm_start, b.tm_end, b.tm_delete]).toEqual(['9999-01-01 00:00:00.000000', '9999-01-01 00:00:00.000000', '9999-01-01 00:00:00.000000']);
	});

	test('status: initiating → recording → ended on the clock, stopping with stoppingMs, and by hand', async () => {
		const s = await start({ recordingCount: 0 });
		const r = s.addRecording({ status: 'initiating', startsAfterMs: 1000, endsAfterMs: 5000 });
		const status = async () => (await getJson(s, `/recordings/${r.id}`)).body.status;
		expect(await status()).toBe('initiating');
		s.clock.advance(1000);
		expect(await status()).toBe('recording');
		s.clock.advance(4000);
		expect(await status()).toBe('ended');
		const stopping = await start({ recordingCount: 0, stoppingMs: 500 });
		const q = stopping.addRecording({ status: 'recording', endsAfterMs: 100 });
		stopping.clock.advance(100);
		expect(stopping.recordingStatus(q.id)).toBe('stopping');
		stopping.clock.advance(500);
		expect(stopping.recordingStatus(q.id)).toBe('ended');
		const manual = s.addRecording({ status: 'initiating' });
		s.setRecordingStatus(manual.id, 'recording');
		expect(s.recordingStatus(manual.id)).toBe('recording');
		s.setRecordingStatus(manual.id, 'stopping');
		expect(s.recordingStatus(manual.id)).toBe('stopping');
		s.finishRecording(manual.id);
		expect((await getJson(s, `/recordings/${manual.id}`)).body).toMatchObject({ status: 'ended', tm_end: expect.any(String) });
	});
});

describe('get and delete', () => {
	test('delete answers 200 with the deleted recording; then 404 RESOURCE_NOT_FOUND; unknown id RECORDING_NOT_FOUND', async () => {
		const s = await start({ recordingCount: 2 });
		const [r] = s.visibleRecordings();
		const del = await getJson(s, `/recordings/${r.id}`, { method: 'DELETE' });
		expect(del.res.status).toBe(200);
		expect(del.body).toMatchObject({ id: r.id, tm_delete: expect.any(String) });
		for (const method of ['GET', 'DELETE']) {
			const again = await getJson(s, `/recordings/${r.id}`, { method });
			expect(again.res.status).toBe(404);
			expectEnvelope(again.body, 'NOT_FOUND', 'RESOURCE_NOT_FOUND');
		}
		const unknown = await getJson(s, '/recordings/3f0ec8a6-5c4f-4d52-9a3b-1c2d3e4f5a6b');
		expect(unknown.res.status).toBe(404);
		expectEnvelope(unknown.body, 'NOT_FOUND', 'RECORDING_NOT_FOUND');
		const invalid = await getJson(s, '/recordings/12345');
		expect(invalid.res.status).toBe(400);
		expectEnvelope(invalid.body, 'INVALID_ARGUMENT', 'INVALID_ID');
	});

	test('notFoundReason switch', async () => {
		for (const reason of ['RECORDING_NOT_FOUND', 'RESOURCE_NOT_FOUND'] as const) {
			const s = await start({ recordingCount: 1, notFoundReason: reason });
			const [r] = s.visibleRecordings();
			s.deleteRecording(r.id);
			expect((await getJson(s, `/recordings/${r.id}`)).body.error.reason).toBe(reason);
			expect((await getJson(s, '/recordings/3f0ec8a6-5c4f-4d52-9a3b-1c2d3e4f5a6b')).body.error.reason).toBe(reason);
		}
	});

	test("another customer's recording: 403 PERMISSION_DENIED, or 404 with otherCustomerStatus", async () => {
		const s = await start({ recordingCount: 0 });
		const other = s.addRecording({ customerId: '11111111-2222-4333-8444-555555555555' });
		const res = await getJson(s, `/recordings/${other.id}`);
		expect(res.res.status).toBe(403);
		expectEnvelope(res.body, 'PERMISSION_DENIED', 'PERMISSION_DENIED');
		const hidden = await start({ recordingCount: 0, otherCustomerStatus: 404 });
		const o = hidden.addRecording({ customerId: '11111111-2222-4333-8444-555555555555' });
		expect((await getJson(hidden, `/recordingfiles/${o.id}`)).res.status).toBe(404);
	});
});

describe('download: 307 to a signed URL on another origin', () => {
	test('ZIP of <name>_in.wav and <name>_out.wav, 8 kHz mono 16-bit; no credential reaches storage', async () => {
		const s = await start({ recordingCount: 0 });
		const r = s.addRecording({ durationMs: 2000 });
		const redirect = await fetch(withKey(s, `/recordingfiles/${r.id}`), { redirect: 'manual' });
		expect(redirect.status).toBe(307);
		const location = redirect.headers.get('location')!;
		expect(new URL(location).origin).toBe(s.storageUrl);
		expect(new URL(location).origin).not.toBe(s.url);
		expect(location).toContain('X-Goog-Expires=86400');
		expect(location).not.toContain(s.options.accessKey);
		const followed = await fetch(withKey(s, `/recordingfiles/${r.id}`)); // fetch follows the redirect itself
		expect(followed.status).toBe(200);
		expect(followed.headers.get('content-type')).toBe('application/zip');
		const zip = Buffer.from(await followed.arrayBuffer());
		expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
		const entries = readZipEntries(zip);
		expect(entries.map((e) => e.name)).toEqual([`${r.name}_in.wav`, `${r.name}_out.wav`]);
		for (const e of entries) {
			expect(e.data.toString('latin1', 0, 4)).toBe('RIFF');
			expect([e.data.readUInt16LE(22), e.data.readUInt32LE(24), e.data.readUInt16LE(34)]).toEqual([1, 8000, 16]);
			expect(e.data.length).toBe(44 + 2000 * 16);
		}
		expect(entries[0].data.equals(entries[1].data)).toBe(false);
		// The request log keeps full query strings: the key went to the API, never to storage.
		expect(s.apiRequests().every((e) => e.rawQuery.includes(`accesskey=${s.options.accessKey}`))).toBe(true);
		expect(s.storageRequests()).toHaveLength(1); // the manual-redirect request did not follow
		expect(s.storageRequests().every((e) => !e.rawQuery.includes(s.options.accessKey) && e.rawQuery.includes('X-Goog-Signature='))).toBe(true);
		expect(s.storageCredentialLeaks()).toEqual([]);
	});

	test('storage records any credential that reaches it', async () => {
		const s = await start({ recordingCount: 1 });
		const token = s.issueToken();
		const location = (await fetch(`${s.apiBaseUrl}/recordingfiles/${s.visibleRecordings()[0].id}`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' })).headers.get('location')!;
		await (await fetch(location, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
		await (await fetch(`${location}&accesskey=${s.options.accessKey}`)).arrayBuffer();
		await (await fetch(location, { headers: { cookie: 'token=x' } })).arrayBuffer();
		const leaks = s.storageCredentialLeaks().map((e) => e.credentials);
		expect(leaks).toEqual([
			['authorization', 'known-secret'],
			['accesskey-query', 'known-secret'],
			['token-cookie', 'cookie'],
		]);
	});

	test('conference recordings hold one _in.wav; downloadPayload wav serves one plain WAV', async () => {
		const s = await start({ recordingCount: 0 });
		const conf = s.addRecording({ referenceType: 'confbridge', durationMs: 1000 });
		const entries = readZipEntries(Buffer.from(await (await fetch(withKey(s, `/recordingfiles/${conf.id}`))).arrayBuffer()));
		expect(entries.map((e) => e.name)).toEqual([`${conf.name}_in.wav`]);
		const w = await start({ recordingCount: 0, downloadPayload: 'wav' });
		const r = w.addRecording({ durationMs: 1000 });
		const res = await fetch(withKey(w, `/recordingfiles/${r.id}`));
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(res.headers.get('content-type')).toBe('audio/x-wav');
		expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
		expect(bytes.length).toBe(44 + 16000);
		const live = w.addRecording({ status: 'recording' });
		expect((await fetch(withKey(w, `/recordingfiles/${live.id}`))).status).toBe(404);
		const typed = await start({ recordingCount: 1, storageContentType: 'application/octet-stream' });
		const t = await fetch(withKey(typed, `/recordingfiles/${typed.visibleRecordings()[0].id}`));
		expect(t.headers.get('content-type')).toBe('application/octet-stream');
		await t.arrayBuffer();
	});

	test('before ended: an empty ZIP (22 bytes); downloadBeforeEnded notFound; files missing after end', async () => {
		const s = await start({ recordingCount: 0 });
		const live = s.addRecording({ status: 'recording' });
		const empty = Buffer.from(await (await fetch(withKey(s, `/recordingfiles/${live.id}`))).arrayBuffer());
		expect(empty.length).toBe(22);
		expect(readZipEntries(empty)).toEqual([]);
		const done = s.addRecording({});
		s.setRecordingFiles(done.id, false);
		expect(Buffer.from(await (await fetch(withKey(s, `/recordingfiles/${done.id}`))).arrayBuffer()).length).toBe(22);
		s.setRecordingFiles(done.id, true);
		expect(readZipEntries(Buffer.from(await (await fetch(withKey(s, `/recordingfiles/${done.id}`))).arrayBuffer()))).toHaveLength(2);
		const strict = await start({ recordingCount: 0, downloadBeforeEnded: 'notFound' });
		const l = strict.addRecording({ status: 'initiating' });
		const res = await getJson(strict, `/recordingfiles/${l.id}`);
		expect(res.res.status).toBe(404);
		expectEnvelope(res.body, 'NOT_FOUND', 'RESOURCE_NOT_FOUND');
	});

	test('the signed URL expires after 24 h (signedUrlTtlSeconds), and a changed signature is refused', async () => {
		const s = await start({ recordingCount: 1 });
		const id = s.visibleRecordings()[0].id;
		const location = (await fetch(withKey(s, `/recordingfiles/${id}`), { redirect: 'manual' })).headers.get('location')!;
		s.clock.advance(24 * 3600 * 1000 - 1);
		expect((await fetch(location, { method: 'HEAD' })).status).toBe(200);
		s.clock.advance(1);
		const expired = await fetch(location);
		expect(expired.status).toBe(400);
		expect(await expired.text()).toContain('<Code>ExpiredToken</Code>');
		const tampered = await fetch(location.replace(/X-Goog-Signature=[0-9a-f]/, 'X-Goog-Signature=z'));
		expect(tampered.status).toBe(403);
		expect(await tampered.text()).toContain('SignatureDoesNotMatch');
		const unsigned = await fetch(location.split('?')[0]);
		expect(unsigned.status).toBe(403);
		const short = await start({ recordingCount: 1, signedUrlTtlSeconds: 60 });
		const loc = (await fetch(withKey(short, `/recordingfiles/${short.visibleRecordings()[0].id}`), { redirect: 'manual' })).headers.get('location')!;
		expect(loc).toContain('X-Goog-Expires=60');
		short.clock.advance(60_000);
		expect((await fetch(loc)).status).toBe(400);
	});

	test('storage serves byte ranges', async () => {
		const s = await start({ recordingCount: 1 });
		const location = (await fetch(withKey(s, `/recordingfiles/${s.visibleRecordings()[0].id}`), { redirect: 'manual' })).headers.get('location')!;
		const full = Buffer.from(await (await fetch(location)).arrayBuffer());
		const part = await fetch(location, { headers: { range: 'bytes=10-19' } });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 10-19/${full.length}`);
		expect(Buffer.from(await part.arrayBuffer())).toEqual(full.subarray(10, 20));
	});

	test('503 SIGNING_NOT_CONFIGURED; 400 INVALID_ID', async () => {
		const s = await start({ recordingCount: 1, signingConfigured: false });
		const res = await getJson(s, `/recordingfiles/${s.visibleRecordings()[0].id}`);
		expect(res.res.status).toBe(503);
		expectEnvelope(res.body, 'UNAVAILABLE', 'SIGNING_NOT_CONFIGURED');
		const bad = await getJson(s, '/recordingfiles/abc');
		expect(bad.res.status).toBe(400);
		expectEnvelope(bad.body, 'INVALID_ARGUMENT', 'INVALID_ID');
	});
});

describe('transcribes and transcripts', () => {
	const post = (s: Sandbox, body: unknown) =>
		getJson(s, '/transcribes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

	test('POST /transcribes for a recording: progressing → done; the same language returns the same transcribe', async () => {
		const s = await start({ recordingCount: 0 });
		const r = s.addRecording({ durationMs: 30_000 });
		const created = await post(s, { reference_type: 'recording', reference_id: r.id, language: 'en-US', direction: 'both' });
		expect(created.res.status).toBe(200);
		expect(created.body).toMatchObject({ reference_type: 'recording', reference_id: r.id, status: 'progressing', language: 'en-US', direction: 'both', tm_delete: null });
		expect((await post(s, { reference_type: 'recording', reference_id: r.id, language: 'en-US' })).body.id).toBe(created.body.id);
		expect((await post(s, { reference_type: 'recording', reference_id: r.id, language: 'de-DE', direction: 'sideways' })).body).toMatchObject({ direction: 'both', language: 'de-DE' });
		expect((await getJson(s, `/transcripts?transcribe_id=${created.body.id}`)).body).toEqual({ result: [], next_page_token: '' });
		s.clock.advance(2000);
		expect((await getJson(s, `/transcribes/${created.body.id}`)).body.status).toBe('done');
		const listed = (await getJson(s, `/transcribes?reference_type=recording&reference_id=${r.id}`)).body;
		expect(listed.result).toHaveLength(2);
		expect(listed.next_page_token).not.toBe('');
		expect((await getJson(s, '/transcribes')).body.result).toHaveLength(2);
		const half = await getJson(s, `/transcribes?reference_id=${r.id}`);
		expect(half.res.status).toBe(400);
		expectEnvelope(half.body, 'INVALID_ARGUMENT', 'INVALID_REFERENCE_FILTER');
	});

	test('transcripts ignore paging and always send a next_page_token; at most the 100 newest lines', async () => {
		const s = await start({ recordingCount: 0 });
		const r = s.addRecording({ durationMs: 60_000 });
		const t = (await post(s, { reference_type: 'recording', reference_id: r.id, language: 'en-US', direction: 'both' })).body;
		s.finishTranscribe(t.id);
		const page = (await getJson(s, `/transcripts?transcribe_id=${t.id}&page_size=2`)).body;
		expect(page.result).toHaveLength(12);
		expect(page.next_page_token).toMatch(/Z$/);
		const again = (await getJson(s, `/transcripts?transcribe_id=${t.id}&page_size=2&page_token=${encodeURIComponent(page.next_page_token)}`)).body;
		expect(again).toEqual(page); // following the token loops forever
		expect(page.result[0]).toEqual({ id: expect.any(String), customer_id: s.options.customerId, transcribe_id: t.id, direction: 'out', message: expect.any(String), tm_transcript: expect.any(String), tm_create: expect.any(String) });
		const spoken = page.result.map((l: any) => parseTimestamp(l.tm_transcript)!);
		expect([...spoken].sort((a, b) => b - a)).toEqual(spoken); // newest first = reverse of speech

		const long = s.addRecording({ durationMs: 60_000, transcriptLines: 150 });
		const lt = (await post(s, { reference_type: 'recording', reference_id: long.id, language: 'en-US', direction: 'in' })).body;
		s.finishTranscribe(lt.id);
		const capped = (await getJson(s, `/transcripts?transcribe_id=${lt.id}`)).body.result;
		expect(capped).toHaveLength(100);
		expect(capped.every((l: any) => l.direction === 'in')).toBe(true);

		const paged = await start({ recordingCount: 0, transcriptsIgnorePaging: false });
		const pr = paged.addRecording({ durationMs: 60_000 });
		const pt = (await post(paged, { reference_type: 'recording', reference_id: pr.id, language: 'en-US' })).body;
		paged.finishTranscribe(pt.id);
		const p1 = (await getJson(paged, `/transcripts?transcribe_id=${pt.id}&page_size=5`)).body;
		const p2 = (await getJson(paged, `/transcripts?transcribe_id=${pt.id}&page_size=5&page_token=${encodeURIComponent(p1.next_page_token)}`)).body;
		expect(p1.result).toHaveLength(5);
		expect(p2.result[0].id).not.toBe(p1.result[4].id);
	});

	test('transcribe errors, get, stop and delete', async () => {
		const s = await start({ recordingCount: 0 });
		const live = s.addRecording({ status: 'recording' });
		const cases: Array<[unknown, number, string]> = [
			[{ reference_type: 'recording', reference_id: 'x', language: 'en-US' }, 400, 'INVALID_ID'],
			[{ reference_type: 'recording', reference_id: '3f0ec8a6-5c4f-4d52-9a3b-1c2d3e4f5a6b', language: 'en-US' }, 404, 'RECORDING_NOT_FOUND'],
			[{ reference_type: 'recording', reference_id: live.id }, 400, 'INVALID_ARGUMENT'],
			[{ reference_type: 'recording', reference_id: live.id, language: 'en-US' }, 400, 'INVALID_ARGUMENT'],
			[{ reference_type: 'video', reference_id: live.id, language: 'en-US' }, 400, 'INVALID_ARGUMENT'],
			[{ reference_type: 'call', reference_id: live.referenceId, language: 'en-US' }, 404, 'RESOURCE_NOT_FOUND'],
		];
		for (const [body, status, reason] of cases) {
			const res = await post(s, body);
			expect([res.res.status, res.body.error.reason]).toEqual([status, reason]);
		}
		const badJson = await getJson(s, '/transcribes', { method: 'POST', body: '{' });
		expect([badJson.res.status, badJson.body.error.reason]).toEqual([400, 'INVALID_JSON_BODY']);
		const done = s.addRecording({});
		const t = (await post(s, { reference_type: 'recording', reference_id: done.id, language: 'en-US' })).body;
		expect((await getJson(s, `/transcribes/${t.id}/stop`, { method: 'POST' })).body.status).toBe('done');
		const del = await getJson(s, `/transcribes/${t.id}`, { method: 'DELETE' });
		expect(del.body.tm_delete).toEqual(expect.any(String));
		for (const path of [`/transcribes/${t.id}`, `/transcripts?transcribe_id=${t.id}`]) {
			const gone = await getJson(s, path);
			expect(gone.res.status).toBe(404);
			expectEnvelope(gone.body, 'NOT_FOUND', 'RESOURCE_NOT_FOUND');
		}
		const missing = await getJson(s, '/transcripts');
		expect([missing.res.status, missing.body.error.reason]).toEqual([400, 'INVALID_REQUEST_PARAMETER']);
		const legacy = await start({ recordingCount: 1, timeFormat: 'legacySpace' });
		const lt = (await post(legacy, { reference_type: 'recording', reference_id: legacy.visibleRecordings()[0].id, language: 'en-US' })).body;
		expect(lt.tm_delete).toBe('9999-01-01 00:00:00.000000');
	});
});

describe('rate limits', () => {
	test('per customer: 429 RATE_LIMIT_EXCEEDED with Retry-After and limited_by customer (default 16.7 rps, burst 33)', async () => {
		const s = await start({ recordingCount: 1, customerRateLimit: { perSecond: 16.7, burst: 33 } });
		const statuses = await Promise.all(Array.from({ length: 40 }, () => fetch(withKey(s, '/recordings?page_size=1')).then(async (r) => ({ r, body: (await r.json()) as any }))));
		const limited = statuses.filter((x) => x.r.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		expect(statuses.filter((x) => x.r.status === 200).length).toBeGreaterThanOrEqual(33);
		expect(limited[0].r.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
		expect(limited[0].r.headers.get('x-ratelimit-limit')).toBeNull();
		expectEnvelope(limited[0].body, 'RESOURCE_EXHAUSTED', 'RATE_LIMIT_EXCEEDED');
		expect(limited[0].body.error.details).toEqual([{ limited_by: 'customer' }]);
		s.resetRateLimits();
		expect((await fetch(withKey(s, '/recordings?page_size=1'))).status).toBe(200);
	});

	test('per IP on /v1.0 and on the auth routes', async () => {
		const s = await start({ ipRateLimit: { perSecond: 1, burst: 2 }, authRateLimit: { perSecond: 1, burst: 1 } });
		const codes = [];
		for (let i = 0; i < 3; i++) codes.push((await fetch(`${s.apiBaseUrl}/recordings`)).status);
		expect(codes).toEqual([401, 401, 429]);
		const limited = await fetch(`${s.apiBaseUrl}/recordings`);
		expect(((await limited.json()) as any).error.details).toEqual([{ limited_by: 'ip' }]);
		expect((await login(s, '/auth/login', admin)).status).toBe(200);
		const second = await login(s, '/auth/login', admin);
		expect(second.status).toBe(429);
		expect(second.headers.get('retry-after')).toBe('1');
	});
});

describe('faults and the request log', () => {
	test('status faults with the envelope, times, method and path filters; raw bodies', async () => {
		const s = await start({ recordingCount: 1 });
		s.injectFault({ status: 503, path: '/v1.0/recordings', method: 'GET', times: 2 });
		for (let i = 0; i < 2; i++) {
			const res = await getJson(s, '/recordings');
			expect(res.res.status).toBe(503);
			expectEnvelope(res.body, 'UNAVAILABLE', 'SERVICE_UNAVAILABLE');
		}
		expect((await getJson(s, '/recordings')).res.status).toBe(200);
		s.injectFault({ status: 429, path: /^\/v1\.0\/recordings/ });
		const limited = await getJson(s, '/recordings');
		expect([limited.res.status, limited.res.headers.get('retry-after'), limited.body.error.reason]).toEqual([429, '1', 'RATE_LIMIT_EXCEEDED']);
		s.injectFault({ status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } });
		const gateway = await fetch(withKey(s, '/recordings'));
		expect([gateway.status, await gateway.text()]).toEqual([502, '<html>bad gateway</html>']);
		s.injectFault({ status: 500, body: null });
		const bare = await fetch(withKey(s, '/recordings'));
		expect([bare.status, await bare.text()]).toEqual([500, '']);
	});

	test('reset, truncate and delay, on either listener', async () => {
		const s = await start({ recordingCount: 1 });
		s.injectFault({ reset: true });
		await expect(fetch(withKey(s, '/recordings'))).rejects.toThrow();
		s.injectFault({ truncate: true, path: '/v1.0/recordings' });
		await expect(fetch(withKey(s, '/recordings')).then((r) => r.text())).rejects.toThrow();
		s.injectFault({ truncate: 100, listener: 'storage' });
		await expect(fetch(withKey(s, `/recordingfiles/${s.visibleRecordings()[0].id}`)).then((r) => r.arrayBuffer())).rejects.toThrow();
		s.injectFault({ status: 500, listener: 'storage' });
		const storageError = await fetch(withKey(s, `/recordingfiles/${s.visibleRecordings()[0].id}`));
		expect([storageError.status, await storageError.text()]).toEqual([500, expect.stringContaining('<Code>InternalError</Code>')]);
		s.injectFault({ delayMs: 300 });
		const before = Date.now();
		expect((await fetch(withKey(s, '/recordings'))).status).toBe(200);
		expect(Date.now() - before).toBeGreaterThanOrEqual(290);
		s.injectFault({ status: 500 });
		s.clearFaults();
		expect((await fetch(withKey(s, '/recordings'))).status).toBe(200);
	});

	test('the log: method, path, full query, headers, host, status, times; apiRequests, loginRequests, resetLog', async () => {
		const s = await start({ recordingCount: 1 });
		await login(s, '/auth/login', admin);
		await fetch(withKey(s, '/recordings?page_size=5'), { headers: { 'x-test': 'yes' } });
		expect(s.loginRequests()).toHaveLength(1);
		const [entry] = s.apiRequests();
		expect(entry).toMatchObject({
			listener: 'api',
			method: 'GET',
			path: '/v1.0/recordings',
			query: { page_size: '5', accesskey: s.options.accessKey },
			rawQuery: `?page_size=5&accesskey=${s.options.accessKey}`,
			host: `127.0.0.1:${s.port}`,
			status: 200,
			credentials: ['accesskey-query', 'known-secret'],
		});
		expect(entry.headers['x-test']).toBe('yes');
		expect(entry.clockAt).toBe(s.options.now);
		s.resetLog();
		expect(s.log).toHaveLength(0);
	});
});

describe('cli', () => {
	test('starts on SANDBOX_PORT, prints URL and credentials, stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [join(__dirname, '../../sandbox/cli.js')], {
			env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_NEW_RECORDING_EVERY_MS: '0' },
		});
		let output = '';
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (chunk) => {
				output += chunk;
				if (output.includes('a ready JWT')) resolve();
			});
			child.on('exit', () => reject(new Error(output)));
		});
		const url = /VoIPbin sandbox on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
		expect(output).toContain('vb_sandboxAccessKey0123456789abcdef');
		const res = await fetch(`${url}/v1.0/recordings?accesskey=vb_sandboxAccessKey0123456789abcdef`);
		expect(res.status).toBe(200);
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
