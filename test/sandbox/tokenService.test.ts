import { DEMO_CONNECTOR, startSandbox, type KaizalaSandbox } from '../../sandbox';
import { exchangeHeaders, FakeClock, http, SandboxClient } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

describe('token service GET /v1/accessToken', () => {
	let sandbox: KaizalaSandbox;
	let clock: FakeClock;
	const exchange = (headers: Record<string, string>) => http(`${sandbox.apiRoot}/accessToken`, { headers });

	beforeEach(async () => {
		clock = new FakeClock();
		sandbox = await startSandbox({ now: clock.now });
	});
	afterEach(() => sandbox.close());

	it('exchanges the demo connector credentials for an access token and the endpoint URL', async () => {
		const result = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		expect(result.status).toBe(200);
		expect(result.body).toEqual({
			accessToken: expect.any(String),
			endpointUrl: sandbox.endpointUrlFor(DEMO_CONNECTOR.connectorId),
			accessTokenExpiry: clock.time + DAY,
			refreshToken: '',
			scope: expect.any(String),
		});
		expect(result.body.endpointUrl).toMatch(new RegExp(`^${sandbox.origin}/endpoints/[^/]+/$`));
		expect(result.body.accessToken.length).toBeGreaterThan(30);
		expect(sandbox.requests.at(-1)).toMatchObject({
			route: 'GET /accessToken',
			status: 200,
			connectorId: DEMO_CONNECTOR.connectorId,
			accessTokenState: 'not-required',
		});
	});

	it.each(['applicationId', 'applicationSecret', 'refreshToken'])('answers 400 MissingHeader naming %s', async (header) => {
		const headers = exchangeHeaders(DEMO_CONNECTOR);
		delete headers[header];
		const result = await exchange(headers);
		expect(result.status).toBe(400);
		expect(result.body.errorCode).toBe('MissingHeader');
		expect(result.body.message).toContain(header);
	});

	it('answers 401 InvalidConnectorCredentials for an unknown connector or a wrong secret', async () => {
		const unknown = await exchange({ ...exchangeHeaders(DEMO_CONNECTOR), applicationId: 'no-such-connector' });
		const wrongSecret = await exchange({ ...exchangeHeaders(DEMO_CONNECTOR), applicationSecret: 'wrong' });
		for (const result of [unknown, wrongSecret]) {
			expect(result.status).toBe(401);
			expect(result.body.errorCode).toBe('InvalidConnectorCredentials');
			expect(JSON.stringify(result.body)).not.toContain(DEMO_CONNECTOR.connectorSecret);
		}
	});

	it('answers 401 InvalidRefreshToken for an unknown or revoked refresh token', async () => {
		const unknown = await exchange(exchangeHeaders(DEMO_CONNECTOR, 'not-a-token'));
		expect(unknown.status).toBe(401);
		expect(unknown.body.errorCode).toBe('InvalidRefreshToken');

		sandbox.revokeRefreshToken(DEMO_CONNECTOR.connectorId);
		const revoked = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		expect(revoked.status).toBe(401);
		expect(revoked.body.errorCode).toBe('InvalidRefreshToken');
	});

	it('answers 401 RefreshTokenExpired once the refresh token is older than 365 days', async () => {
		clock.advance(366 * DAY);
		const result = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		expect(result.status).toBe(401);
		expect(result.body.errorCode).toBe('RefreshTokenExpired');
	});

	it('rotates the refresh token on the next exchange only, and the old one stops working', async () => {
		sandbox.rotateRefreshTokenOnNextExchange(DEMO_CONNECTOR.connectorId);
		const rotated = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		expect(rotated.status).toBe(200);
		const newToken: string = rotated.body.refreshToken;
		expect(newToken).not.toBe('');
		expect(newToken).not.toBe(DEMO_CONNECTOR.refreshToken);
		expect(sandbox.currentRefreshToken(DEMO_CONNECTOR.connectorId)).toBe(newToken);

		const old = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		expect(old.status).toBe(401);
		expect(old.body.errorCode).toBe('InvalidRefreshToken');

		const next = await exchange(exchangeHeaders(DEMO_CONNECTOR, newToken));
		expect(next.status).toBe(200);
		expect(next.body.refreshToken).toBe('');
	});

	it("rotates on every exchange with rotateRefreshToken 'always'", async () => {
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { rotateRefreshToken: 'always' });
		const first = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		const second = await exchange(exchangeHeaders(DEMO_CONNECTOR, first.body.refreshToken));
		expect(second.status).toBe(200);
		expect(second.body.refreshToken).not.toBe('');
		expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
	});

	it('hands out a new refresh token once 90% of its validity has passed, like the real service', async () => {
		clock.advance(330 * DAY);
		const result = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		expect(result.status).toBe(200);
		expect(result.body.refreshToken).not.toBe('');
	});

	it('expires access tokens by the injected clock and by expireAccessTokens()', async () => {
		const client = await new SandboxClient(sandbox).login();
		expect((await client.call('GET', 'groups')).status).toBe(200);

		clock.advance(DAY);
		const expired = await client.call('GET', 'groups');
		expect(expired.status).toBe(401);
		expect(expired.body.errorCode).toBe('AccessTokenExpired');
		expect(sandbox.requests.at(-1)?.accessTokenState).toBe('expired');

		await client.login();
		expect((await client.call('GET', 'groups')).status).toBe(200);
		sandbox.expireAccessTokens();
		expect((await client.call('GET', 'groups')).body.errorCode).toBe('AccessTokenExpired');
	});

	it('uses per-connector access token lifetimes and endpointUrl overrides', async () => {
		sandbox.setConnector(DEMO_CONNECTOR.connectorId, { accessTokenLifetimeMs: 5000, endpointUrl: 'http://kaizala.example.com/' });
		const result = await exchange(exchangeHeaders(DEMO_CONNECTOR));
		expect(result.body.accessTokenExpiry).toBe(clock.time + 5000);
		expect(result.body.endpointUrl).toBe('http://kaizala.example.com/');
		expect(sandbox.endpointUrlFor(DEMO_CONNECTOR.connectorId)).toBe('http://kaizala.example.com/');
	});

	it('is not throttled', async () => {
		await sandbox.close();
		sandbox = await startSandbox({ now: clock.now, throttle: { perConnectorPerMinute: 1, perTenantPerMinute: 1 } });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await exchange(exchangeHeaders(DEMO_CONNECTOR))).status);
		expect(statuses).toEqual([200, 200, 200, 200]);
	});
});

