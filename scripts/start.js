#!/usr/bin/env node
'use strict';
// `npm start`: a working demo with no Vonage account. Builds the package, starts the VBC sandbox, obtains a
// pinned real n8n (cached after the first run), installs the package into n8n's user folder as the Community
// Nodes installer does, imports a connected demo credential and demo workflows, and starts n8n on
// http://localhost:5678 with an owner account. The sandbox adds a recording as soon as the demo trigger is
// watching, then one about every minute.
// Stopping: Ctrl-C, SIGINT/SIGTERM/SIGHUP to npm or to this process, n8n stopping, or this process's parent
// going away (an IDE or a process manager that was killed) all stop n8n and the sandbox.
// Environment: N8N_PORT (5678; n8n's task broker takes the next port), SANDBOX_PORT (8899),
// SANDBOX_NEW_RECORDING_EVERY_MS (60000), VBC_DEMO_FOLDER (n8n's user folder; default .demo/ in the repo,
// ignored by git), VBC_N8N_CACHE (where n8n is cached).
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { join, resolve } = require('node:path');

const { ensureN8n, abortInstalls } = require('./n8n-runtime');
const { N8nInstance, buildAndPack } = require('./lib/n8n-instance');
const { sandboxOAuth2Credential } = require('./lib/workflows');
const { demoWorkflows, DEMO_QUOTA, VBC_DEFAULT_QUOTA } = require('./lib/demo-workflows');
const { createSandbox } = require('../sandbox/server');

const root = resolve(__dirname, '..');
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'VbcDemo-2026' };

function say(message) {
	process.stdout.write(`[start] ${message}\n`);
}

const n8nPort = Number(process.env.N8N_PORT ?? 5678);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8899);
const every = Number(process.env.SANDBOX_NEW_RECORDING_EVERY_MS ?? 60_000);
const userFolder = resolve(process.env.VBC_DEMO_FOLDER ?? join(root, '.demo'));
const ports = [n8nPort, n8nPort + 1, sandboxPort];

/** What is running, for stop(). */
const running = { sandbox: null, n8n: null, n8nProcess: null, timers: [] };
let stopping = false;

/**
 * Stops everything this process started and says so. A second signal while stopping ends n8n at once.
 * @param {string} why
 */
async function stop(why, code = 0) {
	if (stopping) {
		running.n8nProcess?.kill('SIGKILL');
		return;
	}
	stopping = true;
	say(`stopping (${why}): n8n and the sandbox`);
	for (const timer of running.timers) clearInterval(timer);
	abortInstalls();
	await running.n8n?.stop();
	await running.sandbox?.stop();
	const busy = [];
	for (const port of ports) if (!(await portIsFree(port))) busy.push(port);
	say(
		busy.length === 0
			? `stopped: n8n and the sandbox have exited; ports ${ports.join(', ')} are free`
			: `stopped, but ports ${busy.join(', ')} are still in use (by another program?)`,
	);
	process.exit(code);
}

function portIsFree(port) {
	return new Promise((resolvePort) => {
		const probe = createServer();
		probe.once('error', () => resolvePort(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
	});
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));

// When the parent (npm, an IDE, a process manager) goes away without a signal reaching this process, the
// process is handed to another parent: stop then too.
const parentAtStart = process.ppid;
running.timers.push(
	setInterval(() => {
		if (process.ppid !== parentAtStart) void stop('its parent process went away');
	}, 1000).unref(),
);

/**
 * The sandbox numbers recordings on from where the last demo run stopped, as VBC never reuses an ID: the
 * demo trigger's saved state (in n8n's database in the demo folder) remembers the IDs it has seen.
 */
function recordingIds(folder) {
	const file = join(folder, 'sandbox-recording-ids.json');
	const saved = existsSync(file) ? Number(JSON.parse(readFileSync(file, 'utf8')).next) : NaN;
	return {
		first: Number.isSafeInteger(saved) ? saved : undefined,
		save: (next) => writeFileSync(file, JSON.stringify({ next })),
	};
}

/** Resolves once the trigger has listed recordings (its first poll sets what it has already seen). */
async function firstTriggerPoll(sandbox, since, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline && !stopping) {
		if (sandbox.apiRequests().some((entry) => entry.at >= since && entry.method === 'GET' && entry.path.endsWith('/company_call_recordings'))) return true;
		await new Promise((r) => setTimeout(r, 250));
	}
	return false;
}

