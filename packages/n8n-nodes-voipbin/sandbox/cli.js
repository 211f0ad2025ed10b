#!/usr/bin/env node
'use strict';
// A local VoIPbin API for trying the node by hand.
// Environment: SANDBOX_PORT (default 8897), SANDBOX_STORAGE_PORT (default: any free port),
// SANDBOX_NEW_RECORDING_EVERY_MS (default 60000; 0 = never).
const { once } = require('node:events');
const { createSandbox } = require('./server');

async function main() {
	const port = Number(process.env.SANDBOX_PORT ?? 8897);
	const storagePort = Number(process.env.SANDBOX_STORAGE_PORT ?? 0);
	const every = Number(process.env.SANDBOX_NEW_RECORDING_EVERY_MS ?? 60_000);
	const sandbox = await createSandbox({ port, storagePort, now: Date.now() }).start();
	const [admin] = sandbox.options.users;
	console.log(`VoIPbin sandbox on ${sandbox.url}`);
	console.log(`  API base URL:  ${sandbox.apiBaseUrl}   (login: POST ${sandbox.url}/auth/login)`);
	console.log(`  storage (signed download URLs): ${sandbox.storageUrl}`);
	console.log(`  access key:    ${sandbox.options.accessKey}   (send as ?accesskey=…)`);
	console.log(`  username / password: ${admin.username} / ${admin.password}`);
	console.log(`  a ready JWT (Bearer): ${sandbox.issueToken()}`);
	const timer =
		every > 0
			? setInterval(() => {
					const r = sandbox.addRecording({ status: 'recording', endsAfterMs: Math.min(every, 30_000) });
					console.log(`  new recording ${r.id} (${r.referenceType}, recording now)`);
				}, every)
			: undefined;
	// Whichever signal comes first ends the sandbox.
	await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
	clearInterval(timer);
	await sandbox.stop();
	process.exit(0);
}

void main();
