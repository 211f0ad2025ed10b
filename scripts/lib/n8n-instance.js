'use strict';
// One real n8n with its own user folder: the CLI commands the demo, the end-to-end suite and the benchmarks
// use (import, execute, publish, export), and `n8n start` as a server that can be stopped and started again.
// Every command runs asynchronously so that a sandbox living in the same Node process keeps answering.
const { spawn, execFileSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../..');
const PACKAGE_NAME = require(join(root, 'package.json')).name;

/** Builds the package and packs it as npm would publish it; returns the tarball's path. */
function buildAndPack({ quiet = false } = {}) {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'] });
	const packDir = mkdtempSync(join(tmpdir(), 'vbc-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', packDir, '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	return join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')));
}

/** Parses the run data `n8n execute --rawOutput` prints among its log lines. */
function parseRawOutput(stdout) {
	const start = stdout.search(/^\{/m);
	if (start < 0) throw new Error(`no JSON in the output of n8n execute: ${stdout.slice(-400)}`);
	const text = stdout.slice(start);
	// Log lines may follow the JSON; try the longest candidate first.
	for (let end = text.lastIndexOf('}'); end > 0; end = text.lastIndexOf('}', end - 1)) {
		try {
			return JSON.parse(text.slice(0, end + 1));
		} catch {
			// keep shortening
		}
	}
	throw new Error(`could not parse the output of n8n execute: ${text.slice(0, 400)}`);
}

class N8nInstance {
	/**
	 * @param runtime from ensureN8n()
	 * @param options.userFolder N8N_USER_FOLDER (a new temporary folder by default)
	 * @param options.port the editor's port
	 * @param options.env extra environment
	 */
	constructor(runtime, { userFolder, port = 5678, env = {} } = {}) {
		this.runtime = runtime;
		this.userFolder = userFolder ?? mkdtempSync(join(tmpdir(), `vbc-n8n-${runtime.version}-`));
		this.port = port;
		this.url = `http://localhost:${port}`;
		this.server = null;
		this.serverLog = '';
		/** CLI commands still running, so that stop() leaves none behind. */
		this.commands = new Set();
		const { NODE_ENV, JEST_WORKER_ID, ...inherited } = process.env;
		this.env = {
			...inherited,
			// n8n behaves differently under NODE_ENV=test (which Jest sets): an in-memory database, no output.
			NODE_ENV: 'production',
			PATH: runtime.path,
			N8N_USER_FOLDER: this.userFolder,
			// Profiling: VBC_N8N_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' reaches n8n's Node only.
			...(process.env.VBC_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.VBC_N8N_NODE_OPTIONS } : {}),
			N8N_ENCRYPTION_KEY: 'vbc-demo-and-e2e-encryption-key',
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(port + 1),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			DB_SQLITE_POOL_SIZE: '2',
			// `n8n execute` prints the run data through the logger at level info.
			N8N_LOG_LEVEL: 'info',
			...runtime.env,
			...env,
		};
	}

	/** Installs the packed package into `<user folder>/.n8n/nodes` as n8n's Community Nodes installer does. */
	installPackage(tarball) {
		const nodesDir = join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		if (!existsSync(join(nodesDir, 'package.json'))) {
			writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		}
		execFileSync('npm', ['install', tarball, '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: nodesDir,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		return join(nodesDir, 'node_modules', PACKAGE_NAME);
	}

	/**
	 * Runs an n8n CLI command; resolves with its status and output. `nodeArgs` go to n8n's Node before the
	 * script: V8 flags such as --trace-gc, which Node refuses in NODE_OPTIONS.
	 */
	cli(args, { timeoutMs = 300_000, onSpawn, nodeArgs = [] } = {}) {
		return new Promise((resolvePromise, reject) => {
			const child = spawn(this.runtime.node, [...nodeArgs, this.runtime.n8n, ...args], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
			this.commands.add(child);
			onSpawn?.(child);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`n8n ${args[0]} did not finish in ${timeoutMs / 1000} s`));
			}, timeoutMs);
			child.on('error', reject);
			child.on('close', (status) => {
				clearTimeout(timer);
				this.commands.delete(child);
				resolvePromise({ status, stdout, stderr });
			});
		});
	}

	async cliOrThrow(args) {
		const result = await this.cli(args);
		if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} failed (${result.status}): ${(result.stderr || result.stdout).slice(-800)}`);
		return result;
	}

	async importCredentials(credentials) {
		const file = join(this.userFolder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		await this.cliOrThrow(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows) {
		const file = join(this.userFolder, `workflows-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(workflows));
		await this.cliOrThrow(['import:workflow', `--input=${file}`]);
	}

	/** Makes a workflow active at the next `n8n start` (2.x publishes it; 1.x sets it active). */
	async activateWorkflow(id) {
		if (this.runtime.major >= 2) await this.cliOrThrow(['publish:workflow', `--id=${id}`]);
		else await this.cliOrThrow(['update:workflow', `--id=${id}`, '--active=true']);
	}

	/**
	 * Runs a workflow with `n8n execute`; returns the run data (also when a node failed), the exit status and
	 * the process's output. `onSpawn` receives the n8n process (the benchmarks watch its memory).
	 */
	async execute(id, { onSpawn, nodeArgs } = {}) {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { onSpawn, nodeArgs });
		let run;
		try {
			run = parseRawOutput(result.stdout);
		} catch (error) {
			throw new Error(`${error.message}\nstderr: ${result.stderr.slice(-1500)}`);
		}
		return { status: result.status, run, stdout: result.stdout, stderr: result.stderr };
	}

	/** The decrypted data of a stored credential. */
	async credentialData(id) {
		const file = join(this.userFolder, `export-${id}-${Date.now()}.json`);
		await this.cliOrThrow(['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`]);
		const exported = JSON.parse(readFileSync(file, 'utf8'));
		return (Array.isArray(exported) ? exported[0] : exported).data;
	}

	/** Where n8n stored a binary item on disk (filesystem mode), from the item's binary id. */
	binaryFilePath(binary) {
		const id = String(binary.id ?? '');
		const separator = id.indexOf(':');
		if (separator < 0) throw new Error(`binary data is not on the filesystem: ${id || JSON.stringify(binary).slice(0, 200)}`);
		// n8n 2.x keeps binary data under .n8n/storage, 1.x under .n8n/binaryData.
		const candidates = ['storage', 'binaryData'].map((dir) => join(this.userFolder, '.n8n', dir, id.slice(separator + 1)));
		return candidates.find((path) => existsSync(path)) ?? candidates[0];
	}

	/** Starts `n8n start` and resolves once the editor answers. */
	async start({ timeoutMs = 180_000 } = {}) {
		if (this.server) throw new Error('n8n is already running');
		const child = spawn(this.runtime.node, [this.runtime.n8n, 'start'], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
		this.server = child;
		const append = (chunk) => {
			this.serverLog += chunk;
			if (this.serverLog.length > 200_000) this.serverLog = this.serverLog.slice(-100_000);
		};
		child.stdout.on('data', append);
		child.stderr.on('data', append);
		const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
		this.serverExited = exited;
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 500))]);
			if (early) {
				this.server = null;
				throw new Error(`n8n exited while starting (${JSON.stringify(early)}): ${this.serverLog.slice(-1500)}`);
			}
			try {
				// While starting, n8n 1.x answers every path with a 200 "n8n is starting up" page.
				const response = await fetch(`${this.url}/rest/settings`);
				if (response.ok && /json/.test(response.headers.get('content-type') ?? '')) return this;
			} catch {
				// not listening yet
			}
		}
		await this.stop();
		throw new Error(`n8n did not become ready in ${timeoutMs / 1000} s: ${this.serverLog.slice(-1500)}`);
	}

	/** Stops the server the way Ctrl-C does, and any CLI command still running, and waits for them to exit. */
	async stop({ timeoutMs = 30_000 } = {}) {
		for (const command of this.commands) command.kill('SIGTERM');
		const child = this.server;
		if (!child) return;
		this.server = null;
		child.kill('SIGTERM');
		const killed = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		await this.serverExited;
		clearTimeout(killed);
	}

	/** Creates the owner account on a fresh instance (the editor's set-up screen, by API). */
	async setupOwner(owner) {
		const response = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`owner set-up failed: ${response.status} ${await response.text()}`);
	}
}

module.exports = { N8nInstance, buildAndPack, PACKAGE_NAME };
