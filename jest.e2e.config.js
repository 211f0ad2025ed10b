/** `npm run test:e2e` runs this through scripts/e2e.js, which installs the real n8n versions first. */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	testTimeout: 600_000,
	// The trigger test mostly waits for one-minute polls: it runs beside the other files.
	maxWorkers: 2,
	verbose: true,
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
};
