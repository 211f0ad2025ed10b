/**
 * Scenario 6: large audio. A 100 MiB recording downloads on a worker into database binary mode, next to the
 * same download in one regular-mode process with filesystem binary data (RSS growth of the process that ran
 * it, sampled from /proc). Then a recording larger than n8n's database file-size limit, which this cluster
 * sets to 150 MiB (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE, in MiB; 512 by default, 1024 at most), must fail
 * with a message that names the limit and that setting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { mp3Buffer } from '../../sandbox/mp3';
import type { Sandbox } from '../../sandbox/server';
import type { QueueCluster } from '../../scripts/lib/queue-cluster';
import { portsOf } from '../../scripts/lib/queue-cluster';
import { startSink } from '../../scripts/lib/sink';
import { chainWorkflow, sandboxOAuth2Credential, sinkNode } from '../../scripts/lib/workflows';
import { BLOCKS, clusterWithPackage, executions, query, report, sha256, startSandbox, waitFor, workerOfEachExecution } from './harness';
import { audioWriterNode, callWebhook, processSinkNode, webhookNode } from './workflows';

const MiB = 1024 * 1024;
const LIMIT_MIB = 150;

function rssBytes(pid: number | undefined): number {
	if (!pid) return 0;
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

/** Runs one download through the webhook; returns the peak RSS growth of each process while it ran. */
async function downloadOnce(cluster: QueueCluster, recordingId: number, expectedExecutions: number) {
	const processes = cluster.queue ? cluster.workers : [cluster.main];
	const baseline = processes.map((p) => rssBytes(p.pid));
	const peak = [...baseline];
	const sampler = setInterval(() => processes.forEach((p, i) => (peak[i] = Math.max(peak[i], rssBytes(p.pid)))), 200);
	const startedAt = Date.now();
	try {
		await callWebhook(cluster.main.url, 'vbc-large', 1, { recordingId });
		await waitFor(
			'the download execution',
			async () => {
				const records = (await executions(cluster.name)).filter((e) => e.mode === 'webhook');
				return records.length >= expectedExecutions && records.every((e) => !['new', 'running'].includes(e.status));
			},
			600_000,
		);
	} finally {
		clearInterval(sampler);
	}
	const growth = Object.fromEntries(processes.map((p, i) => [p.name, Math.round((peak[i] - baseline[i]) / MiB)]));
	return { seconds: (Date.now() - startedAt) / 1000, growthMiB: growth, maxGrowthMiB: Math.max(...(Object.values(growth) as number[])) };
}

async function prepare(cluster: QueueCluster, sandbox: Sandbox, sinkUrl: string) {
	const credential = sandboxOAuth2Credential(sandbox);
	await cluster.main.importCredentials([credential]);
	await cluster.main.importWorkflows([
		chainWorkflow({
			id: 'queueLarge',
			nodes: [
				webhookNode('vbc-large'),
				{
					name: 'Download',
					parameters: { resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.body.recordingId }}', binaryPropertyName: 'data' },
					credential,
				},
				audioWriterNode(cluster.outputDir, 'data', "$('Webhook').item.json.body.recordingId"),
				processSinkNode(sinkNode, sinkUrl, "$('Webhook').item.json.body.recordingId"),
			],
		}),
	]);
	await cluster.main.activateWorkflow('queueLarge');
	await cluster.start();
}

it('n8n 2.40.7: a 100 MiB recording on a worker in database mode vs one process in filesystem mode; one over the database limit', async () => {
	const queueSandbox = await startSandbox(BLOCKS.largeQueue, { companyRecordings: 0 });
	const singleSandbox = await startSandbox(BLOCKS.largeSingle, { companyRecordings: 0 });
	const queueSink = await startSink({ port: portsOf(BLOCKS.largeQueue).sink });
	const singleSink = await startSink({ port: portsOf(BLOCKS.largeSingle).sink });
	const queue = await clusterWithPackage('current', 'q_large_queue', BLOCKS.largeQueue, {
		env: { N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(LIMIT_MIB) },
	});
	const single = await clusterWithPackage('current', 'q_large_single', BLOCKS.largeSingle, { queue: false });
	try {
		const size = 100 * MiB;
		const big = (sandbox: Sandbox, bytes: number) => sandbox.addRecording({ duration: 3_600_000, file_size_in_bytes: bytes }).id;
		await prepare(queue, queueSandbox, queueSink.url);
		const queueId = big(queueSandbox, size);
		const onWorker = await downloadOnce(queue, queueId, 1);
		await prepare(single, singleSandbox, singleSink.url);
		const singleId = big(singleSandbox, size);
		const inOneProcess = await downloadOnce(single, singleId, 1);
		await single.stop();
		const expected = (sandbox: Sandbox, id: number) => {
			const r = sandbox.recordings.get(id)!;
			return sha256(mp3Buffer(r.file_size_in_bytes, r.file_name));
		};
		const queueBytesOk = sha256(readFileSync(join(queue.outputDir, `${queueId}.mp3`))) === expected(queueSandbox, queueId);
		const singleBytesOk = sha256(readFileSync(join(single.outputDir, `${singleId}.mp3`))) === expected(singleSandbox, singleId);
		const ranBy = workerOfEachExecution(queue);

		// Over the limit: 160 MiB against 150 MiB.
		const tooBig = big(queueSandbox, (LIMIT_MIB + 10) * MiB);
		await downloadOnce(queue, tooBig, 2);
		const records = (await executions(queue.name)).filter((e) => e.mode === 'webhook');
		const failed = records.filter((e) => e.status !== 'success');
		const data = failed.length
			? String((await query(queue.name, 'SELECT data FROM execution_data WHERE "executionId" = $1', [Number(failed[0].id)]))[0]?.data ?? '')
			: '';
		// The execution's error, as the editor shows it (n8n stores run data as flatted JSON).
		const at = data.search(/exceeds the max size limit/);
		const message = at >= 0 ? data.slice(Math.max(0, data.lastIndexOf('"', at - 1) - 120), at + 200) : data.slice(0, 600);
		report('scenario 6', {
			sizeMiB: 100,
			workerGrowthMiB: onWorker.growthMiB,
			workerSeconds: onWorker.seconds.toFixed(1),
			singleProcessFilesystemGrowthMiB: inOneProcess.growthMiB,
			singleProcessSeconds: inOneProcess.seconds.toFixed(1),
			bytesEqual: queueBytesOk && singleBytesOk,
			ranOnWorker: ranBy.size,
			overLimitStatus: failed.map((e) => e.status),
			overLimitMessage: message,
		});
		expect(queueBytesOk).toBe(true);
		expect(singleBytesOk).toBe(true);
		expect(ranBy.size).toBe(2);
		expect(failed).toHaveLength(1);
		expect(message).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
		expect(message).toContain(`${LIMIT_MIB} MB`);
	} catch (error) {
		process.stdout.write(`[large] logs:\n${queue.logs()}\n${single.logs()}\n`);
		throw error;
	} finally {
		await Promise.all([queue.stop(), single.stop()]);
		await Promise.all([queueSink.close(), singleSink.close(), queueSandbox.stop(), singleSandbox.stop()]);
	}
}, 1_200_000);
