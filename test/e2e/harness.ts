/** Shared set-up for the end-to-end suite: a real n8n per version line, with the packed package installed. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { mp3Buffer } from '../../sandbox/mp3';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { describeN8n } from '../../scripts/n8n-runtime';
import { buildAndPack, N8nInstance } from '../../scripts/lib/n8n-instance';

export type Line = 'current' | 'legacy';

/** The n8n lines under test: E2E_N8N_LINES=current,legacy (scripts/e2e.js installs them first). */
export const LINES: Line[] = (process.env.E2E_N8N_LINES ?? 'current').split(',').map((l) => l.trim() as Line);

/**
 * Each line and each test file gets its own ports (n8n's port and its task broker's port + 1), so that the
 * files and lines can run at the same time: even `n8n execute` opens the task broker in n8n 2.x.
 */
export const PORTS: Record<Line, number> = { current: 5700, legacy: 5800 };
export const PORT_OFFSETS = { trigger: 0, editor: 20, actions: 40, examples: 60 } as const;

let tarball: string | undefined = process.env.E2E_TARBALL || undefined;

export function packageTarball(): string {
	tarball ??= buildAndPack({ quiet: true });
	return tarball;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await createSandbox({ now: Date.now(), ...options }).start();
}

/** A real n8n of one line, with a fresh user folder and this package installed in it. */
export function n8nWithPackage(line: Line, portOffset: number): N8nInstance {
	const instance = new N8nInstance(describeN8n(line), { port: PORTS[line] + portOffset });
	instance.installPackage(packageTarball());
	return instance;
}

export interface ExecutionResult {
	status: number;
	items: Array<{ json: Record<string, any>; binary?: Record<string, any>; pairedItem?: unknown }>;
	error?: { message: string; description?: string; [key: string]: unknown };
	/** Output of every node by name. */
	nodes: Record<string, Array<{ json: Record<string, any>; binary?: Record<string, any> }>>;
}

/** Runs an imported workflow with `n8n execute` and returns the last node's output (or its error). */
export async function execute(instance: N8nInstance, workflowId: string, lastNode: string): Promise<ExecutionResult> {
	const { status, run } = await instance.execute(workflowId);
	const runData = run?.data?.resultData?.runData ?? {};
	const nodes: ExecutionResult['nodes'] = {};
	for (const [name, tasks] of Object.entries<any>(runData)) nodes[name] = tasks[0]?.data?.main?.[0] ?? [];
	const task = runData[lastNode]?.[0];
	return { status: status ?? -1, items: task?.data?.main?.[0] ?? [], error: task?.error ?? run?.data?.resultData?.error, nodes };
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The bytes n8n wrote for a binary item (filesystem mode). */
export function storedBinary(instance: N8nInstance, binary: Record<string, unknown>): Buffer {
	return readFileSync(instance.binaryFilePath(binary));
}

/** The sandbox's own bytes for a URL of its API, fetched with a fresh token (not counted by the test). */
export async function sandboxBytes(sandbox: Sandbox, path: string): Promise<Buffer> {
	const { access_token } = sandbox.issueTokens();
	const response = await fetch(`${sandbox.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${access_token}` } });
	if (!response.ok) throw new Error(`sandbox ${path}: ${response.status}`);
	return Buffer.from(await response.arrayBuffer());
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A second host on loopback serving audio, as a CDN would; it records the headers it was sent. */
export async function startCdn(): Promise<{ origin: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
	const seen: IncomingHttpHeaders[] = [];
	const server = createServer((req, res) => {
		seen.push(req.headers);
		const size = Number(new URL(req.url ?? '/', 'http://cdn').searchParams.get('size') ?? 10);
		res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': size });
		res.end(mp3Buffer(size, 'cdn'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { origin, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
