/** End-to-end suite: a real n8n, run by test/e2e/run.sh (npm run test:e2e). */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
	testTimeout: 240000,
	// One n8n at a time: the machine has 2 cores.
	maxWorkers: 1,
};
