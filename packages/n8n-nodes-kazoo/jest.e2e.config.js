/** Real-n8n end-to-end suite of this package (run under `flock /tmp/n8n-heavy.lock`; ports 6000–6099). */
/** @type {import('jest').Config} */
module.exports = {
	displayName: 'n8n-nodes-kazoo e2e',
	rootDir: __dirname,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	testTimeout: 900_000,
	verbose: true,
	reporters: ['default', '<rootDir>/../../test/harness/summary-reporter.js'],
};
