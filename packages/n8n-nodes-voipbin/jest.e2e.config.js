/**
 * The package in real n8n (both lines), under the shared lock: `flock /tmp/n8n-heavy.lock npx jest -c
 * packages/n8n-nodes-voipbin/jest.e2e.config.js` from the repository root (E2E_N8N_LINES=current,legacy).
 * @type {import('jest').Config}
 */
module.exports = {
	displayName: 'n8n-nodes-voipbin e2e',
	rootDir: __dirname,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	testTimeout: 600_000,
	verbose: true,
};
