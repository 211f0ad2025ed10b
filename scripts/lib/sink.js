'use strict';
// A loopback HTTP server that records the JSON bodies posted to it: where test and benchmark workflows
// send what they emitted (see sinkNode in workflows.js).
const { createServer } = require('node:http');

/**
 * @param {{ port?: number, hold?: (body: any) => Promise<void> | void }} [options] a fixed port (0: any free
 *   one), and a hook that may delay the answer to a request (the queue suite holds one to kill the worker
 *   that is waiting for it)
 * @returns {Promise<{ url: string, received: Array<{ id: number, execution: string, [key: string]: unknown }>, close(): Promise<void> }>}
 */
async function startSink({ port = 0, hold } = {}) {
	const received = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', async () => {
			let parsed;
			try {
				parsed = JSON.parse(body);
			} catch {
				parsed = { id: Number.NaN, execution: body };
			}
			received.push(parsed);
			if (hold) await hold(parsed);
			if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.address();
	return {
		url: `http://127.0.0.1:${address.port}/sink`,
		received,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startSink };
