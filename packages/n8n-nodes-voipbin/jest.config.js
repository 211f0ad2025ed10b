/** @type {import('jest').Config} */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.json' }] },
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testTimeout: 20_000,
};
