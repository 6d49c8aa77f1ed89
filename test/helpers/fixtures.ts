/**
 * A sandbox on a free loopback port plus a stored Kaizala credential pointing at it.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialsDetails } from 'n8n-workflow';

import type { KaizalaSandbox, SandboxOptions } from '../../sandbox';
import { DEMO_CONNECTOR, startSandbox } from '../../sandbox';
import type { RunOptions, RunResult } from './n8n';
import { CredentialStore, runKaizalaNode } from './n8n';

/** The token service's route in the sandbox's request log. */
export const EXCHANGE = 'GET /accessToken';
/** A well-formed group ID the sandbox does not know. */
export const UNKNOWN_GROUP = 'a0000000-dead-4000-8000-00000000beef';

/** A resource locator value given By ID. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export interface Fixture {
	sandbox: KaizalaSandbox;
	store: CredentialStore;
	credential: INodeCredentialsDetails;
	/** The values that must never appear in an output item, an error or a log line. */
	secrets: () => string[];
	/** Requests the sandbox received for a route pattern, e.g. 'GET /accessToken'. */
	requestsFor: (route: string) => KaizalaSandbox['requests'];
	/** Requests the sandbox received other than token exchanges. */
	platformRequests: () => KaizalaSandbox['requests'];
	close: () => Promise<void>;
}

export async function startFixture(
	options: SandboxOptions = {},
	credentialOverrides: Partial<ICredentialDataDecryptedObject> = {},
): Promise<Fixture> {
	const sandbox = await startSandbox(options);
	const store = new CredentialStore();
	const credential = store.add({
		id: 'cred-1',
		name: 'Kaizala sandbox',
		type: 'kaizalaApi',
		data: {
			connectorId: DEMO_CONNECTOR.connectorId,
			connectorSecret: DEMO_CONNECTOR.connectorSecret,
			refreshToken: DEMO_CONNECTOR.refreshToken,
			apiRoot: sandbox.apiRoot,
			session: '',
			...credentialOverrides,
		},
	});
	const seenSecrets = new Set<string>();
	return {
		sandbox,
		store,
		credential,
		secrets: () => {
			seenSecrets.add(DEMO_CONNECTOR.connectorSecret);
			seenSecrets.add(DEMO_CONNECTOR.refreshToken);
			const row = store.get('cred-1').data;
			seenSecrets.add(String(row.connectorSecret));
			seenSecrets.add(String(row.refreshToken));
			for (const entry of sandbox.requests) {
				for (const name of ['accesstoken', 'applicationsecret', 'refreshtoken']) {
					const value = Object.entries(entry.headers).find(([k]) => k.toLowerCase() === name)?.[1];
					if (value) seenSecrets.add(value);
				}
			}
			return [...seenSecrets].filter((secret) => secret.length >= 6);
		},
		requestsFor: (route) => sandbox.requests.filter((entry) => entry.route === route),
		platformRequests: () => sandbox.requests.filter((entry) => entry.route !== EXCHANGE),
		close: () => sandbox.close(),
	};
}

/** Fails when any secret appears anywhere in the serialised value (errors included). */
export function expectNoSecrets(value: unknown, secrets: string[]): void {
	const text = JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error ? { message: v.message, description: (v as { description?: unknown }).description, stack: v.stack } : v,
	);
	for (const secret of secrets) {
		if (text?.includes(secret)) throw new Error(`A secret leaked: found ${secret.slice(0, 3)}… in ${text.slice(0, 200)}`);
	}
}

/**
 * Runs the Kaizala node with `preset` parameters (e.g. the resource) under the fixture of the
 * current test; `current` is read at each run, since every test starts its own fixture.
 */
export function nodeRunner(current: () => Fixture, preset: IDataObject) {
	return (parameters: IDataObject, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
		runKaizalaNode({ parameters: { ...preset, ...parameters }, store: current().store, credential: current().credential, ...extra });
}
