import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, INode } from 'n8n-workflow';

import { runWorkflow } from '../../../../test/harness/engine';
import { KazooCallRecordingInstantTrigger } from '../../nodes/Kazoo/KazooCallRecordingInstantTrigger.node';
import { KazooCallRecordingTrigger } from '../../nodes/Kazoo/KazooCallRecordingTrigger.node';
import type { KazooSandbox } from '../../sandbox/server';
import { activePolling } from '../../../../core/testing/engine';
import { ACTION_NODE_TYPE, apiKeyCredentials, PACKAGE, registerKazooNode, startSandbox, TRIGGER_NODE_TYPE } from '../harness/kazoo';

registerKazooNode(TRIGGER_NODE_TYPE, new KazooCallRecordingTrigger());
registerKazooNode(`${PACKAGE}.kazooCallRecordingInstantTrigger`, new KazooCallRecordingInstantTrigger());

const dir = join(__dirname, '../../examples');
const examples = readdirSync(dir).filter((file) => file.endsWith('.json'));

/**
 * Every example's nodes of this package run in the engine against the sandbox with the example's own
 * parameters: the action nodes chained in the example's order after an Items node, the polling
 * trigger polled twice. Other services' nodes (Slack, filters) are left out.
 */
describe('Examples', () => {
	let sandbox: KazooSandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ recordings: 60, seedSpacingSeconds: 3 * 24 * 3600 });
	});
	afterEach(async () => {
		await sandbox.stop();
	});

	it('there are at least 3', () => expect(examples.length).toBeGreaterThanOrEqual(3));

	it.each(examples)('%s: its Kazoo nodes run without an error', async (file) => {
		const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: INode[]; connections: IConnections };
		const ours = workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE}.`));
		expect(ours.length).toBeGreaterThan(0);
		const credentials = apiKeyCredentials(sandbox);
		const withCredential = (node: INode): INode => ({ ...node, credentials: { kazooApiKeyApi: { id: 'cred-1', name: 'Kazoo' } } });
		const trigger = ours.find((node) => node.type === TRIGGER_NODE_TYPE);
		if (trigger) {
			const polling = activePolling(credentials, withCredential(trigger));
			await polling.poll();
			sandbox.addRecording({ createdAt: sandbox.clock.now() - 1000 });
			const out = await polling.poll();
			expect(out?.[0]).toHaveLength(1);
		}
		const actions = ours.filter((node) => node.type === ACTION_NODE_TYPE).map(withCredential);
		if (actions.length === 0) return;
		const items: INode = { id: 'items', name: 'Items', type: 'test.items', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify([{ id: sandbox.visibleRecordings()[0].id, durationSeconds: 900 }]) } };
		const chain = [items, ...actions];
		const connections: IConnections = {};
		for (let i = 0; i < chain.length - 1; i++) connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
		const run = await runWorkflow(chain, connections, credentials);
		for (const node of actions) {
			expect(run.error(node.name)).toBeUndefined();
			expect(run.output(node.name).length).toBeGreaterThan(0);
		}
	});
});
