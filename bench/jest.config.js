/** The engine-level benchmark runs under jest with the test suite's transform and harness, on its own files. */
const base = require('../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	rootDir: '..',
	testMatch: ['<rootDir>/bench/**/*.bench.ts'],
	reporters: ['default'],
};
