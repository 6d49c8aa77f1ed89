/**
 * A refresh token rotated by another n8n process (a second worker, a second main) after this
 * execution loaded the credential: Kaizala refuses the old value from then on, and the node must
 * read the credential again from n8n's store and go on with the new value — 0 failed items, the
 * new token never overwritten by the old one. The queue-mode suite proves the same across a real
 * cluster (test/queue/scenarios/rotation.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_CONNECTOR, DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { EXCHANGE, byId, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;
afterEach(async () => await fixture?.close());

const send = (text: string): IDataObject => ({
	resource: 'message',
	operation: 'send',
	groupId: byId(DEMO_GROUPS.fieldTeam.groupId),
	message: text,
});

/** Runs the node as another n8n process would: its own module state, the same stored credential. */
async function runInOtherProcess(parameters: IDataObject): ReturnType<typeof runKaizalaNode> {
	return await new Promise((resolve, reject) => {
		jest.isolateModules(() => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const other = require('../helpers/n8n') as typeof import('../helpers/n8n');
			other.runKaizalaNode({ parameters, store: fixture.store, credential: fixture.credential }).then(resolve, reject);
		});
	});
}

describe('refresh token rotated by another process', () => {
	it('the process holding the old value reads the credential again and goes on with the new one', async () => {
		fixture = await startFixture({ throttle: false });
		const { connectorId } = DEMO_CONNECTOR;
		const original = fixture.sandbox.currentRefreshToken(connectorId);
		fixture.sandbox.rotateRefreshTokenOnNextExchange(connectorId);
		// This process's exchange reaches the token service late (it has loaded the credential with
		// the old value); meanwhile the other process exchanges, rotates and n8n stores the new token.
		fixture.sandbox.faults.add({ kind: 'token', delayMs: 400, times: 1 });
		const here = runKaizalaNode({ parameters: send('here'), store: fixture.store, credential: fixture.credential });
		const elsewhere = await runInOtherProcess(send('elsewhere'));
		const result = await here;

		const rotated = fixture.sandbox.currentRefreshToken(connectorId);
		expect(rotated).not.toBe(original);
		expect(elsewhere.error).toBeUndefined();
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		// What reached the sandbox: the other process's exchange rotated; this one's, with the old
		// value, was refused; no further exchange was needed (the stored session was adopted).
		const exchanges = fixture.requestsFor(EXCHANGE);
		const seen = exchanges.map((r) => `${r.headers.refreshtoken === original ? 'old' : 'other'} ${r.status}`);
		expect(seen.sort()).toEqual(['old 200', 'old 401']);
		const messages = fixture.requestsFor('POST /groups/:groupId/messages');
		expect(messages.map((r) => r.status)).toEqual([200, 200]);
		expect(fixture.store.get('cred-1').data.refreshToken).toBe(rotated);
	});

	it("after a 401 on its own token the process exchanges, instead of trying the older token another process stored", async () => {
		fixture = await startFixture({ throttle: false });
		const stored = () => fixture.store.get('cred-1').data;
		// The other process exchanges first and stores its session.
		expect((await runInOtherProcess(send('other process'))).error).toBeUndefined();
		const otherSession = stored().session;
		// This process, started with no session, exchanges its own (newer) token...
		stored().session = '';
		expect((await runKaizalaNode({ parameters: send('this process'), store: fixture.store, credential: fixture.credential })).error).toBeUndefined();
		// ...and then the other process's write lands last: the stored session holds the older token.
		stored().session = otherSession;
		expect(fixture.requestsFor(EXCHANGE)).toHaveLength(2);

		fixture.sandbox.clearLog();
		fixture.sandbox.expireAccessTokens();
		const result = await runKaizalaNode({ parameters: send('after expiry'), store: fixture.store, credential: fixture.credential });
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		// One 401 (this process's own token), one exchange, the message sent once.
		const messages = fixture.requestsFor('POST /groups/:groupId/messages');
		expect(messages.map((r) => r.status)).toEqual([401, 200]);
		expect(fixture.requestsFor(EXCHANGE).map((r) => r.status)).toEqual([200]);
		expect(fixture.sandbox.state.messages.filter((m) => m.text === 'after expiry')).toHaveLength(1);
	});

	it('a refused refresh token that nobody replaced still fails the item, naming the refresh token', async () => {
		fixture = await startFixture({ throttle: false });
		fixture.store.get('cred-1').data.refreshToken = 'revoked-refresh-token';
		const result = await runKaizalaNode({ parameters: send('nobody'), store: fixture.store, credential: fixture.credential });
		expect(result.error?.message).toMatch(/Kaizala did not accept the Refresh Token/);
		expect(fixture.requestsFor('POST /groups/:groupId/messages')).toEqual([]);
	});
});
