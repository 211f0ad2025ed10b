#!/usr/bin/env node
'use strict';
// `npm run sandbox`: a local VBC API for trying the node by hand.
// Environment: SANDBOX_PORT (default 8899), SANDBOX_NEW_RECORDING_EVERY_MS (default 60000; 0 = never).
const { createSandbox } = require('./server');

async function main() {
	const port = Number(process.env.SANDBOX_PORT ?? 8899);
	const every = Number(process.env.SANDBOX_NEW_RECORDING_EVERY_MS ?? 60_000);
	const sandbox = await createSandbox({ port, now: Date.now() }).start();
	const tokens = sandbox.issueTokens();
	console.log(`VBC sandbox on ${sandbox.url}`);
	console.log(`  API base URL:  ${sandbox.apiBaseUrl}`);
	console.log(`  authorize URL: ${sandbox.url}/authorize   token URL: ${sandbox.url}/token`);
	console.log(`  client key: ${sandbox.options.clientId}   client secret: ${sandbox.options.clientSecret}`);
	console.log(`  integration user: alice@vbc.prod / alice-password`);
	console.log(`  a ready access token: ${tokens.access_token}`);
	let timer;
	if (every > 0) {
		timer = setInterval(() => {
			const r = sandbox.addRecording({ start: sandbox.clock.now() - 30_000, duration: 25_000 });
			console.log(`  new recording ${r.id} (${r.call_direction}, ${r.duration} ms)`);
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
