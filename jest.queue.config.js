/** `npm run test:queue` runs this through scripts/queue.js, which starts PostgreSQL and Redis first. */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/queue/**/*.queue.ts'],
	testTimeout: 900_000,
	// Each file runs its own n8n cluster (main + two workers) on its own ports; two at a time on two cores.
	maxWorkers: 2,
	verbose: true,
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
};
