/**
 * The credential's authenticate function, as n8n's HTTP Request node uses it with the
 * predefined credential type "Kaizala API".
 */
import { KaizalaApi } from '../../../../../../credentials/KaizalaApi.credentials';
import { credentialKey } from '../../../../../../nodes/Kaizala/transport/token/tokenStore';
import { serializeSession } from '../../../../../../nodes/Kaizala/transport/token/grant';
import { ExchangeRequired, REFRESH_ONLY_URL } from '../../../../../../nodes/Kaizala/transport/token/n8nBridge';

const values = {
	apiRoot: 'https://api.kaiza.la/v1',
	connectorId: 'connector-a',
	connectorSecret: 'secret-a',
	refreshToken: 'refresh-a',
};

function session(expiresInMs: number, endpointUrl = 'https://kms.kaiza.la/', forValues = values) {
	return serializeSession(credentialKey(forValues), {
		accessToken: `token-${expiresInMs}`,
		endpointUrl,
		accessTokenExpiry: Date.now() + expiresInMs,
		receivedAt: Date.now(),
		scope: '',
	});
}

const authenticate = new KaizalaApi().authenticate as (
	credentials: Record<string, unknown>,
	options: { url: string; baseURL?: string; headers?: Record<string, string> },
) => Promise<{ url: string; baseURL?: string; headers?: Record<string, string> }>;

describe('Kaizala API credential: authenticate', () => {
	it('attaches the persisted token and resolves the endpoint placeholder', async () => {
		const result = await authenticate(
			{ ...values, session: session(3_600_000) },
			{ url: 'https://endpoint.kaizala.invalid/v1/groups' },
		);
		expect(result.url).toBe('https://kms.kaiza.la/v1/groups');
		expect(result.headers).toEqual({ accessToken: 'token-3600000' });
	});

	it('aims relative URLs at the endpoint and leaves absolute ones alone', async () => {
		const credentials = { ...values, session: session(3_600_000) };
		expect((await authenticate(credentials, { url: 'v1/groups' })).baseURL).toBe('https://kms.kaiza.la/');
		const absolute = await authenticate(credentials, { url: 'https://kms.kaiza.la/v1/groups' });
		expect(absolute.baseURL).toBeUndefined();
		expect(absolute.headers?.accessToken).toBe('token-3600000');
	});

	it('sends the token to a URL of the user\'s own only over https (or to loopback)', async () => {
		const credentials = { ...values, session: session(3_600_000) };
		for (const url of ['http://example.com/v1/groups', 'http://kms.kaiza.la/v1/groups']) {
			await expect(authenticate(credentials, { url })).rejects.toThrow(
				/^Refusing URL "http:\/\/[a-z.]+": access tokens are only sent over https .*use an https:\/\/ URL, or https:\/\/endpoint\.kaizala\.invalid/,
			);
		}
		await expect(authenticate(credentials, { url: 'groups', baseURL: 'http://example.com/v1/' })).rejects.toThrow(/^Refusing URL "http:\/\/example\.com"/);
		await expect(authenticate(credentials, { url: 'http://[not-a-host/v1' })).rejects.toThrow(/^The URL "http:\/\/\[not-a-host\/v1" is not a valid URL: use an https:\/\/ URL/);
		expect((await authenticate(credentials, { url: 'http://127.0.0.1:4010/v1/groups' })).headers?.accessToken).toBe('token-3600000');
		expect((await authenticate(credentials, { url: 'https://example.com/hook' })).headers?.accessToken).toBe('token-3600000');
	});

	it('sends no expired token: it asks n8n for the exchange with a 401-shaped error instead', async () => {
		// Other credential values than the tests above, so nothing fresh is cached in memory.
		const other = { ...values, connectorId: 'connector-b' };
		const options: { url: string; headers?: Record<string, string> } = { url: 'https://endpoint.kaizala.invalid/v1/groups' };
		const failure = await authenticate({ ...other, session: session(-1000, 'https://kms-old.kaiza.la/', other) }, options).catch(
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(ExchangeRequired);
		// n8n-core runs preAuthentication and retries when error.response.status is 401.
		expect((failure as ExchangeRequired).response.status).toBe(401);
		expect(options.headers?.accessToken).toBeUndefined();
	});

	it('never uses a session minted for other credential values (an edited credential)', async () => {
		const failure = await authenticate(
			{ ...values, connectorSecret: 'edited', session: session(3_600_000) },
			{ url: 'https://endpoint.kaizala.invalid/v1/groups' },
		).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ExchangeRequired);
	});

	it("refuses an endpoint outside the credential's Allowed Domains, naming the host and what to add", async () => {
		const restricted = { ...values, session: session(3_600_000), allowedHttpRequestDomains: 'domains', allowedDomains: 'api.kaiza.la' };
		await expect(authenticate(restricted, { url: 'v1/groups' })).rejects.toThrow(
			"The Kaizala endpoint (the endpointUrl the token service returned) is kms.kaiza.la, and this credential's Allowed Domains (api.kaiza.la) do not include it: add kms.kaiza.la (or a wildcard such as *.kaiza.la) to Allowed Domains, or set Allowed HTTP Request Domains to All",
		);
		const allowed = await authenticate({ ...restricted, allowedDomains: 'api.kaiza.la, *.kaiza.la' }, { url: 'v1/groups' });
		expect(allowed.baseURL).toBe('https://kms.kaiza.la/');
		// "None" blocks only n8n's HTTP Request node (n8n enforces that); the credential's own node is not affected.
		const none = await authenticate({ ...restricted, allowedHttpRequestDomains: 'none' }, { url: 'v1/groups' });
		expect(none.baseURL).toBe('https://kms.kaiza.la/');
	});

	it('stops the refresh-only request the transport uses to have n8n persist a new session', async () => {
		await expect(authenticate({ ...values, session: '' }, { url: REFRESH_ONLY_URL })).rejects.toThrow(
			'Kaizala session refreshed',
		);
	});

	it('also rewrites the legacy `uri` option that the HTTP Request node sends', async () => {
		const result = (await authenticate(
			{ ...values, session: session(3_600_000) },
			{ uri: 'https://endpoint.kaizala.invalid/v1/groups' } as never,
		)) as unknown as { uri: string; headers: Record<string, string> };
		expect(result.uri).toBe('https://kms.kaiza.la/v1/groups');
		expect(result.headers.accessToken).toBe('token-3600000');
	});
});
