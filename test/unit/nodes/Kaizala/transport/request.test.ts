/**
 * The request loop (transport/request.ts), one branch at a time: a real n8n-core ExecuteContext
 * calls kaizalaApiRequest against the sandbox over loopback, and each test asserts the requests
 * that reached it and what the call returned or threw.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../../../../sandbox';
import { kaizalaApiRequest } from '../../../../../nodes/Kaizala/transport';
import { limiter } from '../../../../../nodes/Kaizala/transport/pacing/budget';
import { executeContext } from '../../../../helpers/context';
import type { Fixture } from '../../../../helpers/fixtures';
import { EXCHANGE, startFixture } from '../../../../helpers/fixtures';

const SEND = 'POST /groups/:groupId/messages';
const GROUP = DEMO_GROUPS.fieldTeam.groupId;
const send = (text: string) => ({ method: 'POST' as const, path: `groups/${GROUP}/messages`, body: { message: text } });

let fixture: Fixture;
let ctx: IExecuteFunctions;

beforeEach(async () => {
	fixture = await startFixture({ throttle: false });
	ctx = executeContext({ resource: 'message', operation: 'send' }, [{}], fixture);
	// A cached token for every test: the branches under test start from an ordinary request.
	await kaizalaApiRequest.call(ctx, send('first'), 0);
	fixture.sandbox.clearLog();
});

afterEach(async () => {
	limiter.reset();
	await fixture.close();
});

const log = () => fixture.sandbox.requests.map((r) => `${r.route} ${r.status}`);

describe('kaizalaApiRequest', () => {
	it('sends with the cached token: one request, no exchange, the body returned', async () => {
		const body = (await kaizalaApiRequest.call(ctx, send('cached'), 0)) as { referenceId?: string };
		expect(body.referenceId).toEqual(expect.any(String));
		expect(log()).toEqual([`${SEND} 200`]);
	});

	it('401: invalidates the token, exchanges once and sends once more', async () => {
		fixture.sandbox.expireAccessTokens();
		await kaizalaApiRequest.call(ctx, send('after 401'), 0);
		expect(log()).toEqual([`${SEND} 401`, `${EXCHANGE} 200`, `${SEND} 200`]);
	});

	it('401 twice: the second is not retried and fails the item with the platform\'s answer', async () => {
		fixture.sandbox.faults.add({ path: SEND, status: 401, body: { errorCode: 'Unauthorized', message: 'token refused' }, times: 2 });
		await expect(kaizalaApiRequest.call(ctx, send('refused twice'), 3)).rejects.toMatchObject({
			message: 'Kaizala: token refused',
			httpCode: '401',
			context: expect.objectContaining({ itemIndex: 3 }),
		});
		expect(log()).toEqual([`${SEND} 401`, `${EXCHANGE} 200`, `${SEND} 401`]);
	});

	it('308: follows the checked Location without a new exchange, and stays there', async () => {
		const connectorId = String(fixture.store.get('cred-1').data.connectorId);
		const moved = fixture.sandbox.moveEndpoint(connectorId);
		await kaizalaApiRequest.call(ctx, send('moved'), 0);
		await kaizalaApiRequest.call(ctx, send('after the move'), 0);
		const onNew = fixture.sandbox.requests.map((r) => `${r.status} ${r.path.startsWith(new URL(moved).pathname)}`);
		expect(onNew).toEqual(['308 false', '200 true', '200 true']);
		expect(fixture.requestsFor(EXCHANGE)).toEqual([]);
	});

	it('308 to a plain-http host off loopback: refused, nothing sent there', async () => {
		fixture.sandbox.faults.add({ path: SEND, status: 308, headers: { Location: 'http://kaizala.example.com/v1/' } });
		await expect(kaizalaApiRequest.call(ctx, send('bad move'), 0)).rejects.toMatchObject({
			message: expect.stringMatching(/^Kaizala moved the endpoint but the new one was refused: /),
			httpCode: '308',
		});
		expect(log()).toEqual([`${SEND} 308`]);
	});

	it('429: waits for Retry-After, holding the connector, then sends again', async () => {
		fixture.sandbox.faults.add({ path: SEND, status: 429, headers: { 'Retry-After': '1' } });
		const started = Date.now();
		await kaizalaApiRequest.call(ctx, send('throttled'), 0);
		expect(log()).toEqual([`${SEND} 429`, `${SEND} 200`]);
		const [refused, accepted] = fixture.requestsFor(SEND);
		expect(accepted.time - refused.time).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('a write whose answer was lost is not sent again: it fails saying it may or may not have been made', async () => {
		fixture.sandbox.faults.add({ path: SEND, drop: true, afterProcessing: true });
		await expect(kaizalaApiRequest.call(ctx, send('lost answer'), 2)).rejects.toMatchObject({
			message: expect.stringMatching(/^Kaizala may or may not have made this change: the connection broke before an answer came after POST groups\/.+\/messages was sent$/),
			context: expect.objectContaining({ itemIndex: 2 }),
		});
		expect(fixture.requestsFor(SEND)).toHaveLength(1);
		// It was made (the answer was lost after processing): exactly once.
		expect(fixture.sandbox.state.messages.filter((m) => m.text === 'lost answer')).toHaveLength(1);
	});

	it('an ambiguous write with resolveAmbiguous returns what the look-up found, or says it did not find it', async () => {
		fixture.sandbox.faults.add({ path: SEND, status: 502, afterProcessing: true, times: 2 });
		const found = await kaizalaApiRequest.call(ctx, { ...send('resolved'), resolveAmbiguous: async () => ({ referenceId: 'looked-up' }) }, 0);
		expect(found).toEqual({ referenceId: 'looked-up' });
		await expect(
			kaizalaApiRequest.call(ctx, { ...send('not found'), resolveAmbiguous: async () => undefined }, 0),
		).rejects.toMatchObject({
			message: expect.stringMatching(/^Kaizala may or may not have made this change: Kaizala answered HTTP 502/),
			description: expect.stringMatching(/^The node looked for it on the platform right after and did not find it/),
		});
		expect(fixture.requestsFor(SEND)).toHaveLength(2);
	});

	it('a read whose answer was lost is sent again', async () => {
		fixture.sandbox.faults.add({ path: 'GET /groups/:groupId', drop: true });
		await kaizalaApiRequest.call(ctx, { method: 'GET', path: `groups/${GROUP}` }, 0);
		expect(fixture.requestsFor('GET /groups/:groupId')).toHaveLength(2);
	});
});
