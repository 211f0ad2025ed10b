#!/usr/bin/env node
'use strict';
// `npm run test:e2e`: this package inside a real n8n, headless. It builds and packs the package, installs
// the tarball into n8n's user folder the way the Community Nodes installer does, imports a credential that
// points at the local VBC sandbox, and runs workflows with `n8n execute`, checking their output and the
// sandbox's request log. Ends with "N passed, N failed".
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, mkdirSync, writeFileSync, readdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const { ensureN8n } = require('./n8n-runtime');
const { createSandbox } = require('../test/sandbox/server');

const root = resolve(__dirname, '..');
const PKG = 'n8n-nodes-vonage-business';

function step(message) {
	process.stdout.write(`[e2e] ${message}\n`);
}

async function main() {
	const started = Date.now();
	const runtime = ensureN8n();
	step(`n8n ${runtime.version} ready (${Math.round((Date.now() - started) / 1000)} s)`);

	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
	const packDir = mkdtempSync(join(tmpdir(), 'vbc-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', packDir, '--silent'], { cwd: root });
	const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')));

	const userFolder = mkdtempSync(join(tmpdir(), 'vbc-n8n-user-'));
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	execFileSync('npm', ['install', tarball, '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: nodesDir, stdio: 'inherit' });
	step('package installed into the n8n user folder as the Community Nodes installer does');

	const sandbox = await createSandbox({ companyRecordings: 30 }).start();
	const tokens = sandbox.issueTokens();
	const env = {
		...process.env,
		PATH: runtime.path,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'vbc-e2e-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_SECURE_COOKIE: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
	};
	const n8n = (args) => spawnSync(runtime.node, [runtime.n8n, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

	const credential = {
		id: 'vbcSandboxCred1',
		name: 'VBC sandbox',
		type: 'vonageBusinessOAuth2Api',
		data: {
			environment: 'custom',
			customAuthUrl: `${sandbox.url}/authorize`,
			customAccessTokenUrl: `${sandbox.url}/token`,
			baseUrl: sandbox.apiBaseUrl,
			accountId: 'self',
			clientId: sandbox.options.clientId,
			clientSecret: sandbox.options.clientSecret,
			requestsPerMinute: 0,
			oauthTokenData: tokens,
		},
	};
	writeFileSync(join(userFolder, 'creds.json'), JSON.stringify([credential]));
	let result = n8n(['import:credentials', `--input=${join(userFolder, 'creds.json')}`]);
	if (result.status !== 0) throw new Error(`import:credentials failed: ${result.stderr}`);

	const node = (parameters) => ({
		id: 'b2c3d4e5-0000-4000-8000-000000000002',
		name: 'VBC',
		type: `${PKG}.vonageBusiness`,
		typeVersion: 1,
		position: [240, 0],
		parameters,
		credentials: { vonageBusinessOAuth2Api: { id: credential.id, name: credential.name } },
	});
	const workflow = (id, parameters) => ({
		id,
		name: id,
		active: false,
		nodes: [
			{ id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			node(parameters),
		],
		connections: { Start: { main: [[{ node: 'VBC', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});

	const latest = sandbox.visibleRecordings();
	const cases = [
		{
			id: 'e2eGetMany', parameters: { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 3 },
			check: (items, requests) => items.length === 3 && items[0].json.id === latest[0].id && requests === 1,
		},
		{
			id: 'e2eGet', parameters: { resource: 'recording', operation: 'get', scope: 'company', recordingId: String(latest[1].id) },
			check: (items) => items[0]?.json.id === latest[1].id,
		},
		{
			id: 'e2eDownload', parameters: { resource: 'recording', operation: 'download', scope: 'company', recordingId: String(latest[2].id), binaryPropertyName: 'data' },
			check: (items) => items[0]?.binary?.data?.fileName === latest[2].file_name && items[0].binary.data.mimeType === 'audio/mpeg',
		},
		{
			id: 'e2eTranscriptions', parameters: { resource: 'transcription', operation: 'getMany', returnAll: true, filters: { status: 'ready' } },
			check: (items) => items.length > 0 && items.every((i) => i.json.transcription_ready === true),
		},
		{
			id: 'e2eExport', parameters: { resource: 'recording', operation: 'export', scope: 'company' },
			check: (items) => typeof items[0]?.json.job_id === 'string',
		},
		{
			id: 'e2eDelete', parameters: { resource: 'recording', operation: 'delete', scope: 'company', recordingId: String(latest[5].id) },
			check: (items) => items[0]?.json.deleted === true && sandbox.recordings.get(latest[5].id).deleted,
		},
	];
	writeFileSync(join(userFolder, 'workflows.json'), JSON.stringify(cases.map((c) => workflow(c.id, c.parameters))));
	result = n8n(['import:workflow', `--input=${join(userFolder, 'workflows.json')}`]);
	if (result.status !== 0) throw new Error(`import:workflow failed: ${result.stderr}`);

	let passed = 0;
	let failed = 0;
	for (const c of cases) {
		sandbox.resetLog();
		const t = Date.now();
		const run = n8n(['execute', `--id=${c.id}`, '--rawOutput']);
		let items = [];
		try {
			const text = run.stdout.slice(run.stdout.indexOf('{'));
			const data = JSON.parse(text.slice(0, text.lastIndexOf('}') + 1));
			items = data.data.resultData.runData.VBC[0].data.main[0];
		} catch (error) {
			step(`${c.id}: could not read the run data (${error.message}); stderr: ${run.stderr.slice(-500)}`);
		}
		const ok = c.check(items, sandbox.apiRequests().length);
		step(`${ok ? 'ok  ' : 'FAIL'} ${c.id} (${Date.now() - t} ms, ${sandbox.apiRequests().length} API requests)`);
		if (ok) passed++;
		else failed++;
	}
	await sandbox.stop();
	step(`total ${Math.round((Date.now() - started) / 1000)} s`);
	process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.stdout.write('e2e: 0 passed, 1 failed\n');
	process.exit(1);
});
