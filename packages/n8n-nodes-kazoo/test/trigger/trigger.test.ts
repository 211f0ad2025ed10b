import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import { useTestClock } from '../../../../test/trigger/clock';
import { KazooCallRecordingTrigger } from '../../nodes/Kazoo/KazooCallRecordingTrigger.node';
import type { KazooSandbox } from '../../sandbox/server';
import { activeTrigger, apiKeyCredentials, dataRequests, listRequests, registerKazooNode, startSandbox, TRIGGER_NODE_TYPE } from '../harness/kazoo';

registerKazooNode(TRIGGER_NODE_TYPE, new KazooCallRecordingTrigger());

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-30T12:00:00Z');

describe('Trigger: New Recording, polling (engine PollContext, sandbox)', () => {
	let sandbox: KazooSandbox;
	let clock: ReturnType<typeof useTestClock>;
	beforeEach(async () => {
		clock = useTestClock(T0);
		sandbox = await startSandbox({ now: T0, realTime: false, recordings: 30, seedSpacingSeconds: 600 });
	});
	afterEach(async () => {
		clock.restore();
		await sandbox.stop();
	});
	const advance = (ms: number) => {
		clock.advance(ms);
		sandbox.clock.advance(ms);
	};

	it('first poll remembers what is there; then emits each new recording once; idle polls cost 1 request', async () => {
		const trigger = activeTrigger(apiKeyCredentials(sandbox), { event: 'newRecording', scope: 'account', simple: false });
		expect(await trigger.poll()).toBeNull();
		advance(MINUTE);
		const fresh = sandbox.addRecording({ createdAt: sandbox.clock.now() - 5000 });
		const late = sandbox.addRecording({ createdAt: sandbox.clock.now() - 40 * MINUTE });
		const emitted = await trigger.poll();
		expect(emitted![0].map((item) => item.json.id).sort()).toEqual([fresh.id, late.id].sort());
		sandbox.resetLog();
		for (let i = 0; i < 3; i++) {
			advance(MINUTE);
			expect(await trigger.poll()).toBeNull();
		}
		expect(dataRequests(sandbox)).toHaveLength(3);
		for (const entry of listRequests(sandbox)) {
			expect(entry.query.created_from).toMatch(/^\d{11}$/);
			expect(entry.query.created_to).toMatch(/^\d{11}$/);
		}
		expect(sandbox.authRequests()).toHaveLength(0);
	});

	it('an idle poll costs one request per 500 recordings in the look-back window (1,000 added: 3 pages with the seeded ones)', async () => {
		for (let i = 0; i < 1000; i++) sandbox.addRecording({ createdAt: T0 - 1000 - i * 6000 });
		const trigger = activeTrigger(apiKeyCredentials(sandbox), { event: 'newRecording', scope: 'account' });
		await trigger.poll();
		sandbox.resetLog();
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
		const inWindow = sandbox.visibleRecordings().filter((r) => r.createdAt >= sandbox.clock.now() - 2 * 60 * MINUTE - 1000).length;
		expect(inWindow).toBeGreaterThan(1000);
		expect(dataRequests(sandbox)).toHaveLength(Math.ceil(inWindow / 500));
	});

	it('Attach Audio holds a recording back until its audio is attached, then emits it once with the audio', async () => {
		const trigger = activeTrigger(apiKeyCredentials(sandbox), { event: 'newRecording', scope: 'account', options: { attachAudio: true } });
		await trigger.poll();
		advance(MINUTE);
		const early = sandbox.addRecording({ createdAt: sandbox.clock.now() - 1000, audio: false });
		sandbox.resetLog();
		expect(await trigger.poll()).toBeNull();
		expect(dataRequests(sandbox)).toHaveLength(1); // the list says content_types: [], no download tried
		advance(MINUTE);
		sandbox.attachAudio(early.id);
		const emitted = (await trigger.poll())![0];
		expect(emitted.map((item) => item.json.id)).toEqual([early.id]);
		const bytes = await Container.get(BinaryDataService).getAsBuffer(emitted[0].binary!.data);
		expect(bytes.length).toBe(sandbox.recordings.get(early.id)!.attachment!.size);
		advance(MINUTE);
		expect(await trigger.poll()).toBeNull();
	});

	it('a recording whose audio never comes is emitted once after Wait for Audio, with audioError, and holds nothing else back', async () => {
		const trigger = activeTrigger(apiKeyCredentials(sandbox), { event: 'newRecording', scope: 'account', options: { attachAudio: true, waitForAudioMinutes: 5 } });
		await trigger.poll();
		advance(MINUTE);
		const never = sandbox.addRecording({ createdAt: sandbox.clock.now() - 1000, audio: false });
		const good = sandbox.addRecording({ createdAt: sandbox.clock.now() - 500 });
		const first = (await trigger.poll())![0];
		expect(first.map((item) => item.json.id)).toEqual([good.id]);
		const later: string[] = [];
		for (let i = 0; i < 8; i++) {
			advance(MINUTE);
			const out = await trigger.poll();
			for (const item of out?.[0] ?? []) {
				later.push(String(item.json.id));
				expect(item.json.audioError).toContain('No audio after 5 min');
				expect(item.binary).toBeUndefined();
			}
		}
		expect(later).toEqual([never.id]);
	});

	it('an expired token is renewed once during a poll', async () => {
		const credentials = apiKeyCredentials(sandbox);
		const trigger = activeTrigger(credentials, { event: 'newRecording', scope: 'account' });
		await trigger.poll();
		sandbox.expireAllTokens();
		advance(MINUTE);
		const fresh = sandbox.addRecording({ createdAt: sandbox.clock.now() - 1000 });
		const out = await trigger.poll();
		expect(out![0].map((item) => item.json.id)).toEqual([fresh.id]);
		expect(sandbox.authRequests()).toHaveLength(2);
	});

	it('Fetch Test Event (manual): the latest recording, one request, state untouched', async () => {
		const trigger = activeTrigger(apiKeyCredentials(sandbox), { event: 'newRecording', scope: 'account' });
		const out = await trigger.poll('manual');
		expect(out![0]).toHaveLength(1);
		expect(out![0][0].json.id).toBe(sandbox.visibleRecordings()[0].id);
		expect(listRequests(sandbox)).toHaveLength(1);
		expect(trigger.persisted.staticData).toBe('{}');
	});

	it.each([
		['look-back 0', { lookBackHours: 0 }, 'Look-Back Window (Hours) must be a number of hours above 0'],
		['max items 0', { maxItemsPerPoll: 0 }, 'Max Items per Poll must be a whole number from 1 to 10000'],
		['negative catch-up', { catchUpHours: -1 }, 'Include Recordings From the Last N Hours must be a number of hours from 0'],
		['wait for audio longer than half the window', { attachAudio: true, waitForAudioMinutes: 90, lookBackHours: 2 }, 'must be more than twice Wait for Audio'],
		['empty audio field', { attachAudio: true, binaryPropertyName: ' ' }, 'Put Audio in Field is empty'],
	])('bad trigger option (%s): clear error, 0 requests, state untouched', async (_what, options, message) => {
		const trigger = activeTrigger(apiKeyCredentials(sandbox), { event: 'newRecording', scope: 'account', options });
		await expect(trigger.poll()).rejects.toThrow(message);
		expect(sandbox.log).toHaveLength(0);
		expect(trigger.persisted.staticData).toBe('{}');
	});
});
