/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	setupFiles: ['<rootDir>/test/harness/env.ts'],
	testTimeout: 60_000,
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
};
