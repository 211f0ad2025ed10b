'use strict';
// n8n in queue mode on one host, as `npm run test:queue` runs it: one main process (`n8n start` with
// EXECUTIONS_MODE=queue: it holds the triggers and webhooks and puts executions on Redis) and workers
// (`n8n worker --concurrency=5`: they run them), all on one PostgreSQL database. Each process has its own
// user folder with the package installed in `<user folder>/.n8n/nodes`, as each host of a real deployment
// has. Every port comes from one block of ten (see portsOf), inside the range this suite owns (6300-6399).
const { spawn } = require('node:child_process');
const { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { N8nInstance } = require('./n8n-instance');

/** The ports of a cluster whose block starts at `base`. */
function portsOf(base) {
	return {
		main: base,
		mainBroker: base + 1,
		workers: [
			{ health: base + 2, broker: base + 3 },
			{ health: base + 4, broker: base + 5 },
		],
		sandbox: base + 6,
		sink: base + 7,
	};
}

/** Records every process this suite starts, so that the runner can prove none outlived it. */
function registerPid(pid, what) {
	if (process.env.QUEUE_PID_FILE && pid) appendFileSync(process.env.QUEUE_PID_FILE, `${pid} ${what}\n`);
}

/**
 * Starting n8n (migrations, loading every node type) is the heavy part on a small machine: the scenario
 * files start their processes one at a time, across Jest's workers, through a lock directory the runner names.
 */
async function withStartLock(run) {
	const lock = process.env.QUEUE_START_LOCK;
	if (!lock) return await run();
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			await new Promise((r) => setTimeout(r, 300));
		}
	}
	try {
		return await run();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** One n8n process of a cluster; `start()` runs `n8n start` or `n8n worker` and waits until it is ready. */
class ClusterProcess extends N8nInstance {
	constructor(runtime, { name, command, readyUrl, ...options }) {
		super(runtime, options);
		this.name = name;
		this.command = command;
		this.readyUrl = readyUrl;
		this.url = `http://127.0.0.1:${this.port}`;
	}

	cli(args, options = {}) {
		return super.cli(args, {
			...options,
			onSpawn: (child) => {
				registerPid(child.pid, `${this.name} n8n ${args[0]}`);
				options.onSpawn?.(child);
			},
		});
	}

	async start(options) {
		return await withStartLock(() => this.startNow(options));
	}

	async startNow({ timeoutMs = 480_000 } = {}) {
		if (this.server) throw new Error(`${this.name} is already running`);
		const child = spawn(this.runtime.node, [this.runtime.n8n, ...this.command], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
		registerPid(child.pid, `${this.name} n8n ${this.command.join(' ')}`);
		this.server = child;
		this.startedAt = Date.now();
		const append = (chunk) => {
			this.serverLog += chunk;
			this.fullLog = (this.fullLog ?? '') + chunk;
			if (this.serverLog.length > 400_000) this.serverLog = this.serverLog.slice(-200_000);
		};
		child.stdout.on('data', append);
		child.stderr.on('data', append);
		this.serverExited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const early = await Promise.race([this.serverExited, new Promise((r) => setTimeout(() => r(null), 500))]);
			if (early) {
				this.server = null;
				throw new Error(`${this.name} exited while starting (${JSON.stringify(early)}): ${this.serverLog.slice(-2000)}`);
			}
			try {
				const response = await fetch(this.readyUrl);
				if (response.ok && /json/.test(response.headers.get('content-type') ?? '')) return this;
			} catch {
				// not listening yet
			}
		}
		await this.stop();
		throw new Error(`${this.name} did not become ready in ${timeoutMs / 1000} s: ${this.serverLog.slice(-2000)}`);
	}

	/** Ends the process at once (SIGKILL), as a crash or a lost host would. */
	async kill() {
		const child = this.server;
		if (!child) return;
		this.server = null;
		child.kill('SIGKILL');
		await this.serverExited;
	}

	get pid() {
		return this.server?.pid;
	}
}

class QueueCluster {
	/**
	 * @param runtime from describeN8n()
	 * @param options.name a short name: the Bull queue prefix and the database name
	 * @param options.basePort the first port of the cluster's block of ten
	 * @param options.postgres { port, user, password }
	 * @param options.redis { port } (omit it and set queue: false for n8n's regular mode)
	 * @param options.queue false runs a single `n8n start` in regular mode on the same database
	 * @param options.workers how many workers (2)
	 * @param options.env extra environment for every process (the durable scheduler's flags, limits)
	 */
	constructor(runtime, { name, basePort, postgres, redis, queue = true, workers = 2, concurrency = 5, env = {} }) {
		this.runtime = runtime;
		this.name = name;
		this.ports = portsOf(basePort);
		this.queue = queue;
		this.root = mkdtempSync(join(tmpdir(), `vbc-queue-${name}-`));
		this.outputDir = join(this.root, 'out');
		mkdirSync(this.outputDir, { recursive: true });
		const legacy = runtime.major < 2;
		const shared = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: name,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			// Binary data goes through the database: the one store every process of a cluster shares. n8n 2.x
			// picks it by default in queue mode; n8n 1.x must be told.
			...(queue
				? {
						EXECUTIONS_MODE: 'queue',
						QUEUE_BULL_REDIS_HOST: '127.0.0.1',
						QUEUE_BULL_REDIS_PORT: String(redis.port),
						QUEUE_BULL_PREFIX: `bull-${name}`,
						// Leader election, pub/sub and locks use this prefix, not Bull's: clusters sharing one Redis
						// must not see each other (two mains on one prefix both claim leadership).
						N8N_REDIS_KEY_PREFIX: `n8n-${name}`,
						N8N_DEFAULT_BINARY_DATA_MODE: 'database',
						...(legacy ? { N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database' } : {}),
					}
				: { EXECUTIONS_MODE: 'regular', N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' }),
			// Lets the test workflows say which process ran them ($env.VBC_PROCESS); n8n 2.x blocks it by default.
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			// The Read/Write Files node writes the audio here.
			N8N_RESTRICT_FILE_ACCESS_TO: this.outputDir,
			// A loaded machine answers slowly; n8n's 20 s default made start-ups fail there.
			DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			...env,
		};
		const userFolder = (who) => {
			const folder = join(this.root, who);
			mkdirSync(folder, { recursive: true });
			return folder;
		};
		this.main = new ClusterProcess(runtime, {
			name: `${name}/main`,
			command: ['start'],
			userFolder: userFolder('main'),
			port: this.ports.main,
			env: { ...shared, N8N_RUNNERS_BROKER_PORT: String(this.ports.mainBroker), VBC_PROCESS: 'main' },
			readyUrl: `http://127.0.0.1:${this.ports.main}/rest/settings`,
		});
		this.main.readyUrl = `http://127.0.0.1:${this.ports.main}/rest/settings`;
		this.workers = queue
			? Array.from({ length: workers }, (_, i) => {
					const ports = this.ports.workers[i];
					const who = `worker-${i + 1}`;
					return new ClusterProcess(runtime, {
						name: `${name}/${who}`,
						command: ['worker', `--concurrency=${concurrency}`],
						userFolder: userFolder(who),
						port: ports.health,
						env: {
							...shared,
							N8N_RUNNERS_BROKER_PORT: String(ports.broker),
							QUEUE_HEALTH_CHECK_ACTIVE: 'true',
							QUEUE_HEALTH_CHECK_PORT: String(ports.health),
							N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
							VBC_PROCESS: who,
						},
						readyUrl: `http://127.0.0.1:${ports.health}/healthz/readiness`,
					});
				})
			: [];
	}

	get processes() {
		return [this.main, ...this.workers];
	}

	/** Installs the packed package on every process, as on every host (one npm install, then copies). */
	installPackage(tarball) {
		this.main.installPackage(tarball);
		for (const worker of this.workers) {
			cpSync(join(this.main.userFolder, '.n8n', 'nodes'), join(worker.userFolder, '.n8n', 'nodes'), { recursive: true });
		}
	}

	/** Starts main first (it runs the migrations), then the workers side by side. */
	async start() {
		await this.main.start();
		for (const worker of this.workers) await worker.start();
	}

	async stop() {
		await Promise.all(this.processes.map((p) => p.stop().catch(() => undefined)));
	}

	/**
	 * For a failed scenario: each process's whole log goes to a file in the cluster's folder; returns their
	 * paths, the lines about polls, the scheduler and the queue, and each log's tail.
	 */
	logs() {
		const interesting = /poll|scheduler|enqueued|worker (started|finished)|abandon|backing off|stalled|error/i;
		return this.processes
			.map((p) => {
				const file = join(this.root, `${p.name.replace(/\//g, '-')}.log`);
				writeFileSync(file, p.fullLog ?? '');
				const lines = (p.fullLog ?? '').split('\n').filter((line) => interesting.test(line) && !/runner|api\.n8n\.io|^\s+at /.test(line));
				return `---- ${p.name} (whole log: ${file})\n${lines.slice(-40).join('\n')}\n-- tail:\n${(p.fullLog ?? '').slice(-3000)}`;
			})
			.join('\n');
	}
}

module.exports = { QueueCluster, ClusterProcess, portsOf, registerPid };
