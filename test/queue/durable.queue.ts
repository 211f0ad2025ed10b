/**
 * Scenario 3: the durable scheduler of n8n 2.40.7 (the default from 2.45) with New Recording and Attach Audio:
 * once in queue mode (main + two workers) and once in regular mode, side by side. n8n reads
 * N8N_POLLER_DURABLE_CURSORS_ENABLED only with N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED
 * and N8N_USE_WORKFLOW_PUBLICATION_SERVICE also on (it logs a warning and keeps the old path otherwise),
 * so all four are set.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { portsOf } from '../../scripts/lib/queue-cluster';
import { startSink } from '../../scripts/lib/sink';
import { sandboxOAuth2Credential, sinkNode, triggerWorkflow } from '../../scripts/lib/workflows';
import {
	BLOCKS,
	clusterWithPackage,
	executions,
	query,
	readBytes,
	report,
	servedAudio,
	sha256,
	sleep,
	startSandbox,
	waitFor,
	workerOfEachExecution,
} from './harness';
import { audioWriterNode, processSinkNode } from './workflows';

export const DURABLE_SCHEDULER = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
};

const modes: Array<['queue' | 'regular', number]> = [
	['queue', BLOCKS.durableQueue],
	['regular', BLOCKS.durableRegular],
];

it.concurrent.each(modes)(
	'n8n 2.40.7 with the durable scheduler, %s mode: New Recording with audio, 0 lost, 0 duplicated',
	async (mode, basePort) => {
		const name = `q_durable_${mode}`;
		const log = (message: string) => process.stdout.write(`[durable ${mode}] ${message}\n`);
		const sandbox = await startSandbox(basePort, { companyRecordings: 20 });
		const sink = await startSink({ port: portsOf(basePort).sink });
		const cluster = await clusterWithPackage('current', name, basePort, { queue: mode === 'queue', env: DURABLE_SCHEDULER });
		try {
			const credential = sandboxOAuth2Credential(sandbox);
			await cluster.main.importCredentials([credential]);
			await cluster.main.importWorkflows([
				triggerWorkflow({
					id: 'durableTrigger',
					credential,
					parameters: { event: 'newRecording', scope: 'company', options: { attachAudio: true } },
					then: [audioWriterNode(cluster.outputDir), processSinkNode(sinkNode, sink.url)],
				}),
			]);
			await cluster.main.activateWorkflow('durableTrigger');
			const lists = () => sandbox.apiRequests().filter((r) => r.path.endsWith('/company_call_recordings')).length;
			const received = () => new Set(sink.received.map((r) => r.id));
			const added: number[] = [];
			const addNow = (start = sandbox.clock.now() - 40_000) => {
				added.push(sandbox.addRecording({ start, duration: 30_000 }).id);
			};

			await cluster.start();
			log(`${cluster.processes.length} process(es) ready`);
			await waitFor('the first poll', () => lists() >= 1, 150_000);
			addNow();
			addNow();
			addNow();
			const sameSecond = sandbox.clock.now() - 50_000;
			addNow(sameSecond);
			addNow(sameSecond);
			const now = sandbox.clock.now();
			added.push(sandbox.addRecording({ start: now - 600_000, duration: 60_000, visibleAt: now + 75_000 }).id);
			await waitFor('every recording at the sink', () => added.every((id) => received().has(id)), 300_000);
			const listsSoFar = lists();
			await waitFor('one more poll', () => lists() > listsSoFar, 120_000);
			await sleep(10_000);
			await cluster.stop();

			const ids = sink.received.map((r) => r.id);
			const lost = added.filter((id) => !ids.includes(id));
			const duplicates = ids.length - new Set(ids).size;
			const triggered = (await executions(name)).filter((e) => e.mode === 'trigger');
			const ranBy = workerOfEachExecution(cluster);
			const files = readdirSync(cluster.outputDir);
			const wrongBytes = files.filter(
				(file) => sha256(readBytes(join(cluster.outputDir, file))) !== sha256(servedAudio(sandbox, Number(file.replace(/\.mp3$/, '')))),
			);
			const cursors = await query(name, 'SELECT * FROM poller_state').catch((error: Error) => [{ error: error.message }]);
			const durableOff = /durable poll cursors stay disabled/.test(cluster.main.fullLog ?? '');
			report(`scenario 3 (${mode})`, {
				added: added.length,
				received: ids.length,
				lost: lost.length,
				duplicates,
				executions: triggered.length,
				failed: triggered.filter((e) => e.status !== 'success').length,
				ranOnWorkers: [...triggered].filter((e) => ranBy.has(e.id)).length,
				files: files.length,
				bytesDiffer: wrongBytes.length,
				polls: lists(),
				durableCursorRows: cursors.length,
				durableCursorsDisabledWarning: durableOff,
			});
			expect(lost).toEqual([]);
			expect(duplicates).toBe(0);
			expect(wrongBytes).toEqual([]);
			expect(files.length).toBe(added.length);
			expect(triggered.filter((e) => e.status !== 'success')).toEqual([]);
			expect(durableOff).toBe(false);
			expect(cursors.length).toBeGreaterThan(0);
			if (mode === 'queue') expect(triggered.every((e) => ranBy.has(e.id))).toBe(true);
		} catch (error) {
			log(`logs:\n${cluster.logs()}`);
			throw error;
		} finally {
			await cluster.stop();
			await sink.close();
			await sandbox.stop();
		}
	},
	1_200_000,
);
