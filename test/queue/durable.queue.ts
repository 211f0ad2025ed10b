/**
 * Scenario 3: the durable scheduler of n8n 2.40.7 (the default from 2.45) with New Recording and Attach Audio:
 * once in queue mode (main + two workers) and once in regular mode, side by side. n8n reads
 * N8N_POLLER_DURABLE_CURSORS_ENABLED only with N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED
 * and N8N_USE_WORKFLOW_PUBLICATION_SERVICE also on (it logs a warning and keeps the old path otherwise),
 * so all four are set.
 */
import { portsOf } from '../../scripts/lib/queue-cluster';
import { startSink } from '../../scripts/lib/sink';
import { BLOCKS, clusterWithPackage, executions, query, report, runScenario, sleep, startSandbox, waitFor, workerOfEachExecution } from './harness';
import { activateAudioTrigger, deliveryFigures, recordingFeed } from './triggerScenario';

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
		await runScenario({ cluster, log, closers: [() => sink.close(), () => sandbox.stop()] }, async () => {
			await activateAudioTrigger(cluster, sandbox, sink, 'durableTrigger');
			const feed = recordingFeed(sandbox, sink);
			await cluster.start();
			log(`${cluster.processes.length} process(es) ready`);
			await waitFor('the first poll', () => feed.lists() >= 1, 150_000);
			feed.addBatch();
			await waitFor('every recording at the sink', () => feed.added.every((id) => feed.received().has(id)), 420_000);
			const listsSoFar = feed.lists();
			await waitFor('one more poll', () => feed.lists() > listsSoFar, 120_000);
			await sleep(10_000);
			await cluster.stop();

			const figures = deliveryFigures(sandbox, sink, feed.added, cluster.outputDir);
			const triggered = (await executions(name)).filter((e) => e.mode === 'trigger');
			const ranBy = workerOfEachExecution(cluster);
			const cursors = await query(name, 'SELECT * FROM poller_state').catch((error: Error) => [{ error: error.message }]);
			const durableOff = /durable poll cursors stay disabled/.test(cluster.main.fullLog ?? '');
			report(`scenario 3 (${mode})`, {
				added: feed.added.length,
				received: figures.ids.length,
				lost: figures.lost.length,
				duplicates: figures.duplicates,
				executions: triggered.length,
				failed: triggered.filter((e) => e.status !== 'success').length,
				ranOnWorkers: triggered.filter((e) => ranBy.has(e.id)).length,
				files: figures.files.length,
				bytesDiffer: figures.wrongBytes.length,
				polls: feed.lists(),
				durableCursorRows: cursors.length,
				durableCursorsDisabledWarning: durableOff,
				// n8n abandons a poll that runs past N8N_SCHEDULER_POLL_TIMEOUT (45 s) and repeats it later.
				abandonedPolls: (cluster.main.fullLog ?? '').split('Poll exceeded its timeout').length - 1,
			});
			expect(figures.lost).toEqual([]);
			expect(figures.duplicates).toBe(0);
			expect(figures.wrongBytes).toEqual([]);
			expect(figures.files.length).toBe(feed.added.length);
			expect(triggered.filter((e) => e.status !== 'success')).toEqual([]);
			expect(durableOff).toBe(false);
			expect(cursors.length).toBeGreaterThan(0);
			if (mode === 'queue') expect(triggered.every((e) => ranBy.has(e.id))).toBe(true);
		});
	},
	1_200_000,
);
