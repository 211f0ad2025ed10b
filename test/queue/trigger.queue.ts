/**
 * Scenarios 1 and 2: New Recording with Attach Audio in queue mode. Main polls (one-minute polls, n8n's
 * minimum), stores the audio in the database, and queues the execution; a worker writes each file with
 * n8n's Read/Write Files node and posts the recording to a sink. Then main is stopped between polls while
 * recordings arrive, and a worker is killed while it runs an execution.
 */
import { portsOf } from '../../scripts/lib/queue-cluster';
import { startSink } from '../../scripts/lib/sink';
import {
	BLOCKS,
	clusterWithPackage,
	executions,
	LINES,
	query,
	report,
	runScenario,
	sleep,
	startSandbox,
	waitFor,
	workerOfEachExecution,
	type Line,
} from './harness';
import { activateAudioTrigger, deliveryFigures, recordingFeed } from './triggerScenario';

// A killed worker's job is noticed after the lock expires and the next stalled-job check: shortened here.
const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
};

const lines: Array<[Line, number]> = LINES.map((line) => [line, line === 'current' ? BLOCKS.trigger : BLOCKS.triggerLegacy]);

it.concurrent.each(lines)(
	'n8n %s in queue mode: New Recording with audio through two workers, across a main restart and a killed worker: 0 lost',
	async (line, basePort) => {
		const name = `q_trigger_${line}`;
		const log = (message: string) => process.stdout.write(`[trigger ${line}] ${message}\n`);
		const sandbox = await startSandbox(basePort, { companyRecordings: 20 });
		let holdFor: number | undefined;
		let killed: { worker: string; at: number } | undefined;
		const cluster = await clusterWithPackage(line, name, basePort, { env: FAST_STALL_DETECTION });
		const sink = await startSink({
			port: portsOf(basePort).sink,
			hold: async (body: { id: number; process: string }) => {
				if (body.id !== holdFor || killed) return;
				// The worker is inside the execution (its last node is waiting for this answer): kill it.
				const worker = cluster.workers.find((w) => w.env.VBC_PROCESS === body.process);
				killed = { worker: body.process, at: Date.now() };
				log(`killing ${body.process} (pid ${worker?.pid}) while it runs the execution of recording ${body.id}`);
				await worker?.kill();
			},
		});
		await runScenario({ cluster, log, closers: [() => sink.close(), () => sandbox.stop()] }, async () => {
			await activateAudioTrigger(cluster, sandbox, sink, 'queueTrigger');
			const feed = recordingFeed(sandbox, sink);
			const { added, addNow, received, lists } = feed;

			let started = Date.now();
			await cluster.start();
			log(`main and 2 workers ready in ${Date.now() - started} ms`);
			await waitFor('the activation poll', () => lists() >= 1, 90_000);

			// Scenario 1: three now, two in the same second, and a late one (visible only in 75 s).
			feed.addBatch();
			await waitFor('the first five at the sink', () => added.slice(0, 5).every((id) => received().has(id)), 180_000);
			log(`first five received after ${lists()} polls`);

			// Scenario 2, first part: main is down between polls while two recordings arrive.
			started = Date.now();
			await cluster.main.stop();
			addNow();
			addNow();
			await sleep(5_000);
			await cluster.main.start();
			log(`main stopped and started again in ${Date.now() - started} ms`);
			await waitFor('every recording so far at the sink', () => added.every((id) => received().has(id)), 240_000);

			// Scenario 2, second part: a worker dies while it runs an execution.
			holdFor = addNow();
			await waitFor('the held recording at the sink', () => killed !== undefined, 150_000);
			const heldExecution = String(sink.received.find((r) => r.id === holdFor)?.execution);
			// What n8n does with the dead worker's job: watch its execution record.
			let heldStatus = 'running';
			await waitFor(
				'n8n to settle the killed execution',
				async () => {
					const record = (await executions(name)).find((e) => e.id === heldExecution);
					heldStatus = record?.status ?? 'missing';
					return !['running', 'new'].includes(heldStatus);
				},
				180_000,
			).catch((error) => log(`${error.message}; its status is still "${heldStatus}"`));
			const settledAfterMs = Date.now() - (killed?.at ?? Date.now());
			// What the editor shows for it: the error n8n stored with the execution.
			const heldData = String(
				(await query(name, 'SELECT data FROM execution_data WHERE "executionId" = $1', [Number(heldExecution)]))[0]?.data ?? '',
			);
			const heldMessage = /"([^"]*(?:stalled|crash|lost|worker)[^"]*)"/i.exec(heldData)?.[1] ?? '';
			// One more poll with the remaining worker: nothing may come again.
			const listsSoFar = lists();
			await waitFor('one more poll', () => lists() > listsSoFar, 90_000);
			await sleep(10_000);
			await cluster.stop();

			// Figures.
			const { ids, lost, duplicates, files, wrongBytes, processes } = deliveryFigures(sandbox, sink, added, cluster.outputDir);
			const records = await executions(name);
			const triggered = records.filter((e) => e.mode === 'trigger');
			const ranBy = workerOfEachExecution(cluster);
			const notOnWorker = triggered.filter((e) => !ranBy.has(e.id));
			const mainRanOne = /Worker started execution/.test(cluster.main.fullLog ?? '');
			const failed = triggered.filter((e) => e.id !== heldExecution && e.status !== 'success');
			report(`scenario 1+2 (${line})`, {
				added: added.length,
				received: ids.length,
				lost: lost.length,
				duplicates,
				executions: triggered.length,
				ranOnWorkers: triggered.length - notOnWorker.length,
				byWorker: Object.fromEntries(cluster.workers.map((w) => [w.name, [...ranBy.values()].filter((v) => v === w.name).length])),
				sinkSawProcesses: processes,
				files: files.length,
				bytesDiffer: wrongBytes.length,
				polls: lists(),
				killedWorker: killed?.worker,
				killedExecutionStatus: heldStatus,
				killedExecutionMessage: heldMessage,
				settledAfterS: Math.round(settledAfterMs / 1000),
				otherFailedExecutions: failed.length,
			});
			expect(lost).toEqual([]);
			expect(duplicates).toBe(0);
			expect(notOnWorker.map((e) => e.id)).toEqual([]);
			expect(mainRanOne).toBe(false);
			expect(processes.every((p) => p.startsWith('worker-'))).toBe(true);
			expect(files.length).toBe(added.length);
			expect(wrongBytes).toEqual([]);
			expect(failed.map((e) => `${e.id}:${e.status}`)).toEqual([]);
		});
	},
	1_200_000,
);
