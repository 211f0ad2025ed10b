import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../sandbox/server';
import { accessKeyCredentials, ACTION_NODE_TYPE, NODE_NAME, runAction, startSandbox, TRIGGER_NODE_TYPE } from './harness/voipbin';

const dir = join(__dirname, '..', 'examples');
const examples = readdirSync(dir).filter((file) => file.endsWith('.json'));
const workflowOf = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: INodeParameters }> };

/**
 * Each example's VoIPbin action nodes, with their parameters as shipped, run in the engine against the
 * sandbox on an item like the one the example feeds them: a typo in an example fails here. (The e2e
 * suite runs one example whole in real n8n.)
 */
describe('Examples: the VoIPbin nodes of each example run as shipped (engine, sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ recordingCount: 20, transcribeDelayMs: 0 });
	});
	afterAll(async () => {
		await sandbox.stop();
	});

	it('there are at least 3 examples, each with a VoIPbin node', () => {
		expect(examples.length).toBeGreaterThanOrEqual(3);
		for (const file of examples) expect(workflowOf(file).nodes.some((node) => node.type === ACTION_NODE_TYPE || node.type === TRIGGER_NODE_TYPE)).toBe(true);
	});

	it.each(examples)('%s', async (file) => {
		const recording = sandbox.visibleRecordings()[0];
		for (const node of workflowOf(file).nodes.filter((n) => n.type === ACTION_NODE_TYPE)) {
			let input: IDataObject = { id: recording.id, status: 'ended' };
			if (node.parameters.operation === 'getTranscript') {
				const started = await runAction(accessKeyCredentials(sandbox), { resource: 'transcription', operation: 'start', recordingId: recording.id });
				input = { id: started.output(NODE_NAME)[0].json.id };
				sandbox.finishTranscribe(String(input.id));
			}
			const run = await runAction(accessKeyCredentials(sandbox), node.parameters, { items: [input] });
			expect([node.name, run.error(NODE_NAME)?.message]).toEqual([node.name, undefined]);
		}
	});
});
