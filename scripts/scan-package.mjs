#!/usr/bin/env node
// n8n's verification gate scans a published package in two legs: the attested source (nodes/, credentials/,
// package.json, full rule set) and the tarball (compiled .js and package.json). Its CLI only takes a name on the
// registry, so this runs the same two legs on this checkout and on the tarball `npm pack` would publish.
// The gate's third check, npm provenance, exists only for a published version: .github/workflows/publish.yml adds it.
// Also checks that the tarball holds only dist/, index.js (the root package's entry point), the README, the LICENSE and the CHANGELOG.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// The package to scan: a directory given as the argument (a provider package, `packages/<name>`), or the
// repository root's package.
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = process.argv[2] ? path.resolve(process.argv[2]) : repositoryRoot;
// Only the root package has an entry point (index.js, exporting its classes); provider packages have none.
const ALWAYS_PACKED = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', ...(root === repositoryRoot ? ['index.js'] : [])]);

function packTarball(destination) {
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [packed] = JSON.parse(output);
	return { tarball: path.join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

function unexpectedFiles(files) {
	return files.filter((file) => !file.startsWith('dist/') && !ALWAYS_PACKED.has(file));
}

function report(label, result) {
	console.log(`${result.passed ? 'passed' : 'FAILED'}: ${label}${result.message ? ` (${result.message})` : ''}`);
	if (result.details) console.log(result.details);
	return result.passed;
}

async function main() {
	if (!existsSync(path.join(root, 'dist'))) {
		console.error('No dist/ to scan: run `npm run build` first.');
		return 1;
	}
	const workDir = mkdtempSync(path.join(tmpdir(), 'vbc-scan-'));
	try {
		const { tarball, files } = packTarball(workDir);
		const missing = [...ALWAYS_PACKED].filter((file) => !files.includes(file));
		const extra = unexpectedFiles(files);
		const contentsPassed = report(`tarball contents (${files.length} files)`, {
			passed: extra.length === 0 && missing.length === 0 && files.some((file) => file.startsWith('dist/')),
			details: [
				extra.length ? `not expected in the tarball: ${extra.join(', ')}` : '',
				missing.length ? `missing from the tarball: ${missing.join(', ')}` : '',
			]
				.filter(Boolean)
				.join('\n'),
		});

		const packageDir = path.join(workDir, 'package');
		execFileSync('tar', ['-xzf', tarball, '-C', workDir]);
		const sourcePassed = report(
			`source leg: ${SOURCE_FILE_PATTERNS.join(', ')}`,
			await analyzePackage(root, SOURCE_FILE_PATTERNS),
		);
		const tarballPassed = report(
			'tarball leg: **/*.js, package.json',
			await analyzePackage(packageDir, ['**/*.js', 'package.json']),
		);
		console.log('not run here: the provenance check (it needs a version published by the publish workflow)');
		return contentsPassed && sourcePassed && tarballPassed ? 0 : 1;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

process.exitCode = await main();