async function main() {
	say('1/5 building and packing the package');
	const tarball = buildAndPack({ quiet: true });

	mkdirSync(userFolder, { recursive: true });
	const ids = recordingIds(userFolder);
	say(`2/5 starting the VBC sandbox on port ${sandboxPort}`);
	const sandbox = await createSandbox({ port: sandboxPort, now: Date.now(), ...(ids.first ? { firstRecordingId: ids.first } : {}) }).start();
	running.sandbox = sandbox;
	ids.save(sandbox.nextRecordingId());

	say('3/5 obtaining n8n (the first run installs it into the cache: about 6 minutes; later runs use the cache)');
	const runtime = await ensureN8n('current');
	const n8n = new N8nInstance(runtime, { userFolder, port: n8nPort, env: { N8N_LOG_LEVEL: 'warn' } });
	running.n8n = n8n;
	n8n.installPackage(tarball);

	say('4/5 importing the demo credentials (connected to the sandbox) and the demo workflows');
	const credential = sandboxOAuth2Credential(sandbox, { id: 'vbcDemoCredential', name: 'VBC sandbox (demo)', requestsPerMinute: DEMO_QUOTA });
	const quotaCredential = sandboxOAuth2Credential(sandbox, {
		id: 'vbcDemoQuotaCredential',
		name: `VBC sandbox (VBC's default quota: ${VBC_DEFAULT_QUOTA} requests a minute)`,
		requestsPerMinute: VBC_DEFAULT_QUOTA,
	});
	await n8n.importCredentials([credential, quotaCredential]);
	const workflows = demoWorkflows({ credential, quotaCredential });
	await n8n.importWorkflows(workflows);
	await n8n.activateWorkflow(workflows[0].id);

	say(`5/5 starting n8n ${runtime.version} on ${n8n.url}`);
	const startedAt = Date.now();
	await n8n.start();
	running.n8nProcess = n8n.server;
	try {
		await n8n.setupOwner(OWNER);
	} catch (error) {
		// A demo folder from an earlier run already has its owner.
		if (!/already|400/.test(String(error.message))) throw error;
	}
	n8n.serverExited.then(({ code, signal }) => {
		if (stopping) return;
		if (signal || code === 0) return void stop(`n8n stopped${signal ? ` (${signal})` : ''}`);
		say(`n8n exited (${code}); last log lines:\n${n8n.serverLog.slice(-2000)}`);
		void stop('n8n failed', 1);
	});

	const addRecording = () => {
		const now = sandbox.clock.now();
		const recording = sandbox.addRecording({ start: now - 45_000, duration: 40_000 });
		ids.save(sandbox.nextRecordingId());
		say(`sandbox: new recording ${recording.id} (${recording.call_direction}, ${Math.round(recording.duration / 1000)} s)`);
	};
	process.stdout.write(`
  n8n is ready:  ${n8n.url}
  sign in with:  ${OWNER.email} / ${OWNER.password}

  Workflows:
${workflows.map((w) => `    - ${w.name}`).join('\n')}
  The first is active: its trigger polls once a minute, so it fires within about a minute of each recording
  the sandbox adds (the first one now, then one about every ${Math.round(every / 1000)} s).
  Credentials:   "${credential.name}" allows ${DEMO_QUOTA} requests a minute; "${quotaCredential.name}"
                 shows the node pacing its requests under VBC's default quota: that workflow pauses on purpose.
                 Both are connected to the sandbox at ${sandbox.apiBaseUrl}

  Press Ctrl-C to stop n8n and the sandbox.
`);
	if (every > 0) {
		// A recording added before the trigger's first poll would count as already seen: wait for that poll.
		await firstTriggerPoll(sandbox, startedAt, 90_000);
		if (stopping) return;
		addRecording();
		running.timers.push(setInterval(addRecording, every));
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	void stop('an error', 1);
});
