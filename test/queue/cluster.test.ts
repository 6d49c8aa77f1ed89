/**
 * npm run test:queue: the packed package in one n8n queue-mode cluster (PostgreSQL, Redis, a main
 * process, two workers), booted once for every scenario (booting takes most of the suite's time).
 * Each scenario brings its own Kaizala sandbox and points the credential at it, as a user editing
 * the credential would; the scenarios run in the order below.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { DEMO_CONNECTOR } from '../../sandbox';
import { QueueCluster } from './support/cluster';
import { crashScenarios } from './scenarios/crash';
import { pacingScenarios } from './scenarios/pacing';
import { rotationScenarios } from './scenarios/rotation';
import { tokenScenarios } from './scenarios/tokens';
import { triggerScenarios } from './scenarios/trigger';

const WORKFLOWS = join(__dirname, 'workflows');
let cluster: QueueCluster | undefined;

beforeAll(async () => {
	cluster = await QueueCluster.start({
		// Replaced by each scenario's own sandbox before any execution.
		connector: { ...DEMO_CONNECTOR, apiRoot: 'http://127.0.0.1:9/v1' },
		workflowFiles: readdirSync(WORKFLOWS).filter((name) => name.endsWith('.json')).map((name) => join(WORKFLOWS, name)),
		workers: 2,
		concurrency: 5,
	});
}, 400_000);

afterAll(async () => {
	await cluster?.stop();
});

function theCluster(): QueueCluster {
	if (!cluster) throw new Error('the cluster did not start');
	return cluster;
}

triggerScenarios(theCluster);
rotationScenarios(theCluster);
pacingScenarios(theCluster);
crashScenarios(theCluster);
// Last: it ends with a worker that joins late while the first two are stopped.
tokenScenarios(theCluster);
