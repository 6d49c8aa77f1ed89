/**
 * The credential's authenticate function, as n8n's HTTP Request node uses it with the
 * predefined credential type "Kaizala API".
 */
import { KaizalaApi } from '../../credentials/KaizalaApi.credentials';
import { credentialKey, serializeSession } from '../../nodes/Kaizala/transport/tokenStore';
import { REFRESH_ONLY_URL } from '../../nodes/Kaizala/transport/session';

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

	it('sends no expired token, but keeps the endpoint so the 401 triggers a refresh', async () => {
		// Other credential values than the tests above, so nothing fresh is cached in memory.
		const other = { ...values, connectorId: 'connector-b' };
		const result = await authenticate(
			{ ...other, session: session(-1000, 'https://kms-old.kaiza.la/', other) },
			{ url: 'https://endpoint.kaizala.invalid/v1/groups' },
		);
		expect(result.headers?.accessToken).toBeUndefined();
		expect(result.url).toBe('https://kms-old.kaiza.la/v1/groups');
	});

	it('ignores a session minted for other credential values', async () => {
		const result = await authenticate(
			{ ...values, connectorSecret: 'edited', session: session(3_600_000) },
			{ url: 'https://endpoint.kaizala.invalid/v1/groups' },
		);
		expect(result.headers?.accessToken).toBeUndefined();
		expect(result.url).toBe('https://endpoint.kaizala.invalid/v1/groups');
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
