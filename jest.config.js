/**
 * One run for every package: the root (VBC) suite as it was, and each provider package's own
 * jest.config.js. The summary reporter is global, so its closing "jest: N passed, N failed" line
 * counts all projects.
 * @type {import('jest').Config}
 */
module.exports = {
	testTimeout: 60_000,
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
	projects: [
		{
			displayName: 'n8n-nodes-vonage-business',
			rootDir: __dirname,
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/harness/env.ts'],
		},
		'<rootDir>/packages/*/jest.config.js',
	],
};