describe('connector PIN flow', () => {
	let sandbox: KaizalaSandbox;
	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(() => sandbox.close());

	it('records the PIN in state and trades it for a refresh token acting as that user', async () => {
		const phone = '+15550100002';
		const generated = await http(`${sandbox.apiRoot}/generatePin`, {
			method: 'POST',
			body: { mobileNumber: phone, applicationId: DEMO_CONNECTOR.connectorId },
		});
		expect(generated.status).toBe(200);
		const pin = sandbox.state.pins.find((record) => record.mobileNumber === phone)?.pin;
		expect(pin).toEqual(expect.any(Number));

		const login = await http(`${sandbox.apiRoot}/loginWithPinAndApplicationId`, {
			method: 'POST',
			body: { mobileNumber: phone, applicationId: DEMO_CONNECTOR.connectorId, pin },
		});
		expect(login.status).toBe(200);
		expect(login.body).toEqual({ refreshToken: expect.any(String), grantedScope: expect.any(String), refreshTokenExpiry: expect.any(Number) });

		const client = new SandboxClient(sandbox, { ...DEMO_CONNECTOR, refreshToken: login.body.refreshToken });
		const token = await http(`${sandbox.apiRoot}/accessToken`, { headers: exchangeHeaders(client.connector) });
		expect(token.status).toBe(200);
		// Priya is a plain (non-tenant-admin) user: she may not create groups.
		client.accessToken = token.body.accessToken;
		client.endpointUrl = token.body.endpointUrl;
		const create = await client.call('POST', 'groups', { name: 'Priya group', welcomeMessage: 'hi' });
		expect(create.status).toBe(403);
	});

	it('refuses a wrong PIN with 401 InvalidPin and a bad number with 400', async () => {
		await http(`${sandbox.apiRoot}/generatePin`, {
			method: 'POST',
			body: { mobileNumber: '+15550100003', applicationId: DEMO_CONNECTOR.connectorId },
		});
		const pin = sandbox.state.pins[0].pin;
		const wrong = await http(`${sandbox.apiRoot}/loginWithPinAndApplicationId`, {
			method: 'POST',
			body: { mobileNumber: '+15550100003', applicationId: DEMO_CONNECTOR.connectorId, pin: pin === 1234 ? 4321 : 1234 },
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body.errorCode).toBe('InvalidPin');

		const badPhone = await http(`${sandbox.apiRoot}/generatePin`, {
			method: 'POST',
			body: { mobileNumber: '555-0100', applicationId: DEMO_CONNECTOR.connectorId },
		});
		expect(badPhone.status).toBe(400);
		expect(badPhone.body.errorCode).toBe('InvalidPhoneNumber');
	});
});
