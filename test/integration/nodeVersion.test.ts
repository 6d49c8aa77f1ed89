/**
 * Node versions (issue 22, item 8): n8n stores no parameter at its default, so a workflow saved
 * with version 1 on Access Token → Get has no `resource` at all; it must keep running that,
 * while a new node (1.1) opens on Message → Send.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, EXCHANGE, expectNoSecrets, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;

beforeEach(async () => {
	fixture = await startFixture();
});

afterEach(async () => {
	await fixture.close();
});

const run = (typeVersion: number, parameters: IDataObject) =>
	runKaizalaNode({ parameters, typeVersion, store: fixture.store, credential: fixture.credential });

describe('node versions', () => {
	it('a version 1 node saved without a resource still runs Access Token → Get', async () => {
		const { output, error } = await run(1, {});
		expect(error).toBeUndefined();
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(1);
		expect(output).toHaveLength(1);
		expect(typeof output[0].json.accessToken).toBe('string');
		expect(fixture.requestsFor('POST /groups/:groupId/messages')).toHaveLength(0);
	});

	it('a version 1.1 node without a resource runs Message → Send', async () => {
		const { output, error } = await run(1.1, { groupId: byId(DEMO_GROUPS.fieldTeam.groupId), message: 'Hello from 1.1' });
		expect(error).toBeUndefined();
		const sent = fixture.requestsFor('POST /groups/:groupId/messages');
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({ message: 'Hello from 1.1' });
		expect(output[0].json).toMatchObject({ referenceId: expect.any(String) });
		expect(output[0].json.accessToken).toBeUndefined();
		expectNoSecrets(output, fixture.secrets());
	});
});
