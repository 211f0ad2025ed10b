#!/usr/bin/env node
'use strict';
// A local Kazoo Crossbar API for trying the node by hand: `node packages/n8n-nodes-kazoo/sandbox/cli.js`.
// Environment: SANDBOX_PORT (default 8000, Crossbar's port), SANDBOX_NEW_RECORDING_EVERY_MS
// (default 60000; 0 = never).
const { createSandbox } = require('./server');

async function main() {
	const port = Number(process.env.SANDBOX_PORT ?? 8000);
	const every = Number(process.env.SANDBOX_NEW_RECORDING_EVERY_MS ?? 60_000);
	const sandbox = await createSandbox({ port, now: Date.now() }).start();
	const [alice] = sandbox.options.users;
	console.log(`Kazoo sandbox on ${sandbox.url}`);
	console.log(`  API base URL:   ${sandbox.apiBaseUrl}`);
	console.log(`  account id:     ${sandbox.account.id}`);
	console.log(`  account name:   ${sandbox.account.name}   realm: ${sandbox.account.realm}   phone: ${sandbox.account.phoneNumber}`);
	console.log(`  user login:     ${alice.username} / ${alice.password}  (credentials md5: ${sandbox.credentialsHash(alice.username, alice.password)})`);
	console.log(`  API key:        ${sandbox.account.apiKey}`);
	console.log(`  a ready token:  ${sandbox.issueToken()}`);
	let timer;
	if (every > 0) {
		timer = setInterval(() => {
			const r = sandbox.addRecording({ durationMs: 25_000 });
			console.log(`  new recording ${r.id} (${r.doc.direction}, ${r.doc.duration} s)`);
		}, every);
	}
	const stop = async () => {
		clearInterval(timer);
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
