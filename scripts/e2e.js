#!/usr/bin/env node
'use strict';
// `npm run test:e2e`: the package inside real n8n, headless. Installs the pinned n8n versions once (cached
// outside the repo), builds and packs the package, then runs the Jest suite in test/e2e: every operation
// through `n8n execute`, the trigger under `n8n start` across a restart, token refresh, and the editor in
// headless Chromium, which it installs (Debian's chromium package, as root or with password-less sudo) while
// n8n installs, or refuses at once, saying how to get it. Ends with "e2e: N passed, N failed".
// Environment: E2E_N8N_LINES (default "current,legacy"), VBC_N8N_CACHE (where n8n is cached), CHROMIUM_PATH.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const { ensureN8n, N8N_VERSIONS } = require('./n8n-runtime');
const { buildAndPack } = require('./lib/n8n-instance');
const { CHROMIUM, chromiumPlan, installChromium } = require('./lib/browser');

const root = resolve(__dirname, '..');
const lines = (process.env.E2E_N8N_LINES ?? 'current,legacy').split(',').map((l) => l.trim()).filter(Boolean);
const phases = [];

async function phase(name, run) {
	const started = Date.now();
	process.stdout.write(`[e2e] ${name} ...\n`);
	const result = await run();
	const seconds = (Date.now() - started) / 1000;
	phases.push([name, seconds]);
	process.stdout.write(`[e2e] ${name}: ${seconds.toFixed(1)} s\n`);
	return result;
}

/** Whether the run includes the editor tests: all files, or files named on the command line that include them. */
function runsEditorTests(args) {
	const files = args.filter((arg) => !arg.startsWith('-'));
	return files.length === 0 || files.some((file) => /editor/.test(file));
}

async function main() {
	for (const line of lines) {
		if (!N8N_VERSIONS[line]) throw new Error(`unknown n8n line "${line}" (known: ${Object.keys(N8N_VERSIONS).join(', ')})`);
	}
	let browserReady = Promise.resolve();
	if (runsEditorTests(process.argv.slice(2))) {
		let plan;
		try {
			plan = chromiumPlan();
		} catch (error) {
			process.stdout.write(`[e2e] ${error.message}\ne2e: 0 passed, 1 failed\n`);
			process.exit(1);
		}
		if (plan.action === 'install') {
			process.stdout.write(`[e2e] ${CHROMIUM} is missing: installing Debian's chromium package (apt-get) while n8n installs\n`);
			const started = Date.now();
			browserReady = installChromium().then(() => phases.push(['chromium installed (apt-get, beside the other phases)', (Date.now() - started) / 1000]));
			// Reported where it is awaited; this only keeps an early failure from being unhandled meanwhile.
			browserReady.catch(() => {});
		}
	}
	for (const line of lines) {
		await phase(`n8n ${N8N_VERSIONS[line].version} (${line} line) installed or found in the cache`, () => ensureN8n(line));
	}
	const tarball = await phase('build and npm pack', () => buildAndPack({ quiet: true }));
	await phase('chromium ready', () => browserReady);
	const summaryFile = join(mkdtempSync(join(tmpdir(), 'vbc-e2e-')), 'summary.txt');
	const jest = await phase('end-to-end suite (jest -c jest.e2e.config.js)', () =>
		spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '-c', join(root, 'jest.e2e.config.js'), ...process.argv.slice(2)], {
			cwd: root,
			stdio: 'inherit',
			env: { ...process.env, E2E_TARBALL: tarball, E2E_N8N_LINES: lines.join(','), JEST_SUMMARY_LABEL: 'e2e', JEST_SUMMARY_FILE: summaryFile },
		}),
	);
	process.stdout.write('\n[e2e] phases:\n');
	for (const [name, seconds] of phases) process.stdout.write(`[e2e]   ${seconds.toFixed(1).padStart(7)} s  ${name}\n`);
	const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8').trim() : 'e2e: 0 passed, 1 failed';
	process.stdout.write(`${summary}\n`);
	process.exit(jest.status === 0 ? 0 : 1);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.stdout.write('e2e: 0 passed, 1 failed\n');
	process.exit(1);
});
