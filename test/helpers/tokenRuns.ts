/**
 * Runs for the token tests (Access Token → Get, the token lifecycle): every run's error and output
 * are kept, and once the file is done no secret it met (connector secret, refresh and access
 * tokens) may appear in any of them or in n8n's log. Closes the fixture after each test.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Fixture } from './fixtures';
import { expectNoSecrets } from './fixtures';
import type { RunOptions, RunResult } from './n8n';
import { loggedLines, runKaizalaNode } from './n8n';

export function tokenTestRuns(current: () => Fixture) {
	const allSecrets = new Set<string>();
	const everythingProduced: unknown[] = [];
	const kept = (parameters: IDataObject, result: RunResult) => {
		everythingProduced.push(result.error, parameters.resource === 'accessToken' ? [] : result.output);
		return result;
	};

	afterEach(async () => {
		for (const secret of current().secrets()) allSecrets.add(secret);
		await current().close();
	});

	afterAll(() => {
		// No connector secret, refresh token or access token in any error, non-token output or log line.
		expectNoSecrets(everythingProduced, [...allSecrets]);
		expectNoSecrets(loggedLines, [...allSecrets]);
		expect(allSecrets.size).toBeGreaterThan(2);
	});

	return {
		run: async (parameters: IDataObject, extra: Partial<RunOptions> = {}) =>
			kept(parameters, await runKaizalaNode({ parameters, store: current().store, credential: current().credential, ...extra })),
		/** Runs the node as a new n8n process would: fresh module state, only the stored credential. */
		runAfterRestart: async (parameters: IDataObject) =>
			kept(
				parameters,
				await new Promise<RunResult>((resolve, reject) => {
					jest.isolateModules(() => {
						// A fresh copy of the package's modules: an empty in-process cache.
						// eslint-disable-next-line @typescript-eslint/no-require-imports
						const fresh = require('./n8n') as typeof import('./n8n');
						fresh.runKaizalaNode({ parameters, store: current().store, credential: current().credential }).then(resolve, reject);
					});
				}),
			),
	};
}
