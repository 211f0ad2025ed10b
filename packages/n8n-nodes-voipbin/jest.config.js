/** @type {import('jest').Config} */
module.exports = {
	displayName: 'n8n-nodes-voipbin',
	rootDir: __dirname,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testTimeout: 60_000,
	// n8n-core's folders (binary data) in a scratch folder, as for the root suite.
	setupFiles: ['<rootDir>/../../test/harness/env.ts'],
};
