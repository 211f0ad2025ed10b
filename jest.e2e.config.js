/** `npm run test:e2e` runs this through scripts/e2e.js, which installs the real n8n versions first. */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	testTimeout: 600_000,
	maxWorkers: 1,
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
};
