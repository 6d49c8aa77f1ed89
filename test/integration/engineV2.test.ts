/**
 * n8n's opt-in Engine 2.0 (N8N_ENABLED_MODULES=engine-v2) refuses preAuthentication for every
 * credential type with an expirable field. n8n 2.41.0's modules/engine-v2/remote-credentials-helper.js
 * throws an UnimplementedError with the words below, and n8n-core's httpRequestWithAuthentication
 * wraps it in a NodeApiError. Engine 2.0 itself needs its own database, so the refusal is played by
 * a credentials helper that throws exactly that, under n8n-core's real request helpers: the user
 * must read what to do, and no token may be exchanged that n8n could not store.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import { authErrorInside } from '../../nodes/Kaizala/transport/token/n8nBridge';
import type { Fixture } from '../helpers/fixtures';
import { EXCHANGE, byId, startFixture } from '../helpers/fixtures';
import type { CredentialStore } from '../helpers/n8n';
import { runKaizalaNode, StoreCredentialsHelper } from '../helpers/n8n';

/** n8n 2.41.0's error class and text (@n8n/engine's UnimplementedError). */
class UnimplementedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnimplementedError';
	}
}
const refusalText = (typeName: string) => `Engine 2.0 does not support credentials with an expirable property yet (credential type "${typeName}")`;

/** Engine 2.0's credentials helper, as far as this package meets it: the default one, minus preAuthentication. */
class EngineV2CredentialsHelper extends StoreCredentialsHelper {
	constructor(store: CredentialStore) {
		super(store);
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		throw new UnimplementedError(refusalText(typeName));
	}
}

const ENGINE_MESSAGE =
	"n8n's Engine 2.0 does not support credentials that refresh a token (expirable fields), and the Kaizala API credential is one: run this workflow on n8n's default engine (remove engine-v2 from N8N_ENABLED_MODULES, or switch the workflow back to the default engine)";

const send = { resource: 'message', operation: 'send', groupId: byId(DEMO_GROUPS.fieldTeam.groupId), message: 'hello' };

let fixture: Fixture | undefined;
afterEach(async () => {
	await fixture?.close();
	fixture = undefined;
});

describe("n8n's Engine 2.0", () => {
	it('a credential without a session: the message says to use the default engine; no exchange, nothing sent', async () => {
		const fx = await startFixture({ throttle: false });
		fixture = fx;
		const result = await runKaizalaNode({
			parameters: send,
			store: fx.store,
			credential: fx.credential,
			credentialsHelper: new EngineV2CredentialsHelper(fx.store),
		});
		expect(result.error?.message).toBe(ENGINE_MESSAGE);
		// A token n8n cannot store is not fetched: a refresh token rotated in it would be lost.
		expect(fx.requestsFor(EXCHANGE)).toEqual([]);
		expect(fx.platformRequests()).toEqual([]);
	});

	it('a credential with a stored session, Continue On Fail: every item says it, nothing reaches Kaizala', async () => {
		const fx = await startFixture({ throttle: false });
		fixture = fx;
		// The default engine stored a session first (as after switching a workflow to Engine 2.0).
		const before = await runKaizalaNode({ parameters: send, store: fx.store, credential: fx.credential });
		expect(before.error).toBeUndefined();
		expect(String(fx.store.get('cred-1').data.session)).toContain('accessToken');
		fx.sandbox.clearLog();

		const result = await runKaizalaNode({
			parameters: send,
			items: [{ a: 1 }, { a: 2 }],
			store: fx.store,
			credential: fx.credential,
			continueOnFail: true,
			credentialsHelper: new EngineV2CredentialsHelper(fx.store),
		});
		expect(result.output.map((item) => item.json.error)).toEqual([ENGINE_MESSAGE, ENGINE_MESSAGE]);
		expect(fx.sandbox.requests).toEqual([]);
	});

	it("authErrorInside finds the refusal inside n8n-core's NodeApiError, and nothing else", () => {
		const node = { id: 'n', name: 'Kaizala', type: 'n8n-nodes-kaizala.kaizala', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
		const wrapped = new NodeApiError(node, new UnimplementedError(refusalText('kaizalaApi')) as never);
		expect(authErrorInside(wrapped)?.message).toBe(ENGINE_MESSAGE);
		expect(authErrorInside(wrapped)?.reason).toBe('unsupported-engine');
		expect(authErrorInside(new NodeApiError(node, new Error('socket hang up') as never))).toBeUndefined();
		expect(authErrorInside(new UnimplementedError('Engine 2.0 does not support OAuth token refresh yet'))).toBeUndefined();
	});
});
