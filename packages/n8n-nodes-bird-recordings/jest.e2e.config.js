/**
 * The package in real n8n (both lines), against the sandbox. Starts real n8n on fixed ports (6500–6599):
 * run it under the shared lock, `flock /tmp/n8n-heavy.lock npx jest -c packages/n8n-nodes-bird-recordings/jest.e2e.config.js`,
 * with E2E_N8N_LINES=current,legacy (default current). The n8n versions come from `node scripts/n8n-runtime.js`.
 * @type {import('jest').Config}
 */
module.exports = {
	displayName: 'n8n-nodes-bird-recordings e2e',
	rootDir: __dirname,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	testTimeout: 600_000,
	maxWorkers: 1,
	verbose: true,
};
