#!/usr/bin/env node
'use strict';
// `node packages/n8n-nodes-bird-recordings/sandbox/cli.js`: a local Bird Recordings API for trying the node by hand.
// Environment: SANDBOX_PORT (default 8898), SANDBOX_STORAGE_PORT (default 0: any free port),
// SANDBOX_NEW_RECORDING_EVERY_MS (default 60000; 0 = never): a call starts, ends a few seconds later
// and its media is ready shortly after, so a trigger sees it go ongoing → completed → available.
const { createSandbox } = require('./server');

async function main() {
	const port = Number(process.env.SANDBOX_PORT ?? 8898);
	const storagePort = Number(process.env.SANDBOX_STORAGE_PORT ?? 0);
	const every = Number(process.env.SANDBOX_NEW_RECORDING_EVERY_MS ?? 60_000);
	const sandbox = await createSandbox({ port, storagePort, now: Date.now() }).start();
	console.log(`Bird sandbox on ${sandbox.url}   (media storage on ${sandbox.storageUrl})`);
	console.log(`  API base URL:  ${sandbox.apiBaseUrl}`);
	console.log(`  workspace ID:  ${sandbox.workspaceId}`);
	console.log(`  access key:    ${sandbox.accessKey}   (header: Authorization: AccessKey <key>)`);
	console.log(`  try: curl -H 'Authorization: AccessKey ${sandbox.accessKey}' '${sandbox.workspaceUrl()}/recordings?limit=5'`);
	const timers = new Set();
	const later = (ms, action) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			action();
		}, ms);
		timers.add(timer);
	};
	let interval;
	if (every > 0) {
		interval = setInterval(() => {
			const r = sandbox.addRecording({ live: true });
			console.log(`  new call recording ${r.id} (ongoing)`);
			later(Math.min(every / 2, 10_000), () => {
				if (!sandbox.recordings.has(r.id)) return;
				sandbox.finishRecording(r.id, 2_000);
				console.log(`  recording ${r.id} completed; available in 2 s`);
			});
		}, every);
	}
	const stop = async () => {
		clearInterval(interval);
		for (const timer of timers) clearTimeout(timer);
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
