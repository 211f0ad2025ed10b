#!/usr/bin/env node
'use strict';
// `npm start`: a working demo with no Vonage account. Builds the package, starts the VBC sandbox (a new
// recording about every minute), obtains a pinned real n8n (cached after the first run), installs the
// package into n8n's user folder as the Community Nodes installer does, imports a connected demo credential
// and demo workflows, and starts n8n on http://localhost:5678 with an owner account. Ctrl-C stops it all.
// Environment: N8N_PORT (5678), SANDBOX_PORT (8899), SANDBOX_NEW_RECORDING_EVERY_MS (60000),
// VBC_DEMO_FOLDER (n8n's user folder; default .demo/ in the repo, ignored by git).
const { mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');

const { ensureN8n } = require('./n8n-runtime');
const { N8nInstance, buildAndPack } = require('./lib/n8n-instance');
const { sandboxOAuth2Credential } = require('./lib/workflows');
const { demoWorkflows } = require('./lib/demo-workflows');
const { createSandbox } = require('../sandbox/server');

const root = resolve(__dirname, '..');
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'VbcDemo-2026' };

function say(message) {
	process.stdout.write(`[start] ${message}\n`);
}

async function main() {
	const n8nPort = Number(process.env.N8N_PORT ?? 5678);
	const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8899);
	const every = Number(process.env.SANDBOX_NEW_RECORDING_EVERY_MS ?? 60_000);
	const userFolder = resolve(process.env.VBC_DEMO_FOLDER ?? join(root, '.demo'));

	say('1/5 building and packing the package');
	const tarball = buildAndPack({ quiet: true });

	say(`2/5 starting the VBC sandbox on port ${sandboxPort}`);
	const sandbox = await createSandbox({ port: sandboxPort, now: Date.now() }).start();
	let timer;
	if (every > 0) {
		timer = setInterval(() => {
			const now = sandbox.clock.now();
			const recording = sandbox.addRecording({ start: now - 45_000, duration: 40_000 });
			say(`sandbox: new recording ${recording.id} (${recording.call_direction}, ${Math.round(recording.duration / 1000)} s)`);
		}, every);
	}

	say('3/5 obtaining n8n (the first run installs it: a few minutes; later runs use the cache)');
	const runtime = await ensureN8n('current');
	mkdirSync(userFolder, { recursive: true });
	const n8n = new N8nInstance(runtime, { userFolder, port: n8nPort, env: { N8N_LOG_LEVEL: 'warn' } });
	n8n.installPackage(tarball);

	say('4/5 importing the demo credential (connected to the sandbox) and the demo workflows');
	const credential = sandboxOAuth2Credential(sandbox, { id: 'vbcDemoCredential', name: 'VBC sandbox (demo)', requestsPerMinute: 10 });
	await n8n.importCredentials([credential]);
	const workflows = demoWorkflows(credential);
	await n8n.importWorkflows(workflows);
	await n8n.activateWorkflow(workflows[0].id);

	say(`5/5 starting n8n ${runtime.version} on ${n8n.url}`);
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the sandbox');
		clearInterval(timer);
		await n8n.stop();
		await sandbox.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	await n8n.start();
	try {
		await n8n.setupOwner(OWNER);
	} catch (error) {
		// A demo folder from an earlier run already has its owner.
		if (!/already|400/.test(String(error.message))) throw error;
	}
	n8n.serverExited.then(({ code }) => {
		if (!stopping) {
			say(`n8n exited (${code}); last log lines:\n${n8n.serverLog.slice(-2000)}`);
			void stop(1);
		}
	});

	process.stdout.write(`
  n8n is ready:  ${n8n.url}
  sign in with:  ${OWNER.email} / ${OWNER.password}

  Workflows (the first is active and fires when the sandbox adds a recording, about every ${Math.round(every / 1000)} s):
${workflows.map((w) => `    - ${w.name}`).join('\n')}
  Credential:    "${credential.name}", already connected to the sandbox at ${sandbox.apiBaseUrl}

  Press Ctrl-C to stop n8n and the sandbox.
`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
