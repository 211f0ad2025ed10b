'use strict';
// A loopback HTTP server that records the JSON bodies posted to it: where test and benchmark workflows
// send what they emitted (see sinkNode in workflows.js).
const { createServer } = require('node:http');

/** @returns {Promise<{ url: string, received: Array<{ id: number, execution: string }>, close(): Promise<void> }>} */
async function startSink() {
	const received = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			try {
				received.push(JSON.parse(body));
			} catch {
				received.push({ id: Number.NaN, execution: body });
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return { url: `http://127.0.0.1:${port}/sink`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

module.exports = { startSink };
