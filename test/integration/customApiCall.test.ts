/**
 * Custom API Call: any path under the endpoint, with the cached token from the transport.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

function run(parameters: IDataObject) {
	return runKaizalaNode({ parameters: { resource: 'customApiCall', operation: 'call', ...parameters }, store: fixture.store, credential: fixture.credential });
}

describe('Custom API Call', () => {
	it('GETs a path under the endpoint with query parameters', async () => {
		const { output, error } = await run({ method: 'GET', path: '/v1/groups', query: { parameter: [{ name: 'showDetail', value: 'true' }] } });
		expect(error).toBeUndefined();
		expect(JSON.stringify(output[0].json)).toContain(DEMO_GROUPS.fieldTeam.groupName);
		const [listed] = fixture.requestsFor('GET /groups');
		expect(listed.query).toEqual({ showDetail: 'true' });
		expect(listed.accessTokenState).toBe('valid');
		expectNoSecrets(output, fixture.secrets());
	});

	it('POSTs a JSON body', async () => {
		const { output, error } = await run({
			method: 'POST',
			path: `v1/groups/${DEMO_GROUPS.fieldTeam.groupId}/messages`,
			sendBody: true,
			body: '{"message":"sent through a custom call"}',
		});
		expect(error).toBeUndefined();
		expect(output[0].json.referenceId).toEqual(expect.any(String));
		expect(fixture.requestsFor('POST /groups/:groupId/messages')[0].body).toEqual({ message: 'sent through a custom call' });
	});

	it('reports a platform error through the transport', async () => {
		const { error, output } = await run({ method: 'GET', path: 'v1/groups/a0000000-dead-4000-8000-00000000beef' });
		expect(output).toEqual([]);
		expect(error?.message).toMatch(/^Kaizala: /);
		expect(error?.httpCode).toBe('404');
		expect(fixture.requestsFor('GET /groups/:groupId').map((r) => r.status)).toEqual([404]);
		expectNoSecrets(error, fixture.secrets());
	});

	it.each([
		['a full URL', { method: 'GET', path: 'https://evil.example.com/v1/groups' }, /Path .* must be a path under your endpoint/],
		['a ".." segment', { method: 'GET', path: 'v1/../../accessToken' }, /must not contain "\." or "\.\." segments/],
		['percent-encoded ".." segments', { method: 'GET', path: 'v1/%2e%2e/%2E%2e/accessToken' }, /must not contain "\." or "\.\." segments/],
		['backslashes', { method: 'GET', path: 'v1\\..\\..\\accessToken' }, /Path .*backslash/],
		['a JSON body that is not an object', { method: 'POST', path: 'v1/groups', sendBody: true, body: '42' }, /Body \(JSON\) must be a JSON object or array/],
		['invalid JSON', { method: 'POST', path: 'v1/groups', sendBody: true, body: '{"message": ' }, /Body \(JSON\) is not valid JSON/],
	])('refuses %s before any request', async (_name, parameters, message) => {
		const { error } = await run(parameters as IDataObject);
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(fixture.sandbox.requests).toEqual([]);
		expectNoSecrets(error, fixture.secrets());
	});
});
