/**
 * Every workflow in examples/ imported into real n8n, as a user would import it. The nodes of this package
 * run against the sandbox; the third-party nodes (Slack, Google Drive, S3, HubSpot) stay in the workflow
 * but are disabled, so they pass their input through. Scheduled examples run through `n8n execute`
 * (their Schedule Trigger becomes a Manual Trigger of the same name); examples that start with this
 * package's trigger are activated under `n8n start` and polled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { PACKAGE_NAME } from '../../scripts/lib/n8n-instance';
import { sandboxOAuth2Credential } from '../../scripts/lib/workflows';
import { execute, LINES, n8nWithPackage, PORT_OFFSETS, sleep, startSandbox } from './harness';

const examplesDir = resolve(__dirname, '../../examples');
const DAY = 86_400_000;

interface ExampleNode {
	name: string;
	type: string;
	disabled?: boolean;
	credentials?: Record<string, { id: string; name: string }>;
	parameters: Record<string, unknown>;
	[key: string]: unknown;
}
interface Example {
	id?: string;
	name: string;
	nodes: ExampleNode[];
	[key: string]: unknown;
}

const examples = readdirSync(examplesDir)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file, index) => ({ file, id: `example${index + 1}`, workflow: JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Example }));

const ours = (node: ExampleNode) => node.type.startsWith(`${PACKAGE_NAME}.`);
const startsWithOurTrigger = (example: Example) => example.nodes.some((n) => n.type === `${PACKAGE_NAME}.vonageBusinessCallRecordingTrigger`);

/** The example as the test runs it: its credential pointed at the sandbox, third-party nodes disabled. */
function forTestRun(example: Example, id: string, credential: { id: string; name: string; type: string }): Example {
	const nodes = example.nodes.map((node) => {
		if (ours(node)) return { ...node, credentials: { [credential.type]: { id: credential.id, name: credential.name } } };
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			return { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
		}
		if (node.type === 'n8n-nodes-base.manualTrigger') return node;
		return { ...node, disabled: true };
	});
	return { ...example, id, active: false, nodes };
}

it('every example is valid workflow JSON that uses this package and says what it does', () => {
	expect(examples.length).toBeGreaterThanOrEqual(6);
	for (const { file, workflow } of examples) {
		expect({ file, hasName: typeof workflow.name === 'string' && workflow.name.length > 0 }).toEqual({ file, hasName: true });
		expect({ file, usesPackage: workflow.nodes.some(ours) }).toEqual({ file, usesPackage: true });
	}
});

describe.each(LINES)('examples/ in real n8n (%s line)', (line) => {
	it(
		'imports every example; runs the scheduled ones by execute and the triggered ones under n8n start',
		async () => {
			const sandbox = await startSandbox({ companyRecordings: 30, jobDurationMs: 2_000 });
			const n8n = n8nWithPackage(line, PORT_OFFSETS.examples);
			const log = (message: string) => process.stdout.write(`[examples ${line}] ${message}\n`);
			try {
				const credential = sandboxOAuth2Credential(sandbox);
				await n8n.importCredentials([credential]);
				const prepared = examples.map(({ file, id, workflow }) => ({ file, id, workflow: forTestRun(workflow, id, credential) }));
				await n8n.importWorkflows(prepared.map((p) => p.workflow));
				// Old recordings for the retention example (it deletes those older than 90 days, as a dry run).
				const old = [100, 120, 200].map((days) => sandbox.addRecording({ start: sandbox.clock.now() - days * DAY, duration: 60_000 }).id);

				for (const { file, id, workflow } of prepared.filter((p) => !startsWithOurTrigger(p.workflow))) {
					sandbox.resetLog();
					const last = workflow.nodes.filter(ours).at(-1)!.name;
					const result = await execute(n8n, id, workflow.nodes.at(-1)!.name);
					const output = result.nodes[last] ?? [];
					log(`${file}: ${output.length} item(s) from "${last}", ${sandbox.apiRequests().length} request(s)`);
					expect({ file, error: result.error?.message }).toEqual({ file, error: undefined });
					expect({ file, items: output.length > 0 }).toEqual({ file, items: true });
					if (file.includes('retention')) {
						expect(output.map((i) => i.json.id).sort()).toEqual([...old].sort());
						expect(output.every((i) => i.json.dryRun === true && i.json.deleted === false)).toBe(true);
						expect(sandbox.apiRequests().filter((r) => r.method === 'DELETE')).toHaveLength(0);
					} else {
						// Downloads and export archives: real files in n8n's binary store.
						expect(output.every((i) => Object.keys(i.binary ?? {}).length > 0)).toBe(true);
					}
				}

				const triggered = prepared.filter((p) => startsWithOurTrigger(p.workflow));
				for (const { id } of triggered) await n8n.activateWorkflow(id);
				await n8n.start();
				try {
					const lists = () => sandbox.apiRequests().filter((r) => /company_call_recordings(\/transcriptions)?$/.test(r.path)).length;
					const deadline = Date.now() + 90_000;
					while (lists() < triggered.length && Date.now() < deadline) await sleep(500);
					expect(lists()).toBeGreaterThanOrEqual(triggered.length);
					// A call that just ended, its transcript ready at once: every triggered example has work.
					const now = sandbox.clock.now();
					const fresh = sandbox.addRecording({ start: now - 40_000, duration: 30_000 });
					if (fresh.transcription.status === 'failed') fresh.transcription.status = 'ready';
					const audio = () => sandbox.apiRequests().filter((r) => r.path.endsWith(`/api/audio/recording/${fresh.id}`)).length;
					const transcript = () => sandbox.apiRequests().filter((r) => r.path.endsWith(`/api/transcription/${fresh.id}`)).length;
					const audioWanted = triggered.filter((p) => p.workflow.nodes.some((n) => (n.parameters.options as { attachAudio?: boolean })?.attachAudio)).length;
					const transcriptWanted = triggered.filter((p) => p.workflow.nodes.some((n) => n.parameters.operation === 'getTranscript')).length;
					const until = Date.now() + 150_000;
					while ((audio() < audioWanted || transcript() < transcriptWanted) && Date.now() < until) await sleep(1000);
					log(`triggered examples: audio of the new recording fetched ${audio()} time(s), its transcript ${transcript()} time(s)`);
					expect(audio()).toBe(audioWanted);
					expect(transcript()).toBe(transcriptWanted);
				} finally {
					await n8n.stop();
				}
			} finally {
				await sandbox.stop();
			}
		},
		600_000,
	);
});
