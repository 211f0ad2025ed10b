import type { KazooSandbox } from '../../sandbox/server';
import { apiKeyCredentials, listRequests, NODE_NAME, runAction, startSandbox, userCredentials } from '../harness/kazoo';

const DAY = 24 * 3600 * 1000;
const getMany = (extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation: 'getMany', scope: 'account', ...extra });

describe('Get Many (engine, sandbox)', () => {
	let sandbox: KazooSandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('Return All over 250 recordings across 3 windows: 1 sign-in + 3 list requests, no duplicates, newest first', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const now = sandbox.clock.now();
		for (let i = 0; i < 250; i++) sandbox.addRecording({ createdAt: now - 1000 - Math.floor((i * 80 * DAY) / 250) });
		const run = await runAction(apiKeyCredentials(sandbox), getMany({
			returnAll: true,
			createdAfter: new Date(now - 85 * DAY).toISOString(),
		}));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const ids = run.output(NODE_NAME).map((item) => item.json.id);
		expect(ids).toHaveLength(250);
		expect(new Set(ids).size).toBe(250);
		const lists = listRequests(sandbox);
		expect(lists).toHaveLength(3);
		expect(sandbox.authRequests()).toHaveLength(1);
		for (const entry of lists) {
			expect(Number(entry.query.created_to) - Number(entry.query.created_from)).toBeLessThanOrEqual(2_682_000);
		}
		const starts = run.output(NODE_NAME).map((item) => Date.parse(String(item.json.endedAt)));
		expect([...starts].sort((a, b) => b - a)).toEqual(starts);
	});

	it('Limit 5 asks for a page of 5: one list request', async () => {
		sandbox = await startSandbox({ recordings: 30 });
		const run = await runAction(apiKeyCredentials(sandbox), getMany({ returnAll: false, limit: 5 }));
		expect(run.output(NODE_NAME)).toHaveLength(5);
		const lists = listRequests(sandbox);
		expect(lists).toHaveLength(1);
		expect(lists[0].query.page_size).toBe('5');
		expect(lists[0].query.created_from).toMatch(/^\d{11}$/);
	});

	it('follows next_start_key (encoded and raw) and stops where it is absent', async () => {
		for (const startKeyStyle of ['encoded', 'raw'] as const) {
			sandbox = await startSandbox({ recordings: 0, startKeyStyle });
			const now = sandbox.clock.now();
			for (let i = 0; i < 1100; i++) sandbox.addRecording({ createdAt: now - 1000 - i * 60_000 });
			const run = await runAction(apiKeyCredentials(sandbox), getMany({ returnAll: true }));
			expect(run.error(NODE_NAME)).toBeUndefined();
			expect(new Set(run.output(NODE_NAME).map((item) => item.json.id)).size).toBe(1100);
			const lists = listRequests(sandbox);
			expect(lists).toHaveLength(3);
			expect(lists[1].query.start_key).toBeDefined();
			await sandbox.stop();
		}
		sandbox = await startSandbox({ recordings: 0 });
	});

	it('oldest first sends ascending=true (descending=false is ignored by Kazoo)', async () => {
		sandbox = await startSandbox({ recordings: 20 });
		const run = await runAction(apiKeyCredentials(sandbox), getMany({ returnAll: true, sort: 'oldestFirst', simple: false }));
		const starts = run.output(NODE_NAME).map((item) => Number(item.json.start));
		expect([...starts].sort((a, b) => a - b)).toEqual(starts);
		expect(listRequests(sandbox)[0].query.ascending).toBe('true');
		expect(listRequests(sandbox)[0].query.descending).toBeUndefined();
	});

	it('sends the filters Kazoo has: direction, owner, filter_<field> and filter_not_<field>', async () => {
		sandbox = await startSandbox({ recordings: 40 });
		const alice = [...sandbox.users.values()].find((user) => user.username === 'alice')!;
		const run = await runAction(apiKeyCredentials(sandbox), getMany({
			returnAll: true,
			simple: false,
			filters: {
				direction: 'outbound',
				ownerId: alice.id,
				fieldFilters: { filter: [{ field: 'media_type', value: 'mp3' }, { field: 'caller_id_name', value: 'Nobody', negate: true }] },
			},
		}));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const query = listRequests(sandbox)[0].query;
		expect(query).toMatchObject({ filter_direction: 'outbound', filter_owner_id: alice.id, filter_media_type: 'mp3', filter_not_caller_id_name: 'Nobody' });
		const items = run.output(NODE_NAME).map((item) => item.json);
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((item) => item.direction === 'outbound' && item.owner_id === alice.id)).toBe(true);
	});

	it('a Limit with filters reads on through short pages until it has enough', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const now = sandbox.clock.now();
		for (let i = 0; i < 60; i++) sandbox.addRecording({ createdAt: now - 1000 - i * 60_000, direction: i % 10 === 0 ? 'outbound' : 'inbound' });
		const run = await runAction(apiKeyCredentials(sandbox), getMany({ returnAll: false, limit: 4, filters: { direction: 'outbound' } }));
		expect(run.output(NODE_NAME)).toHaveLength(4);
		expect(listRequests(sandbox).length).toBeGreaterThan(1);
	});

	it("user scope lists the user's path; simplified dates are in the workflow's time zone", async () => {
		sandbox = await startSandbox({ recordings: 10 });
		const bob = [...sandbox.users.values()].find((user) => user.username !== 'alice')!;
		const run = await runAction(
			userCredentials(sandbox),
			getMany({ authentication: 'user', scope: 'user', userId: bob.id, returnAll: true }),
			{ timezone: 'America/New_York' },
		);
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(listRequests(sandbox)[0].path).toBe(`/v2/accounts/${sandbox.account.id}/users/${bob.id}/recordings`);
		const first = run.output(NODE_NAME)[0].json;
		expect(first.ownerId).toBe(bob.id);
		expect(String(first.startedAt)).toMatch(/-0[45]:00$/);
		expect(first.hasAudio).toBe(true);
		const recording = sandbox.recordings.get(String(first.id))!;
		expect(Date.parse(String(first.startedAt)) / 1000 + 62_167_219_200).toBe(recording.doc.start);
	});

	it('at scale: Return All over 5,000 recordings of one month is 10 list requests (pages of 500)', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const now = sandbox.clock.now();
		for (let i = 0; i < 5000; i++) sandbox.addRecording({ createdAt: now - 1000 - i * 500_000 });
		const run = await runAction(apiKeyCredentials(sandbox), getMany({ returnAll: true, simple: false }));
		expect(new Set(run.output(NODE_NAME).map((item) => item.json.id)).size).toBe(5000);
		expect(listRequests(sandbox)).toHaveLength(10);
	});

	it('no recordings: one request, no items', async () => {
		sandbox = await startSandbox({ recordings: 0 });
		const run = await runAction(apiKeyCredentials(sandbox), getMany({ returnAll: true }));
		expect(run.output(NODE_NAME)).toHaveLength(0);
		expect(listRequests(sandbox)).toHaveLength(1);
	});
});
