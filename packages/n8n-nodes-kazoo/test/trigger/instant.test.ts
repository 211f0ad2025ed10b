import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWebhook, runWebhookMethod, startReceiver } from '../../../../core/testing/webhooks';
import { KazooCallRecordingInstantTrigger } from '../../nodes/Kazoo/KazooCallRecordingInstantTrigger.node';
import type { KazooSandbox } from '../../sandbox/server';
import { apiKeyCredentials, dataRequests, PACKAGE, registerKazooNode, startSandbox } from '../harness/kazoo';
import { nodeOf } from '../../../../core/testing/engine';

const INSTANT_TYPE = `${PACKAGE}.kazooCallRecordingInstantTrigger`;
registerKazooNode(INSTANT_TYPE, new KazooCallRecordingInstantTrigger());

/** An activated instant trigger whose webhook the sandbox calls; what each delivery emitted is collected. */
async function activeInstantTrigger(sandbox: KazooSandbox, options: IDataObject = {}) {
	const credentials = apiKeyCredentials(sandbox);
	const node = { ...nodeOf(INSTANT_TYPE, 'Kazoo Instant', { event: 'newRecording', scope: 'account', simple: false, options: options as never }, { type: 'kazooApiKeyApi' }), webhookId: 'kazoo-hook' };
	const persisted = { staticData: '{}' };
	const emitted: INodeExecutionData[] = [];
	const deliveries: IDataObject[] = [];
	const receiver = await startReceiver(async (body) => {
		deliveries.push(body);
		const result = await runWebhook(node, credentials, persisted, { body });
		emitted.push(...(result.workflowData?.[0] ?? []));
	});
	const method = async (name: 'checkExists' | 'create' | 'delete') =>
		await runWebhookMethod(name, node, credentials, persisted, receiver.url);
	return { node, persisted, emitted, deliveries, receiver, method, credentials };
}

describe('Instant trigger: Kazoo webhooks app (HookContext + WebhookContext, sandbox delivering over HTTP)', () => {
	let sandbox: KazooSandbox;
	afterEach(async () => {
		await sandbox.stop();
	});

	it('activation registers an object hook for call_recording doc_created at n8n\'s URL; deactivation removes it', async () => {
		sandbox = await startSandbox();
		const trigger = await activeInstantTrigger(sandbox);
		try {
			expect(await trigger.method('checkExists')).toBe(false);
			expect(await trigger.method('create')).toBe(true);
			const hooks = [...sandbox.webhooks.values()];
			expect(hooks).toHaveLength(1);
			expect(hooks[0]).toMatchObject({ hook: 'object', http_verb: 'post', format: 'json', custom_data: { type: 'call_recording', action: 'doc_created' } });
			expect(hooks[0].uri.startsWith(trigger.receiver.url)).toBe(true);
			expect(await trigger.method('checkExists')).toBe(true);
			expect(await trigger.method('delete')).toBe(true);
			expect(sandbox.webhooks.size).toBe(0);
			expect(await trigger.method('checkExists')).toBe(false);
		} finally {
			await trigger.receiver.close();
		}
	});

	it('a webhook the sandbox sends emits the new recording once; a lost webhook is caught by the next one', async () => {
		sandbox = await startSandbox({ recordings: 10 });
		const trigger = await activeInstantTrigger(sandbox);
		try {
			await trigger.method('create');
			const first = sandbox.addRecording({ createdAt: sandbox.clock.now() - 1000 });
			await sandbox.settleWebhooks();
			expect(trigger.deliveries).toHaveLength(1);
			expect(trigger.deliveries[0]).toMatchObject({ id: first.id, action: 'doc_created', type: 'call_recording' });
			expect(trigger.emitted.map((item) => item.json.id)).toEqual([first.id]);
			// A webhook that never arrives (the webhooks app dropped it) …
			const lost = sandbox.addRecording({ createdAt: sandbox.clock.now() - 500, fireWebhooks: false });
			const next = sandbox.addRecording({ createdAt: sandbox.clock.now() - 100 });
			await sandbox.settleWebhooks();
			// … is emitted with the next one, and nothing twice.
			expect(trigger.emitted.map((item) => item.json.id).sort()).toEqual([first.id, lost.id, next.id].sort());
			// Kazoo retrying a delivery emits nothing again.
			await runWebhook(trigger.node, trigger.credentials, trigger.persisted, { body: { ...trigger.deliveries[0] } });
			expect(trigger.emitted).toHaveLength(3);
		} finally {
			await trigger.method('delete');
			await trigger.receiver.close();
		}
	});

	it('with Attach Audio, doc_created before the audio holds the recording back; doc_edited (audio attached) emits it with the audio', async () => {
		sandbox = await startSandbox({ recordings: 5 });
		const trigger = await activeInstantTrigger(sandbox, { attachAudio: true });
		try {
			await trigger.method('create');
			expect([...sandbox.webhooks.values()].map((hook) => hook.custom_data?.action).sort()).toEqual(['doc_created', 'doc_edited']);
			const early = sandbox.addRecording({ createdAt: sandbox.clock.now() - 1000, audio: false });
			await sandbox.settleWebhooks();
			expect(trigger.emitted).toHaveLength(0);
			sandbox.attachAudio(early.id);
			await sandbox.settleWebhooks();
			expect(trigger.emitted.map((item) => item.json.id)).toEqual([early.id]);
			expect(trigger.emitted[0].binary?.data).toBeDefined();
		} finally {
			await trigger.method('delete');
			await trigger.receiver.close();
		}
	});

	it("a delivery for another account or another document type is acknowledged and ignored, with no request", async () => {
		sandbox = await startSandbox();
		const trigger = await activeInstantTrigger(sandbox);
		try {
			await trigger.method('create');
			sandbox.resetLog();
			const other = await runWebhook(trigger.node, trigger.credentials, trigger.persisted, { body: { id: 'x', account_id: 'f'.repeat(32), type: 'call_recording', action: 'doc_created' } });
			const device = await runWebhook(trigger.node, trigger.credentials, trigger.persisted, { body: { id: 'x', account_id: sandbox.account.id, type: 'device', action: 'doc_created' } });
			expect([other.workflowData, device.workflowData]).toEqual([undefined, undefined]);
			expect(dataRequests(sandbox)).toHaveLength(0);
		} finally {
			await trigger.method('delete');
			await trigger.receiver.close();
		}
	});
});
