#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: this package against the peer (bench/peer.js: n8n's HTTP Request node and friends),
 * both inside the same real n8n, against the same local VBC sandbox, in the same run. Prints one table
 * (median, min–max of the runs) and, with --write, saves it with the machine description in
 * docs/BENCHMARKS.md.
 *
 *   npm run bench                 full size (about 20 minutes)
 *   npm run bench -- --smoke      small sizes, one run each: keeps the script working in CI
 *   npm run bench -- --write      also rewrite docs/BENCHMARKS.md
 *
 * Environment: BENCH_PORT (5900; the trigger's n8n uses +20), BENCH_ONLY (some of list,download,quota,trigger: for profiling one part), BENCH_RUNS (3), BENCH_LIST (2000), BENCH_AUDIO_MB (1024), BENCH_QUOTA_RECORDINGS (300),
 * BENCH_QUOTA_WINDOW_MS (2000: VBC's 10 per minute scaled down), VBC_N8N_CACHE.
 */
const { execFile, execFileSync } = require('node:child_process');
const { promisify } = require('node:util');
const { readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } = require('node:fs');
const os = require('node:os');
const { join, resolve } = require('node:path');

const { createSandbox } = require('../sandbox/server');
const { ensureN8n } = require('../scripts/n8n-runtime');
const { N8nInstance, buildAndPack } = require('../scripts/lib/n8n-instance');
const { chainWorkflow, sandboxOAuth2Credential, sinkNode, triggerWorkflow } = require('../scripts/lib/workflows');
const { startSink } = require('../scripts/lib/sink');
const peer = require('./peer');

const root = resolve(__dirname, '..');
const argv = new Set(process.argv.slice(2));
const smoke = argv.has('--smoke');
const numberFromEnv = (name, full, small) => Number(process.env[name] ?? (smoke ? small : full));
const SIZES = {
	runs: numberFromEnv('BENCH_RUNS', 3, 1),
	list: numberFromEnv('BENCH_LIST', 2000, 250),
	audioBytes: numberFromEnv('BENCH_AUDIO_MB', 1024, 16) * 1024 * 1024,
	smallAudioBytes: 64 * 1024,
	quotaRecordings: numberFromEnv('BENCH_QUOTA_RECORDINGS', 300, 30),
	quotaWindowMs: numberFromEnv('BENCH_QUOTA_WINDOW_MS', 2000, 1000),
	quotaRequests: 10,
	/** Idle polls to watch before the late recording arrives. */
	idlePolls: smoke ? 1 : 3,
	/** Recordings in the look-back window for the idle-poll rows (3). */
	windowSizes: smoke ? [0, 250] : [0, 1000, 5000],
	/** (3b): arrivals per hour, how long it runs, and the recordings already in its window. */
	audioRowPerHour: 100,
	audioRowMinutes: numberFromEnv('BENCH_AUDIO_ROW_MINUTES', 12, 2),
	audioRowWindow: smoke ? 50 : 600,
};
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const wanted = (part) => !ONLY || ONLY.has(part);
/** n8n's ports (each also uses the next one for its task broker); BENCH_PORT moves them. */
const PORT = Number(process.env.BENCH_PORT ?? 5900);
const TRIGGER_PORT = PORT + 20;
const MiB = 1024 * 1024;

const log = (message) => process.stdout.write(`[bench] ${message}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------- figures ----------

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The list started at its `by`-th element. */
const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

/** "median (min–max)" of a list of numbers, or the one value. */
function spread(values, digits = 0) {
	if (values.length === 0) return '—';
	const f = (v) => v.toFixed(digits);
	const m = f(median(values));
	if (values.length === 1) return m;
	const lo = f(Math.min(...values));
	const hi = f(Math.max(...values));
	return lo === hi ? m : `${m} (${lo}–${hi})`;
}

// ---------- running workflows ----------

/**
 * Resident memory of a running process, sampled every 20 ms until it exits: its peak (VmHWM) and the
 * samples of VmRSS and VmHWM, so that growth can be read from a given moment on.
 */
function watchRss(pid) {
	let peakKb = 0;
	const samples = [];
	const read = () => {
		try {
			const status = readFileSync(`/proc/${pid}/status`, 'utf8');
			const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
			const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
			peakKb = Math.max(peakKb, hwm);
			samples.push({ at: Date.now(), rssKb: rss, hwmKb: hwm });
		} catch {
			// the process has gone
		}
	};
	const timer = setInterval(read, 20);
	return () => {
		clearInterval(timer);
		return { peakRssMiB: peakKb / 1024, samples };
	};
}

/**
 * How far the process's memory rose after `from` (a request reaching the sandbox): the highest RSS after it
 * (or the peak n8n's kernel counter saw, when it rose after it) minus the RSS just before it.
 */
function rssGrowthFromMiB(samples, from) {
	const before = samples.filter((s) => s.at <= from);
	const after = samples.filter((s) => s.at > from);
	if (before.length === 0 || after.length === 0) return Number.NaN;
	const start = before[before.length - 1];
	const highest = Math.max(...after.map((s) => s.rssKb), ...after.filter((s) => s.hwmKb > start.hwmKb).map((s) => s.hwmKb));
	return (highest - start.rssKb) / 1024;
}

/**
 * Runs a workflow with `n8n execute`. Returns the output of every node, the time n8n measured for the
 * nodes named in `timed` (their sum, in seconds), the process's peak RSS in MiB and its RSS samples, and
 * the first error.
 */
async function run(n8n, workflowId, timed, { nodeArgs } = {}) {
	let stopWatching = () => ({ peakRssMiB: 0, samples: [] });
	const { run: raw, status, stdout } = await n8n.execute(workflowId, { onSpawn: (child) => (stopWatching = watchRss(child.pid)), nodeArgs });
	const { peakRssMiB, samples: rssSamples } = stopWatching();
	const runData = raw?.data?.resultData?.runData ?? {};
	const output = (name) => runData[name]?.[0]?.data?.main?.[0] ?? [];
	const seconds = timed.reduce((sum, name) => sum + (runData[name]?.[0]?.executionTime ?? Number.NaN), 0) / 1000;
	const errors = Object.entries(runData)
		.map(([name, tasks]) => tasks[0]?.error && `${name}: ${tasks[0].error.message}`)
		.filter(Boolean);
	if (raw?.data?.resultData?.error && errors.length === 0) errors.push(raw.data.resultData.error.message);
	return { status, output, seconds, peakRssMiB, rssSamples, errors, stdout };
}

/**
 * The full collections (mark-compact) V8's --trace-gc reported from `fromMs` after the process started: how
 * many, the main-thread time they took (the final pause plus the incremental marking steps before it), and
 * the median heap left after them, which is the live heap every one of them had to mark.
 */
function fullGcs(traceOutput, { fromMs = 0 } = {}) {
	const pattern = /(\d+) ms: Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms(?:\s+\(\+ ([\d.]+) ms in)?/g;
	const after = [];
	let ms = 0;
	for (const [, at, heapAfter, pause, incremental] of traceOutput.matchAll(pattern)) {
		if (Number(at) < fromMs) continue;
		after.push(Number(heapAfter));
		ms += Number(pause) + Number(incremental ?? 0);
	}
	return { count: after.length, seconds: ms / 1000, liveHeapMiB: after.length ? median(after) : 0 };
}

const manual = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} };

/** A Set node that outputs fixed JSON (a recording as Get Many returns it). */
const fixedItem = (json) => ({
	name: 'Recording',
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: { mode: 'raw', jsonOutput: JSON.stringify(json), options: {} },
});

// ---------- the benchmarks ----------

/** (1) Return All of a large list and (2) Limit 5: requests and wall time, ours vs the peer. */
async function listing(n8n, sandbox, ours, theirs) {
	const workflows = [
		chainWorkflow({
			id: 'benchListOurs',
			nodes: [manual, { name: 'VBC', parameters: { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true }, credential: ours }],
		}),
		chainWorkflow({
			id: 'benchListOursRaw',
			nodes: [manual, { name: 'VBC', parameters: { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true, simple: false }, credential: ours }],
		}),
		chainWorkflow({ id: 'benchListPeer', nodes: [manual, peer.listRecordingsNode(sandbox, theirs), peer.splitRecordings] }),
		chainWorkflow({
			id: 'benchLimitOurs',
			nodes: [manual, { name: 'VBC', parameters: { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 5 }, credential: ours }],
		}),
		chainWorkflow({
			id: 'benchLimitPeer',
			nodes: [manual, peer.listRecordingsNode(sandbox, theirs, { pageSize: 5, paginate: false }), peer.splitRecordings],
		}),
	];
	await n8n.importWorkflows(workflows);
	const figures = {
		requests: { ours: [], raw: [], peer: [] },
		seconds: { ours: [], raw: [], peer: [] },
		items: { ours: [], raw: [], peer: [] },
		unique: { ours: [], raw: [], peer: [] },
	};
	const limit = { ours: [], peer: [], items: { ours: [], peer: [] } };
	const measure = async (id, timed, lastNode) => {
		sandbox.resetLog();
		const result = await run(n8n, id, timed);
		if (result.errors.length) throw new Error(`${id}: ${result.errors.join('; ')}`);
		const items = result.output(lastNode);
		return { requests: sandbox.apiRequests().length, seconds: result.seconds, items: items.length, unique: new Set(items.map((i) => i.json.id)).size };
	};
	const contenders = [
		['ours', 'benchListOurs', ['VBC'], 'VBC'],
		['raw', 'benchListOursRaw', ['VBC'], 'VBC'],
		['peer', 'benchListPeer', ['List (HTTP Request)', 'Split Out'], 'Split Out'],
	];
	// A listing is short and its time varies most from run to run: three rounds per run.
	for (let i = 0; i < SIZES.runs * 3; i++) {
		// The first execution of a round was slower here, whoever it was: each round starts with another.
		for (const [who, id, timed, last] of rotate(contenders, i)) {
			const m = await measure(id, timed, last);
			for (const key of Object.keys(figures)) figures[key][who].push(m[key]);
			log(`list ${SIZES.list}, ${who}: ${m.requests} requests, ${m.seconds.toFixed(2)} s, ${m.items} items (${m.unique} distinct)`);
		}
	}
	for (const [who, id, timed, last] of [
		['ours', 'benchLimitOurs', ['VBC'], 'VBC'],
		['peer', 'benchLimitPeer', ['List (HTTP Request)', 'Split Out'], 'Split Out'],
	]) {
		const m = await measure(id, timed, last);
		limit[who].push(m.requests);
		limit.items[who].push(m.items);
		log(`limit 5, ${who}: ${m.requests} requests, ${m.items} items`);
	}
	return { figures, limit };
}

/** (4) peak RSS growth and (5) time of one large download, ours vs the peer vs curl. */
async function downloading(n8n, sandbox, ours, theirs) {
	const now = sandbox.clock.now();
	const big = sandbox.addRecording({ start: now - 7_200_000, duration: 60_000, file_size_in_bytes: SIZES.audioBytes });
	const small = sandbox.addRecording({ start: now - 7_300_000, duration: 60_000, file_size_in_bytes: SIZES.smallAudioBytes });
	const asListed = (r) => ({
		id: r.id,
		file_name: r.file_name,
		download_url: `${sandbox.apiBaseUrl}/api/audio/recording/${r.id}`,
	});
	const workflows = [];
	for (const [size, recording] of [['Big', big], ['Small', small]]) {
		workflows.push(
			chainWorkflow({
				id: `benchDownload${size}Ours`,
				nodes: [
					manual,
					fixedItem(asListed(recording)),
					{ name: 'VBC', parameters: { resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' }, credential: ours },
				],
			}),
			chainWorkflow({ id: `benchDownload${size}Peer`, nodes: [manual, fixedItem(asListed(recording)), peer.downloadNode(theirs)] }),
		);
	}
	await n8n.importWorkflows(workflows);
	const storage = join(n8n.userFolder, '.n8n', 'storage');
	const figures = {
		rssGrowth: { ours: [], peer: [] },
		rssOverSmall: { ours: [], peer: [] },
		peakRss: { ours: [], peer: [] },
		seconds: { ours: [], peer: [], curl: [], plainSmallHeap: [], plainN8nHeap: [] },
		requests: { ours: [], peer: [] },
		// Where the time goes: full GCs in n8n beyond those of the 64 KiB run, and the same in plain Node.
		fullGcs: { ours: [], peer: [], plainSmallHeap: [], plainN8nHeap: [] },
		gcSeconds: { ours: [], peer: [], plainSmallHeap: [], plainN8nHeap: [] },
		liveHeapMiB: { ours: [], peer: [] },
	};
	const traced = { nodeArgs: ['--trace-gc'] };
	// Twice the runs, so that each goes first as often (the first run after a 1 GiB write is often slower).
	for (let i = 0; i < SIZES.runs * 2; i++) {
		for (const [who, node] of rotate(
			[
				['ours', 'VBC'],
				['peer', 'Download (HTTP Request)'],
			],
			i,
		)) {
			const suffix = who === 'ours' ? 'Ours' : 'Peer';
			const baseline = await run(n8n, `benchDownloadSmall${suffix}`, [node], traced);
			sandbox.resetLog();
			const large = await run(n8n, `benchDownloadBig${suffix}`, [node], traced);
			const requests = sandbox.apiRequests().length;
			const audioRequest = sandbox.apiRequests().find((r) => r.path.includes('/audio/'));
			for (const result of [baseline, large]) if (result.errors.length) throw new Error(`download ${who}: ${result.errors.join('; ')}`);
			const binary = large.output(node)[0]?.binary?.data;
			const stored = statSync(n8n.binaryFilePath(binary)).size;
			if (stored !== SIZES.audioBytes) throw new Error(`download ${who}: n8n stored ${stored} bytes, expected ${SIZES.audioBytes}`);
			rmSync(storage, { recursive: true, force: true });
			const growth = rssGrowthFromMiB(large.rssSamples, audioRequest?.at ?? Number.NaN);
			figures.rssGrowth[who].push(growth);
			figures.rssOverSmall[who].push(large.peakRssMiB - baseline.peakRssMiB);
			figures.peakRss[who].push(large.peakRssMiB);
			figures.seconds[who].push(large.seconds);
			figures.requests[who].push(requests);
			const [gcLarge, gcBaseline] = [fullGcs(large.stdout), fullGcs(baseline.stdout)];
			figures.fullGcs[who].push(gcLarge.count - gcBaseline.count);
			figures.gcSeconds[who].push(gcLarge.seconds - gcBaseline.seconds);
			figures.liveHeapMiB[who].push(gcLarge.liveHeapMiB);
			log(
				`download ${SIZES.audioBytes / MiB} MiB, ${who}: ${large.seconds.toFixed(2)} s, RSS growth from the audio request ${growth.toFixed(0)} MiB, ` +
					`peak RSS ${large.peakRssMiB.toFixed(0)} MiB (64 KiB run: ${baseline.peakRssMiB.toFixed(0)} MiB), ${requests} request(s), ` +
					`${gcLarge.count - gcBaseline.count} more full GCs than the 64 KiB run (${(gcLarge.seconds - gcBaseline.seconds).toFixed(2)} s), live heap ${gcLarge.liveHeapMiB.toFixed(0)} MiB`,
			);
		}
		const curl = await curlSeconds(sandbox, big.id);
		figures.seconds.curl.push(curl);
		log(`download ${SIZES.audioBytes / MiB} MiB, curl: ${curl.toFixed(2)} s`);
		const n8nHeapMiB = median(figures.liveHeapMiB.ours);
		for (const [name, heapMiB] of [
			['plainSmallHeap', 0],
			['plainN8nHeap', n8nHeapMiB],
		]) {
			const plain = await plainNodeDownload(n8n.runtime, sandbox, big.id, heapMiB);
			figures.seconds[name].push(plain.seconds);
			figures.fullGcs[name].push(plain.gc.count);
			figures.gcSeconds[name].push(plain.gc.seconds);
			log(`download ${SIZES.audioBytes / MiB} MiB, plain Node, ${heapMiB.toFixed(0)} MiB live heap: ${plain.seconds.toFixed(2)} s, ${plain.gc.count} full GCs (${plain.gc.seconds.toFixed(2)} s)`);
		}
	}
	return figures;
}

/**
 * Runs `fetch(url, token, file)`, a program outside n8n fetching the recording's audio from the sandbox into a
 * temporary file, and resolves with what it returns. Programs run asynchronously: the sandbox answering them
 * lives in this process.
 */
async function fetchAudioOutsideN8n(sandbox, recordingId, fetch) {
	const { access_token } = sandbox.issueTokens();
	const dir = mkdtempSync(join(os.tmpdir(), 'vbc-fetch-'));
	try {
		return await fetch(`${sandbox.apiBaseUrl}/api/audio/recording/${recordingId}`, access_token, join(dir, 'audio.mp3'));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * The same GET → fs.promises.writeFile without n8n (bench/plain-node-download.js), on n8n's Node, after
 * building a live heap of `heapMiB`.
 */
function plainNodeDownload(runtime, sandbox, recordingId, heapMiB) {
	return fetchAudioOutsideN8n(sandbox, recordingId, async (url, token, file) => {
		const { stdout } = await promisify(execFile)(
			runtime.node,
			['--trace-gc', join(__dirname, 'plain-node-download.js'), url, token, file, String(heapMiB)],
			{ encoding: 'utf8', maxBuffer: 64 * MiB },
		);
		const result = JSON.parse(stdout.split('\n').find((line) => line.startsWith('{')) ?? 'null');
		// The collections while the heap was built are not the download's: count from the request on.
		return { seconds: result.seconds, gc: fullGcs(stdout, { fromMs: result.requestAtMs }) };
	});
}

/** curl fetching the same URL to a file, as n8n's filesystem mode writes one. */
function curlSeconds(sandbox, recordingId) {
	return fetchAudioOutsideN8n(sandbox, recordingId, async (url, token, file) => {
		const { stdout } = await promisify(execFile)('curl', ['-s', '-f', '-o', file, '-w', '%{time_total}', '-H', `Authorization: Bearer ${token}`, url], {
			encoding: 'utf8',
		});
		return Number(stdout);
	});
}

/** (6) list + download N recordings under a quota of 10 requests per (scaled) window, with 429s. */
async function underQuota(n8n, sandbox, ours, theirs) {
	const workflows = [
		chainWorkflow({
			id: 'benchQuotaOurs',
			nodes: [
				manual,
				{ name: 'VBC', parameters: { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true }, credential: ours },
				{
					name: 'VBC Download',
					parameters: { resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
					credential: ours,
				},
			],
		}),
		chainWorkflow({
			id: 'benchQuotaPeer',
			nodes: [
				manual,
				peer.listRecordingsNode(sandbox, theirs),
				peer.splitRecordings,
				// An experienced user's settings: one quota's worth per batch, and retries a window apart.
				peer.downloadNode(theirs, {
					batch: { batchSize: SIZES.quotaRequests, batchInterval: SIZES.quotaWindowMs },
					retry: { maxTries: 5, waitMs: SIZES.quotaWindowMs },
				}),
			],
		}),
	];
	await n8n.importWorkflows(workflows);
	const expectedRequests = Math.ceil(SIZES.quotaRecordings / 100) + SIZES.quotaRecordings;
	// The first window's requests go at once; each further window admits the next 10.
	const floorSeconds = ((Math.ceil(expectedRequests / SIZES.quotaRequests) - 1) * SIZES.quotaWindowMs) / 1000;
	const figures = { seconds: { ours: [], peer: [] }, completed: { ours: [], peer: [] }, errors: { ours: [], peer: [] }, rejected: { ours: [], peer: [] }, requests: { ours: [], peer: [] } };
	for (let i = 0; i < SIZES.runs; i++) {
		for (const [who, id, timed, last] of rotate(
			[
				['ours', 'benchQuotaOurs', ['VBC', 'VBC Download'], 'VBC Download'],
				['peer', 'benchQuotaPeer', ['List (HTTP Request)', 'Split Out', 'Download (HTTP Request)'], 'Download (HTTP Request)'],
			],
			i,
		)) {
			// Let the previous run's requests leave the window, so that every run starts with a full quota.
			await sleep(SIZES.quotaWindowMs + 200);
			sandbox.resetLog();
			const started = Date.now();
			const result = await run(n8n, id, timed);
			const wall = (Date.now() - started) / 1000;
			const completed = result.output(last).filter((item) => item.binary?.data).length;
			const log429 = sandbox.apiRequests().filter((r) => r.status === 429).length;
			figures.seconds[who].push(result.errors.length ? Number.NaN : result.seconds);
			figures.completed[who].push(completed);
			figures.errors[who].push(result.errors.length);
			figures.rejected[who].push(log429);
			figures.requests[who].push(sandbox.apiRequests().length);
			rmSync(join(n8n.userFolder, '.n8n', 'storage'), { recursive: true, force: true });
			log(
				`${SIZES.quotaRecordings} under ${SIZES.quotaRequests} per ${SIZES.quotaWindowMs / 1000} s, ${who}: ${result.seconds.toFixed(1)} s in n8n ` +
					`(${wall.toFixed(1)} s with start-up), ${completed} downloaded, ${log429} × 429, ${sandbox.apiRequests().length} requests` +
					(result.errors.length ? `, error: ${result.errors[0].slice(0, 200)}` : ''),
			);
		}
	}
	return { figures, floorSeconds, expectedRequests };
}

/**
 * (3) The trigger vs Schedule + HTTP Request + Remove Duplicates, both active under `n8n start`: requests
 * per idle poll with 0, 1,000 and 5,000 recordings in the look-back window (one sandbox per size, so each
 * pair polls its own), what the first poll emits, and whether a late recording (its call minutes old when
 * it becomes visible) is caught. (3b) Our trigger with Attach Audio while 100 recordings an hour arrive:
 * requests per hour against the floor of 1 per poll + 1 per recording.
 */
async function polling(runtime, tarball) {
	const sandboxes = [];
	const sinks = [];
	const n8n = new N8nInstance(runtime, { port: TRIGGER_PORT });
	const newSandbox = async (recordingsInWindow) => {
		const sandbox = await createSandbox({ now: Date.now(), companyRecordings: 0 }).start();
		// Spread over the 5 hours before now, inside the default 6-hour window, visible already.
		for (let i = 0; i < recordingsInWindow; i++) {
			sandbox.addRecording({ start: sandbox.clock.now() - 120_000 - Math.floor((i * 5 * 3_600_000) / recordingsInWindow), duration: 30_000 });
		}
		sandboxes.push(sandbox);
		return sandbox;
	};
	const newSink = async () => {
		const sink = await startSink();
		sinks.push(sink);
		return sink;
	};
	try {
		n8n.installPackage(tarball);
		const pairs = [];
		for (const size of SIZES.windowSizes) {
			const sandbox = await newSandbox(size);
			const ours = sandboxOAuth2Credential(sandbox, { id: `benchTriggerOurs${size}`, name: `VBC ${size}` });
			const theirs = peer.genericOAuth2Credential(sandbox, { id: `benchTriggerPeer${size}`, name: `VBC by hand ${size}` });
			pairs.push({ size, sandbox, ours, theirs, sinks: { ours: await newSink(), peer: await newSink() } });
		}
		const audioSandbox = await newSandbox(SIZES.audioRowWindow);
		const audioCredential = sandboxOAuth2Credential(audioSandbox, { id: 'benchTriggerAudio', name: 'VBC audio' });
		const audioSink = await newSink();
		await n8n.importCredentials([...pairs.flatMap((p) => [p.ours, p.theirs]), audioCredential]);
		await n8n.importWorkflows([
			...pairs.flatMap((p) => [
				triggerWorkflow({ id: `benchTriggerOurs${p.size}`, credential: p.ours, parameters: { event: 'newRecording', scope: 'company', options: {} }, then: [sinkNode(p.sinks.ours.url)] }),
				chainWorkflow({ id: `benchTriggerPeer${p.size}`, nodes: [...peer.pollingNodes(p.sandbox, p.theirs), sinkNode(p.sinks.peer.url)] }),
			]),
			triggerWorkflow({ id: 'benchTriggerAudio', credential: audioCredential, parameters: { event: 'newRecording', scope: 'company', options: { attachAudio: true } }, then: [sinkNode(audioSink.url)] }),
		]);
		for (const p of pairs) {
			await n8n.activateWorkflow(`benchTriggerOurs${p.size}`);
			await n8n.activateWorkflow(`benchTriggerPeer${p.size}`);
		}
		await n8n.activateWorkflow('benchTriggerAudio');
		/** Each poll is a burst of requests within a few seconds; a minute lies between bursts. */
		const bursts = (sandbox, token) => {
			const times = sandbox
				.apiRequests()
				.filter((r) => r.headers.authorization === `Bearer ${token}`)
				.map((r) => r.at);
			const found = [];
			for (const at of times) {
				const last = found.at(-1);
				if (last && at - last.end < 20_000) {
					last.end = at;
					last.requests++;
				} else found.push({ start: at, end: at, requests: 1 });
			}
			return found;
		};
		const token = (credential) => credential.data.oauthTokenData.access_token;
		const polls = (p, who) => bursts(p.sandbox, token(who === 'ours' ? p.ours : p.theirs));
		await n8n.start();
		const waitForPolls = async (count) => {
			const deadline = Date.now() + (count + 1) * 75_000;
			while (pairs.some((p) => polls(p, 'ours').length < count || polls(p, 'peer').length < count)) {
				if (Date.now() > deadline) throw new Error(`the triggers did not poll ${count} times; ${n8n.serverLog.slice(-800)}`);
				await sleep(1000);
			}
			await sleep(5000); // let the burst and the workflow finish
		};
		// The audio row: 100 recordings an hour arrive (one every 36 s), each a call that just ended.
		const arrivalEveryMs = 3_600_000 / SIZES.audioRowPerHour;
		const audioStarted = Date.now();
		let arrivals = 0;
		const arriving = setInterval(() => {
			const now = audioSandbox.clock.now();
			audioSandbox.addRecording({ start: now - 40_000, duration: 30_000, visibleAt: now });
			arrivals++;
		}, arrivalEveryMs);
		// The first poll (n8n 2.x polls at activation for the trigger; the schedule fires within the minute).
		await waitForPolls(1);
		const firstEmitted = pairs.map((p) => ({ ours: p.sinks.ours.received.length, peer: p.sinks.peer.received.length }));
		await waitForPolls(1 + SIZES.idlePolls);
		const idle = pairs.map((p) => ({ size: p.size, ours: polls(p, 'ours').slice(1).map((b) => b.requests), peer: polls(p, 'peer').slice(1).map((b) => b.requests) }));
		for (const row of idle) log(`trigger: ${row.size} in the window: idle polls ours ${row.ours.join(', ')} requests; peer ${row.peer.join(', ')}`);
		// A late recording: its call ended 10 minutes ago, VBC shows it only now (in the largest window).
		const largest = pairs.at(-1);
		const now = largest.sandbox.clock.now();
		const late = largest.sandbox.addRecording({ start: now - 660_000, duration: 60_000, visibleAt: now });
		await waitForPolls(Math.max(polls(largest, 'ours').length, polls(largest, 'peer').length) + 1);
		const caught = (who) => largest.sinks[who].received.some((r) => r.id === late.id);
		log(`trigger: late recording ${late.id} caught by ours: ${caught('ours')}, by peer: ${caught('peer')}`);
		// Let the audio row run its course, then count its requests and polls.
		while (Date.now() - audioStarted < SIZES.audioRowMinutes * 60_000) await sleep(1000);
		clearInterval(arriving);
		await sleep(70_000); // the poll that picks up the last arrivals
		const audioToken = token(audioCredential);
		const audioPolls = bursts(audioSandbox, audioToken).length - 1; // the first poll only remembers
		const audioRequests = audioSandbox.apiRequests().filter((r) => r.headers.authorization === `Bearer ${audioToken}`).length - 1;
		const emittedWithAudio = audioSink.received.length;
		const perHour = (n) => (n * 60) / (audioPolls || 1);
		const audio = { polls: audioPolls, requests: audioRequests, arrivals, emitted: emittedWithAudio, perHour: perHour(audioRequests), floorPerHour: perHour(audioPolls + emittedWithAudio) };
		log(`trigger with Attach Audio: ${arrivals} arrivals, ${emittedWithAudio} emitted, ${audioPolls} polls, ${audioRequests} requests`);
		return { idle, firstEmitted: firstEmitted.at(-1), caught: { ours: caught('ours'), peer: caught('peer') }, audio };
	} finally {
		await n8n.stop();
		for (const sandbox of sandboxes) await sandbox.stop();
		await Promise.all(sinks.map((s) => s.close()));
		rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

// ---------- the table ----------

function table(results, runtime) {
	const { listed, downloads, quota, trigger } = results;
	const nodeMajor = execFileSync(runtime.node, ['--version'], { encoding: 'utf8' }).trim().split('.')[0];
	const n = SIZES.list;
	const mib = SIZES.audioBytes / MiB;
	const ratio = (a, b) => (median(a) / median(b)).toFixed(2);
	const rows = [
		['measure', 'this package', 'peer (HTTP Request …)', 'limit', 'goal'],
		[`(1) Return All, ${n} recordings: requests`, spread(listed.figures.requests.ours), spread(listed.figures.requests.peer), String(Math.ceil(n / 100)), '= limit'],
		[`(1) … items out (distinct)`, `${spread(listed.figures.items.ours)} (${spread(listed.figures.unique.ours)})`, `${spread(listed.figures.items.peer)} (${spread(listed.figures.unique.peer)})`, String(n), ''],
		[`(1) … wall time in n8n, s`, spread(listed.figures.seconds.ours, 2), spread(listed.figures.seconds.peer, 2), '', `ours ÷ peer ${ratio(listed.figures.seconds.ours, listed.figures.seconds.peer)} (≤ 1.0)`],
		[`(1) … wall time with Simplify off, s`, spread(listed.figures.seconds.raw, 2), spread(listed.figures.seconds.peer, 2), '', `ours ÷ peer ${ratio(listed.figures.seconds.raw, listed.figures.seconds.peer)}`],
		['(2) Limit 5: requests', spread(listed.limit.ours), spread(listed.limit.peer), '1', '= limit'],
		...trigger.idle.map((row) => [`(3) idle trigger poll, ${row.size} recordings in the window: requests per poll`, spread(row.ours), spread(row.peer), '1', '= limit']),
		['(3) … old recordings emitted by the first poll', String(trigger.firstEmitted.ours), String(trigger.firstEmitted.peer), '0', ''],
		['(3) … late recording (visible 10 min after its call) caught', trigger.caught.ours ? 'yes' : 'no', trigger.caught.peer ? 'yes' : 'no', 'yes', 'yes'],
		[`(3b) trigger with Attach Audio, ${SIZES.audioRowPerHour} new recordings an hour: requests per hour (${trigger.audio.polls} polls, ${trigger.audio.emitted} emitted)`, trigger.audio.perHour.toFixed(0), '', `floor ${trigger.audio.floorPerHour.toFixed(0)}`, `ours ÷ floor ${(trigger.audio.perHour / trigger.audio.floorPerHour).toFixed(2)}`],
		[`(4) ${mib} MiB download: n8n RSS growth while downloading (peak after the audio request − RSS at it), MiB`, spread(downloads.rssGrowth.ours), spread(downloads.rssGrowth.peer), '', '≤ 100 and ≤ peer'],
		[`(4) … n8n peak RSS, MiB`, spread(downloads.peakRss.ours), spread(downloads.peakRss.peer), '', ''],
		[`(4) … peak RSS over the same workflow downloading 64 KiB, MiB`, spread(downloads.rssOverSmall.ours), spread(downloads.rssOverSmall.peer), '', ''],
		[`(5) ${mib} MiB download: time, s`, spread(downloads.seconds.ours, 2), spread(downloads.seconds.peer, 2), `curl ${spread(downloads.seconds.curl, 2)}`, `ours ÷ peer ${ratio(downloads.seconds.ours, downloads.seconds.peer)} (≤ 1.0)`],
		[`(5) … throughput, MiB/s`, spread(downloads.seconds.ours.map((s) => mib / s)), spread(downloads.seconds.peer.map((s) => mib / s)), `curl ${spread(downloads.seconds.curl.map((s) => mib / s))}`, ''],
		[`(5) … requests`, spread(downloads.requests.ours), spread(downloads.requests.peer), '1', ''],
		[
			`(5) … where the time goes: the same GET → fs.promises.writeFile in plain Node ${nodeMajor}, with a small heap / with n8n's live heap, s`,
			'',
			'',
			`${spread(downloads.seconds.plainSmallHeap, 2)} / ${spread(downloads.seconds.plainN8nHeap, 2)}`,
			'',
		],
		[`(5) … full GCs (mark-compact) while downloading, beyond the 64 KiB run; plain Node: small / n8n's heap`, spread(downloads.fullGcs.ours), spread(downloads.fullGcs.peer), `${spread(downloads.fullGcs.plainSmallHeap)} / ${spread(downloads.fullGcs.plainN8nHeap)}`, ''],
		[`(5) … main-thread time in those GCs, s`, spread(downloads.gcSeconds.ours, 2), spread(downloads.gcSeconds.peer, 2), `${spread(downloads.gcSeconds.plainSmallHeap, 2)} / ${spread(downloads.gcSeconds.plainN8nHeap, 2)}`, ''],
		[`(5) … n8n's live heap (left after a full GC), MiB`, spread(downloads.liveHeapMiB.ours), spread(downloads.liveHeapMiB.peer), '', ''],
		[
			`(6) ${SIZES.quotaRecordings} recordings listed + downloaded, quota ${SIZES.quotaRequests} per ${SIZES.quotaWindowMs / 1000} s: time, s`,
			spread(quota.figures.seconds.ours, 1),
			spread(quota.figures.seconds.peer, 1),
			`floor ${quota.floorSeconds.toFixed(0)}`,
			`ours ÷ floor ${(median(quota.figures.seconds.ours) / quota.floorSeconds).toFixed(2)} (≤ 1.25)`,
		],
		['(6) … downloaded / errors', `${spread(quota.figures.completed.ours)} / ${spread(quota.figures.errors.ours)}`, `${spread(quota.figures.completed.peer)} / ${spread(quota.figures.errors.peer)}`, `${SIZES.quotaRecordings} / 0`, '0 errors'],
		['(6) … requests (of which 429)', `${spread(quota.figures.requests.ours)} (${spread(quota.figures.rejected.ours)})`, `${spread(quota.figures.requests.peer)} (${spread(quota.figures.rejected.peer)})`, `${quota.expectedRequests} (0)`, ''],
	];
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
	return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function machine(runtime) {
	const cpus = os.cpus();
	return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}; n8n ${runtime.version} on Node ${execFileSync(runtime.node, ['--version'], { encoding: 'utf8' }).trim()}, filesystem binary-data mode; bench driver and sandbox on Node ${process.version}`;
}

async function main() {
	const started = Date.now();
	log(`${smoke ? 'smoke' : 'full'} run: ${JSON.stringify(SIZES)}`);
	const runtime = await ensureN8n('current');
	const tarball = buildAndPack({ quiet: true });

	const sandbox = await createSandbox({ now: Date.now(), companyRecordings: SIZES.list }).start();
	const quotaSandbox = await createSandbox({
		now: Date.now(),
		companyRecordings: SIZES.quotaRecordings,
		quotaPerMinute: SIZES.quotaRequests,
		quotaWindowMs: SIZES.quotaWindowMs,
	}).start();
	const n8n = new N8nInstance(runtime, { port: PORT });
	try {
		n8n.installPackage(tarball);
		const ours = sandboxOAuth2Credential(sandbox, { id: 'benchOurs' });
		const theirs = peer.genericOAuth2Credential(sandbox, { id: 'benchPeer' });
		// Our credential knows the (scaled) quota, as a user sets it from Vonage's figure.
		const oursQuota = sandboxOAuth2Credential(quotaSandbox, { id: 'benchOursQuota', name: 'VBC quota', requestsPerMinute: SIZES.quotaRequests });
		oursQuota.data.quotaWindowSeconds = SIZES.quotaWindowMs / 1000;
		const theirsQuota = peer.genericOAuth2Credential(quotaSandbox, { id: 'benchPeerQuota', name: 'VBC quota by hand' });
		await n8n.importCredentials([ours, theirs, oursQuota, theirsQuota]);

		const listed = wanted('list') ? await listing(n8n, sandbox, ours, theirs) : undefined;
		const downloads = wanted('download') ? await downloading(n8n, sandbox, ours, theirs) : undefined;
		// The trigger needs minutes of real polls; it runs beside (6), which mostly waits for the quota.
		const [trigger, quota] = await Promise.all([
			wanted('trigger') ? polling(runtime, tarball) : undefined,
			wanted('quota') ? underQuota(n8n, quotaSandbox, oursQuota, theirsQuota) : undefined,
		]);
		if (ONLY) return;
		const text = table({ listed, downloads, quota, trigger }, runtime);
		process.stdout.write(`\n${text}\n\n`);
		log(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
		if (argv.has('--write')) writeBenchmarksDoc(text, runtime);
	} finally {
		await sandbox.stop();
		await quotaSandbox.stop();
		rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

/** Replaces the generated part of docs/BENCHMARKS.md (between the markers) with this run's table. */
function writeBenchmarksDoc(text, runtime) {
	const file = join(root, 'docs', 'BENCHMARKS.md');
	const doc = readFileSync(file, 'utf8');
	const generated = [
		'<!-- bench:start -->',
		`Run on ${new Date().toISOString().slice(0, 10)}: ${machine(runtime)}. Median (min–max) of ${SIZES.runs * 3} runs ` +
			`for (1), ${SIZES.runs * 2} for (4)–(5) and ${SIZES.runs} for (6), who goes first rotating.`,
		'',
		text,
		'<!-- bench:end -->',
	].join('\n');
	writeFileSync(file, doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, generated));
	log(`wrote ${file}`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
