/**
 * The Kazoo package in real n8n (both lines): packed as npm would publish it, installed as the Community
 * Nodes installer does, against the Kazoo sandbox over HTTP. Every operation through `n8n execute`; the
 * polling trigger and the instant trigger under `n8n start`, across a restart, the instant one receiving
 * the webhooks the sandbox sends. Reuses the root's real-n8n runner (scripts/lib/n8n-instance.js) and
 * workflow builders; ports 6000–6099.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describeN8n } from '../../../../scripts/n8n-runtime';
import { N8nInstance } from '../../../../scripts/lib/n8n-instance';
import { startSink } from '../../../../scripts/lib/sink';
import { chainWorkflow, sinkNode } from '../../../../scripts/lib/workflows';
import { createSandbox, type KazooSandbox } from '../../sandbox/server';

type Line = 'current' | 'legacy';
const LINES = (process.env.E2E_N8N_LINES ?? 'current').split(',').map((line) => line.trim() as Line);
const PORTS: Record<Line, number> = { current: 6000, legacy: 6050 };
const ACTION = 'n8n-nodes-kazoo.kazooCallRecording';
const POLLING = 'n8n-nodes-kazoo.kazooCallRecordingTrigger';
const INSTANT = 'n8n-nodes-kazoo.kazooCallRecordingInstantTrigger';

let tarball: string | undefined;
function packedPackage(): string {
	if (tarball) return tarball;
	const dir = resolve(__dirname, '../..');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'ignore' });
	const out = mkdtempSync(join(tmpdir(), 'kazoo-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', out, '--silent'], { cwd: dir, stdio: 'ignore' });
	tarball = join(out, readdirSync(out).find((file) => file.endsWith('.tgz'))!);
	return tarball;
}

function credentialFor(sandbox: KazooSandbox) {
	return {
		id: 'kazooSandboxKey',
		name: 'Kazoo sandbox (API key)',
		type: 'kazooApiKeyApi',
		data: { baseUrl: sandbox.apiBaseUrl, accountId: sandbox.account.id, apiKey: sandbox.account.apiKey, requestsPerSecond: 0 },
	};
}

async function until(what: string, condition: () => boolean, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

async function executeOutput(n8n: N8nInstance, id: string, node: string) {
	const { run } = await n8n.execute(id);
	const task = run?.data?.resultData?.runData?.[node]?.[0];
	return { items: (task?.data?.main?.[0] ?? []) as Array<{ json: Record<string, any>; binary?: Record<string, any> }>, error: task?.error ?? run?.data?.resultData?.error };
}

it.concurrent.each(LINES)('n8n (%s line): every operation through n8n execute', async (line) => {
	const sandbox = await createSandbox({ now: Date.now(), recordings: 30, patchSupported: line === 'current' }).start();
	const n8n = new N8nInstance(describeN8n(line), { port: PORTS[line] });
	try {
		n8n.installPackage(packedPackage());
		const credential = credentialFor(sandbox);
		await n8n.importCredentials([credential]);
		const target = sandbox.visibleRecordings()[0];
		const op = (id: string, parameters: Record<string, unknown>) =>
			chainWorkflow({ id, nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }, { name: 'Kazoo', type: ACTION, parameters: { resource: 'recording', ...parameters }, credential }] });
		await n8n.importWorkflows([
			op('kzGetMany', { operation: 'getMany', scope: 'account', returnAll: false, limit: 5 }),
			op('kzGet', { operation: 'get', recordingId: target.id }),
			op('kzDownload', { operation: 'download', recordingId: target.id, binaryPropertyName: 'data' }),
			op('kzUpdate', { operation: 'updateMetadata', recordingId: target.id, userMetadata: '{"tags":{"important":1}}' }),
			op('kzDeleteMany', { operation: 'deleteMany', olderThanDays: 0.5, lookBackDays: 30 }),
			op('kzDelete', { operation: 'delete', recordingId: target.id }),
		]);
		const getMany = await executeOutput(n8n, 'kzGetMany', 'Kazoo');
		expect(getMany.error).toBeUndefined();
		expect(getMany.items).toHaveLength(5);
		const get = await executeOutput(n8n, 'kzGet', 'Kazoo');
		expect(get.items[0].json.id).toBe(target.id);
		const download = await executeOutput(n8n, 'kzDownload', 'Kazoo');
		expect(download.items[0].binary?.data?.fileName).toBe(target.attachment!.name);
		const stored = readFileSync(n8n.binaryFilePath(download.items[0].binary!.data));
		expect(stored.length).toBe(target.attachment!.size);
		const update = await executeOutput(n8n, 'kzUpdate', 'Kazoo');
		if (line === 'current') expect(update.items[0].json.userMetadata).toEqual({ tags: { important: 1 } });
		else expect(String(update.error?.message)).toContain('This Kazoo cluster does not allow changing recordings (HTTP 405');
		const deleteMany = await executeOutput(n8n, 'kzDeleteMany', 'Kazoo');
		expect(deleteMany.items.length).toBeGreaterThan(0);
		expect(deleteMany.items.every((item) => item.json.dryRun === true)).toBe(true);
		const del = await executeOutput(n8n, 'kzDelete', 'Kazoo');
		expect(del.items[0].json).toEqual({ id: target.id, deleted: true });
		expect(sandbox.visibleRecordings().some((r) => r.id === target.id)).toBe(false);
		// One sign-in per execution at most (each `n8n execute` starts with the stored token).
		expect(sandbox.authRequests().length).toBeLessThanOrEqual(6);
	} finally {
		await sandbox.stop();
	}
});

it.concurrent.each(LINES)(
	'n8n (%s line): polling and instant triggers under n8n start, across a restart: 0 lost, 0 duplicated',
	async (line) => {
		const sandbox = await createSandbox({ now: Date.now(), recordings: 10 }).start();
		const polled = await startSink();
		const instant = await startSink();
		const n8n = new N8nInstance(describeN8n(line), { port: PORTS[line] + 20 });
		const log = (message: string) => process.stdout.write(`[kazoo ${line}] ${message}\n`);
		try {
			n8n.installPackage(packedPackage());
			const credential = credentialFor(sandbox);
			await n8n.importCredentials([credential]);
			await n8n.importWorkflows([
				chainWorkflow({ id: 'kzPolling', nodes: [
					{ name: 'Kazoo Trigger', type: POLLING, parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newRecording', scope: 'account', options: {} }, credential },
					sinkNode(polled.url),
				] }),
				chainWorkflow({ id: 'kzInstant', nodes: [
					{ name: 'Kazoo Instant', type: INSTANT, parameters: { event: 'newRecording', scope: 'account', options: {} }, credential, extra: { webhookId: '5a0c0a7e-1700-4000-8000-00000000e2e1' } },
					sinkNode(instant.url),
				] }),
			]);
			await n8n.activateWorkflow('kzPolling');
			await n8n.activateWorkflow('kzInstant');
			await n8n.start();
			await until('the instant trigger to register its Kazoo webhook', () => sandbox.webhooks.size === 1, 90_000);
			const hook = [...sandbox.webhooks.values()][0];
			log(`webhook registered: ${hook.uri}`);
			await until('the activation poll', () => sandbox.apiRequests().filter((r) => r.path.endsWith('/recordings')).length >= 2, 90_000);
			const added: string[] = [];
			const add = (fields = {}) => added.push(sandbox.addRecording({ createdAt: sandbox.clock.now() - 1000, ...fields }).id);
			add();
			add();
			await until('the instant trigger to emit 2', () => instant.received.length >= 2, 60_000);
			await n8n.stop();
			log('n8n stopped; one recording arrives while it is down (its webhook is lost)');
			add();
			await sandbox.settleWebhooks();
			await n8n.start();
			add();
			await until('the instant trigger to catch up (3 and 4)', () => instant.received.length >= 4, 120_000);
			await until('the polling trigger to emit all 4', () => polled.received.length >= 4, 200_000);
			await new Promise((r) => setTimeout(r, 65_000)); // one more poll: nothing again
			const ids = (sink: { received: Array<{ id: unknown }> }) => sink.received.map((r) => String(r.id)).sort();
			expect(ids(instant)).toEqual([...added].sort());
			expect(ids(polled)).toEqual([...added].sort());
			log(`instant ${instant.received.length}, polled ${polled.received.length}, of ${added.length}`);
		} finally {
			await n8n.stop();
			await polled.close();
			await instant.close();
			await sandbox.stop();
		}
	},
);
