/**
 * `npm start`, as a user runs it: started twice on the same demo folder, each start fires the demo trigger
 * (a triggered execution carrying audio) within about a minute of n8n being ready; a signal to npm's own
 * process (SIGTERM the first time, SIGINT the second) stops every process of the demo and frees its ports.
 * Its own ports (DEMO_PORTS) keep it apart from the other end-to-end files, the benchmarks and the queue-mode
 * suite. The demo runs the current n8n line only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { LINES, sleep } from './harness';

const root = resolve(__dirname, '../..');
const DEMO_PORTS = { n8n: 6100, sandbox: 6199 } as const;
const PORTS = [DEMO_PORTS.n8n, DEMO_PORTS.n8n + 1, DEMO_PORTS.sandbox];
const OWNER = { email: 'demo@example.com', password: 'VbcDemo-2026' };
const TRIGGER_WORKFLOW = 'vbcDemoTrigger';
/** "Within about a minute": a one-minute poll, the execution itself, and a slow shared machine. */
const FIRES_WITHIN_MS = 100_000;

interface Demo {
	npm: ChildProcess;
	output: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startDemo(folder: string): Demo {
	const npm = spawn('npm', ['start'], {
		cwd: root,
		env: {
			...process.env,
			N8N_PORT: String(DEMO_PORTS.n8n),
			SANDBOX_PORT: String(DEMO_PORTS.sandbox),
			VBC_DEMO_FOLDER: folder,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	npm.stdout!.on('data', (chunk) => (output += chunk));
	npm.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => npm.on('exit', (code, signal) => r({ code, signal })));
	return { npm, output: () => output, exited };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, demo?: Demo): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await check();
		if (value !== undefined) return value;
		await sleep(1000);
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${demo ? `; demo output:\n${demo.output().slice(-3000)}` : ''}`);
}

/** Every process below `pid` (the demo's tree: npm, start.js, n8n and whatever n8n starts). */
function descendants(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			// gone meanwhile
		}
	}
	const found: number[] = [];
	const queue = [pid];
	while (queue.length) for (const child of children.get(queue.shift()!) ?? []) found.push(child), queue.push(child);
	return found;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
	} catch {
		return false;
	}
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolvePort) => {
		const probe = createServer();
		probe.once('error', () => resolvePort(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
	});
}

/** Signs in to n8n's REST API as the demo owner; returns the session cookie. */
async function signIn(url: string): Promise<string> {
	const response = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
	});
	if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
	return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

interface ExecutionSummary {
	id: string;
	mode: string;
	status: string;
	startedAt: string;
}

async function triggerExecutions(url: string, cookie: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: TRIGGER_WORKFLOW }));
	const response = await fetch(`${url}/rest/executions?filter=${filter}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`executions: ${response.status} ${await response.text()}`);
	const body = (await response.json()) as { data: { results: ExecutionSummary[] } };
	return body.data.results.filter((execution) => execution.mode === 'trigger');
}

async function executionData(url: string, cookie: string, id: string): Promise<string> {
	const response = await fetch(`${url}/rest/executions/${id}`, { headers: { cookie } });
	return JSON.stringify(await response.json());
}

/** Starts the demo, waits for its URL and for a successful triggered execution of this start; returns the timings. */
async function startAndWaitForTrigger(folder: string) {
	const startedAt = Date.now();
	const demo = startDemo(folder);
	const url = `http://localhost:${DEMO_PORTS.n8n}`;
	await waitFor('the demo to print its URL', () => (/n8n is ready:/.test(demo.output()) ? true : undefined), 300_000, demo);
	const readyAt = Date.now();
	const cookie = await signIn(url);
	const execution = await waitFor(
		'a triggered execution of the demo workflow',
		async () => (await triggerExecutions(url, cookie)).find((e) => Date.parse(e.startedAt) >= startedAt && e.status === 'success'),
		FIRES_WITHIN_MS,
		demo,
	);
	const firedAt = Date.now();
	const data = await executionData(url, cookie, execution.id);
	return { demo, url, data, toUrlSeconds: (readyAt - startedAt) / 1000, toTriggerSeconds: (firedAt - readyAt) / 1000 };
}

async function stopAndCheck(demo: Demo, signal: NodeJS.Signals) {
	const tree = descendants(demo.npm.pid!);
	expect(tree.length).toBeGreaterThanOrEqual(2); // start.js and n8n at least
	const signalledAt = Date.now();
	demo.npm.kill(signal);
	let timer: NodeJS.Timeout | undefined;
	const exit = await Promise.race([demo.exited, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), 60_000)))]);
	clearTimeout(timer);
	expect(exit).toBeDefined();
	// Give the last processes a moment to be reaped, then nothing of the tree may be left.
	const left = await waitFor('every process of the demo to exit', () => {
		const alive = [demo.npm.pid!, ...tree].filter(isAlive);
		return alive.length === 0 ? alive : undefined;
	}, 30_000).catch(() => [demo.npm.pid!, ...tree].filter(isAlive));
	expect(left).toEqual([]);
	for (const port of PORTS) expect(await portIsFree(port)).toBe(true);
	expect(demo.output()).toMatch(/stopped: n8n and the sandbox have exited; ports .* are free/);
	return { stopSeconds: (Date.now() - signalledAt) / 1000, processes: tree.length + 1 };
}

const describeCurrent = LINES.includes('current') ? describe : describe.skip;

describeCurrent('npm start (the demo), started twice on one demo folder', () => {
	const folder = mkdtempSync(join(tmpdir(), 'vbc-demo-'));
	const timings: string[] = [];
	let running: Demo | undefined;

	afterAll(async () => {
		if (running && running.npm.exitCode === null) running.npm.kill('SIGKILL');
		process.stdout.write(`[demo] ${timings.join('; ')}\n`);
		rmSync(folder, { recursive: true, force: true });
	});

	/** One start: fires with audio within about a minute of its URL; the signal to npm stops everything. */
	async function startFireAndStop(start: string, signal: NodeJS.Signals) {
		const run = await startAndWaitForTrigger(folder);
		running = run.demo;
		timings.push(`${start} start: URL after ${run.toUrlSeconds} s, triggered execution ${run.toTriggerSeconds} s later`);
		expect(run.data).toContain('audio/mpeg');
		const stopped = await stopAndCheck(run.demo, signal);
		timings.push(`${signal} to npm: ${stopped.processes} processes gone and ports free after ${stopped.stopSeconds} s`);
	}

	it('the first start fires the trigger within about a minute, with audio; SIGTERM to npm stops everything and frees the ports', async () => {
		await startFireAndStop('first', 'SIGTERM');
	});

	it('the second start fires again within about a minute; SIGINT to npm stops everything too', async () => {
		await startFireAndStop('second', 'SIGINT');
	});
});
