/**
 * The trigger in a real n8n: the workflow is activated and polled by `n8n start` (one-minute polls, n8n's
 * minimum), each emitted recording is posted to a sink, and n8n is stopped and started again in the middle.
 * Recordings arrive while it runs, while it is down, and late (visible only minutes after their call).
 * Both n8n lines run at the same time, on their own ports and sandboxes.
 */
import { startSink } from '../../scripts/lib/sink';
import { sandboxOAuth2Credential, sinkNode, triggerWorkflow } from '../../scripts/lib/workflows';
import { LINES, n8nWithPackage, PORT_OFFSETS, sleep, startSandbox } from './harness';

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(500);
	}
}

it.concurrent.each(LINES)(
	'n8n (%s line): New Recording under n8n start, across a restart: 0 lost, 0 duplicated',
	async (line) => {
		const sandbox = await startSandbox({ companyRecordings: 20 });
		const sink = await startSink();
		const n8n = n8nWithPackage(line, PORT_OFFSETS.trigger);
		const log = (message: string) => process.stdout.write(`[trigger ${line}] ${message}\n`);
		try {
			const credential = sandboxOAuth2Credential(sandbox);
			await n8n.importCredentials([credential]);
			await n8n.importWorkflows([
				triggerWorkflow({
					id: 'e2eTrigger',
					credential,
					parameters: { event: 'newRecording', scope: 'company', options: {} },
					then: [sinkNode(sink.url)],
				}),
			]);
			await n8n.activateWorkflow('e2eTrigger');

			const added: number[] = [];
			const addNow = () => {
				const now = sandbox.clock.now();
				added.push(sandbox.addRecording({ start: now - 40_000, duration: 30_000 }).id);
			};
			const received = () => new Set(sink.received.map((r) => r.id));
			const lists = () => sandbox.apiRequests().filter((r) => r.path.endsWith('/company_call_recordings')).length;

			let started = Date.now();
			await n8n.start();
			log(`n8n started in ${Date.now() - started} ms`);
			// Activation polls once at once: it only records where "new" begins (no catch-up).
			await waitFor('the activation poll', () => lists() >= 1, 60_000);
			expect(sink.received).toHaveLength(0);

			addNow();
			addNow();
			addNow();
			// A late one: its call ended ten minutes ago, but it shows up in the list only in 75 s.
			const now = sandbox.clock.now();
			const late = sandbox.addRecording({ start: now - 600_000, duration: 60_000, visibleAt: now + 75_000 });
			added.push(late.id);

			await waitFor('the first three at the sink', () => added.slice(0, 3).every((id) => received().has(id)), 150_000);
			log(`first three received after ${lists()} list requests`);

			started = Date.now();
			await n8n.stop();
			log(`n8n stopped in ${Date.now() - started} ms`);
			addNow();
			addNow();
			started = Date.now();
			await n8n.start();
			log(`n8n restarted in ${Date.now() - started} ms`);

			await waitFor('every recording at the sink', () => added.every((id) => received().has(id)), 200_000);
			// One more poll after everything arrived: it must not send anything again.
			const listsSoFar = lists();
			await waitFor('one more poll', () => lists() > listsSoFar, 90_000);
			await sleep(5_000);
			await n8n.stop();

			const ids = sink.received.map((r) => r.id);
			const lost = added.filter((id) => !ids.includes(id));
			const duplicated = ids.length - new Set(ids).size;
			const unexpected = ids.filter((id) => !added.includes(id));
			const executions = new Set(sink.received.map((r) => r.execution)).size;
			log(`added ${added.length} (1 late), received ${ids.length} in ${executions} executions over ${lists()} polls: lost ${lost.length}, duplicated ${duplicated}`);
			expect(lost).toEqual([]);
			expect(duplicated).toBe(0);
			expect(unexpected).toEqual([]);
			// Each poll was one list request (a page holds up to 100).
			expect(sandbox.apiRequests().every((r) => r.path.endsWith('/company_call_recordings'))).toBe(true);
		} catch (error) {
			process.stdout.write(`[trigger ${line}] n8n log tail:\n${n8n.serverLog.slice(-3000)}\n`);
			throw error;
		} finally {
			await n8n.stop();
			await sink.close();
			await sandbox.stop();
		}
	},
	900_000,
);
