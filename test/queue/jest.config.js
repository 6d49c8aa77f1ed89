/** Queue-mode suite: n8n main + workers on PostgreSQL and Redis, run by test/queue/run.sh (npm run test:queue). */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
	testTimeout: 240000,
	// One cluster at a time: the machine has 2 cores.
	maxWorkers: 1,
};
