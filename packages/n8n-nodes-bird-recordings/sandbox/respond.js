'use strict';
// Writing answers, with the one fault that needs the real body: `truncate`, which sends the
// headers (Content-Length of the whole body) and then only part of it before dropping the socket.

/** How many bytes of `total` to send when the request carries a truncate fault, else `total`. */
function bytesToSend(exchange, total) {
	const cut = exchange.truncate;
	if (cut === undefined || cut === false) return total;
	return Math.min(total, cut === true ? Math.floor(total / 2) : cut);
}

function sendBuffer(exchange, status, body, headers = {}) {
	const { res } = exchange;
	res.writeHead(status, { 'content-length': body.length, ...headers });
	const limit = bytesToSend(exchange, body.length);
	if (limit < body.length) {
		res.write(body.subarray(0, limit), () => res.destroy());
		return;
	}
	res.end(exchange.req.method === 'HEAD' ? undefined : body);
}

function sendJson(exchange, status, value, headers = {}) {
	sendBuffer(exchange, status, Buffer.from(JSON.stringify(value)), {
		'content-type': 'application/json',
		...headers,
	});
}

function sendEmpty(exchange, status, headers = {}) {
	exchange.res.writeHead(status, headers);
	exchange.res.end();
}

function drainedOrClosed(res) {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

/** Streams generated chunks with back-pressure, never holding the whole file. */
async function streamChunks(exchange, status, totalBytes, chunks, headers = {}) {
	const { res } = exchange;
	res.writeHead(status, { 'content-length': totalBytes, ...headers });
	if (exchange.req.method === 'HEAD') return res.end();
	let remaining = bytesToSend(exchange, totalBytes);
	const truncated = remaining < totalBytes;
	for (const chunk of chunks) {
		if (res.destroyed) return undefined;
		const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
		remaining -= piece.length;
		if (truncated && remaining <= 0) {
			// Drop the connection only once the part that is sent has left.
			res.write(piece, () => res.destroy());
			return undefined;
		}
		if (!res.write(piece)) await drainedOrClosed(res);
	}
	return res.end();
}

module.exports = { sendBuffer, sendJson, sendEmpty, streamChunks };
