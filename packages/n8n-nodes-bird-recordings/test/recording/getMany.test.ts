import type { Sandbox } from '../../sandbox/server';
import { birdCredentials, listRequests, NODE_NAME, runAction, startSandbox } from '../harness/bird';

const getMany = (extra: Record<string, unknown> = {}) => ({ resource: 'recording', operation: 'getMany', ...extra });

describe('Recording: Get Many (engine, sandbox)', () => {
	let sandbox: Sandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('Return All over 1,000 recordings: 11 requests of limit=99 on nextPageToken, no duplicates', async () => {
		sandbox = await startSandbox({ recordingCount: 1000 });
		const run = await runAction(birdCredentials(sandbox), getMany({ returnAll: true }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const ids = run.output(NODE_NAME).map((item) => item.json.id);
		expect(ids).toHaveLength(1000);
		expect(new Set(ids).size).toBe(1000);
		const lists = listRequests(sandbox);
		expect(lists).toHaveLength(11);
		expect(lists.every((entry) => entry.query.limit === '99')).toBe(true);
		expect(lists[0].query.pageToken).toBeUndefined();
		expect(lists[1].query.pageToken).toBeDefined();
	});

	it('Return All over 5,000 recordings: 51 requests', async () => {
		sandbox = await startSandbox({ recordingCount: 5000, seedSpacingMs: 60_000 });
		const run = await runAction(birdCredentials(sandbox), getMany({ returnAll: true }));
		expect(new Set(run.output(NODE_NAME).map((item) => item.json.id)).size).toBe(5000);
		expect(listRequests(sandbox)).toHaveLength(51);
	});

	it('Limit 5 is one request with limit=5', async () => {
		sandbox = await startSandbox({ recordingCount: 30 });
		const run = await runAction(birdCredentials(sandbox), getMany({ limit: 5 }));
		expect(run.output(NODE_NAME)).toHaveLength(5);
		const lists = listRequests(sandbox);
		expect(lists).toHaveLength(1);
		expect(lists[0].query.limit).toBe('5');
	});

	it.each(['emptyString', 'null', 'absent'] as const)('a last page marked by nextPageToken %s ends the list', async (lastPageMarker) => {
		sandbox = await startSandbox({ recordingCount: 150, lastPageMarker });
		const run = await runAction(birdCredentials(sandbox), getMany({ returnAll: true }));
		expect(run.output(NODE_NAME)).toHaveLength(150);
		expect(listRequests(sandbox)).toHaveLength(2);
	});

	it('a full last page that still carries a token costs one more (empty) page', async () => {
		sandbox = await startSandbox({ recordingCount: 198, tokenOnFullLastPage: true });
		const run = await runAction(birdCredentials(sandbox), getMany({ returnAll: true }));
		expect(run.output(NODE_NAME)).toHaveLength(198);
		expect(listRequests(sandbox)).toHaveLength(3);
	});

	it('no recordings: one request, no items', async () => {
		sandbox = await startSandbox({ recordingCount: 0 });
		const run = await runAction(birdCredentials(sandbox), getMany({ returnAll: true }));
		expect(run.error(NODE_NAME)).toBeUndefined();
		expect(run.output(NODE_NAME)).toHaveLength(0);
		expect(listRequests(sandbox)).toHaveLength(1);
	});

	it('sends the filters that are set and leaves blank ones out', async () => {
		sandbox = await startSandbox({ recordingCount: 40 });
		const run = await runAction(birdCredentials(sandbox), getMany({
			returnAll: true,
			simple: false,
			filters: { direction: 'outgoing', channelId: sandbox.options.channelId, sourceId: '', from: '', to: ' ', startAt: '2026-01-01T00:00:00Z' },
		}));
		expect(run.error(NODE_NAME)).toBeUndefined();
		const query = listRequests(sandbox)[0].query;
		expect(query).toEqual({ limit: '99', direction: 'outgoing', channelId: sandbox.options.channelId, startAt: '2026-01-01T00:00:00.000Z' });
		const items = run.output(NODE_NAME).map((item) => item.json);
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((item) => item.direction === 'outgoing')).toBe(true);
	});

	it('simplified items: readable times in the workflow zone; Go zero times and the 600 s url left out', async () => {
		sandbox = await startSandbox({ recordingCount: 0, unsetTime: 'zeroTime' });
		sandbox.addRecording({ live: true });
		sandbox.addRecording({ originator: { number: { type: 'pstn', number: '3197004499436', identity: '+3197004499436' } } });
		const raw = await runAction(birdCredentials(sandbox), getMany({ returnAll: true, simple: false }));
		expect(raw.output(NODE_NAME).some((item) => item.json.endedAt === '0001-01-01T00:00:00Z')).toBe(true);
		const run = await runAction(birdCredentials(sandbox), getMany({ returnAll: true }), { timezone: 'Europe/Amsterdam' });
		const items = run.output(NODE_NAME).map((item) => item.json);
		const live = items.find((item) => item.status === 'ongoing')!;
		expect(live.endedAt).toBeUndefined();
		expect(String(live.createdAt)).toMatch(/\+01:00$/);
		const done = items.find((item) => item.status === 'available')!;
		expect(done.from).toBe('+3197004499436');
		expect(done.url).toBeUndefined();
	});
});
