'use strict';
/**
 * The download path of (5) without n8n: one GET whose response stream goes to `fs.promises.writeFile`, which
 * is what n8n's filesystem binary store does with the stream a node hands to `prepareBinaryData`. Run on
 * n8n's own Node, optionally after building a live JavaScript heap of a given size, so that the bench can
 * show what n8n's heap costs a download (every full GC marks all of it).
 *
 *   node plain-node-download.js <url> <bearer token> <output file> <live heap MiB>
 *
 * Prints one JSON line: { seconds, requestAtMs, heapMiB }. Run it with --trace-gc to count the collections;
 * requestAtMs (since the process started, as the trace's times) tells those of the download apart.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { writeFile } = require('node:fs/promises');

const [url, token, output, heapMiB] = process.argv.slice(2);

/** Small objects that stay reachable until the end, like the modules and caches of a running n8n. */
function liveHeap(mib) {
	const objects = [];
	while (process.memoryUsage().heapUsed < mib * 1024 * 1024) {
		for (let i = 0; i < 10_000; i++) objects.push({ id: objects.length, name: `node ${objects.length}`, tags: [i] });
	}
	return objects;
}

async function main() {
	const kept = liveHeap(Number(heapMiB));
	const requestAtMs = performance.now();
	const started = process.hrtime.bigint();
	const response = await new Promise((resolve, reject) => {
		http.get(url, { headers: { Authorization: `Bearer ${token}` } }, resolve).on('error', reject);
	});
	if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
	await writeFile(output, response);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	process.stdout.write(`${JSON.stringify({ seconds, requestAtMs, heapMiB: process.memoryUsage().heapUsed / 1024 / 1024, kept: kept.length })}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
