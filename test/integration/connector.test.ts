/**
 * Connector → Generate PIN and Log In With PIN: a refresh token without the portal, proven by
 * using it for a token exchange.
 */
import { DEMO_CONNECTOR } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, startFixture } from '../helpers/fixtures';
import { loggedLines, runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;
const NEW_USER = '+15550100200';

beforeEach(async () => {
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

function run(parameters: Record<string, string>, extra: Partial<Parameters<typeof runKaizalaNode>[0]> = {}) {
	return runKaizalaNode({ parameters: { resource: 'connector', ...parameters }, store: fixture.store, credential: fixture.credential, ...extra });
}

describe('Connector', () => {
	it('generates a PIN, logs in with it, and the refresh token it returns works', async () => {
		const generated = await run({ operation: 'generatePin', mobileNumber: '+1 555-010-0200' });
		expect(generated.error).toBeUndefined();
		expect(generated.output[0].json).toEqual({ mobileNumber: NEW_USER, pinSent: true });
		expect(fixture.requestsFor('POST /generatePin')[0].body).toEqual({ mobileNumber: NEW_USER, applicationId: DEMO_CONNECTOR.connectorId });
		expectNoSecrets([generated.output, fixture.sandbox.requests.filter((r) => r.route === 'POST /generatePin').map((r) => r.headers)], fixture.secrets());

		const pin = fixture.sandbox.state.pins.find((record) => record.mobileNumber === NEW_USER)!.pin;
		const login = await run({ operation: 'loginWithPin', mobileNumber: NEW_USER, pin: String(pin) });
		expect(login.error).toBeUndefined();
		const refreshToken = login.output[0].json.refreshToken as string;
		expect(refreshToken).toEqual(expect.any(String));
		// No access token was needed for either call.
		expect(fixture.requestsFor('GET /accessToken')).toEqual([]);

		expect(login.output).toEqual([
			{
				json: {
					mobileNumber: NEW_USER,
					refreshToken,
					grantedScope: expect.any(String),
					refreshTokenExpiry: expect.any(Number),
					refreshTokenExpiresAt: new Date(login.output[0].json.refreshTokenExpiry as number).toISOString(),
					// The secret is marked as such in the item itself.
					secretFields: ['refreshToken'],
					notice: expect.stringMatching(/^refreshToken is a secret/),
				},
				pairedItem: { item: 0 },
			},
		]);
		const [loginRequest] = fixture.requestsFor('POST /loginWithPinAndApplicationId');
		expect(loginRequest.body).toEqual({ mobileNumber: NEW_USER, applicationId: DEMO_CONNECTOR.connectorId, pin });
		expect(loginRequest.status).toBe(200);
		expect(loginRequest.accessTokenState).toBe('not-required');
		expect(Object.keys(loginRequest.headers).map((name) => name.toLowerCase())).not.toContain('accesstoken');
		expect(fixture.sandbox.state.pins.find((record) => record.pin === pin)?.consumed).toBe(true);
		// The refresh token is output, and nowhere else: not in any log line, nor the PIN.
		expect(loggedLines.filter((line) => line.includes(refreshToken))).toEqual([]);
		expect(loggedLines.filter((line) => line.includes(`"pin":"${pin}"`) || line.includes(`pin=${pin}`))).toEqual([]);

		// The new refresh token works: a credential holding it exchanges it and calls the platform as that user.
		const second = fixture.store.add({
			id: 'cred-pin',
			name: 'Kaizala via PIN',
			type: 'kaizalaApi',
			data: { ...fixture.store.get('cred-1').data, refreshToken, session: '' },
		});
		const groups = await runKaizalaNode({
			parameters: { resource: 'customApiCall', operation: 'call', method: 'GET', path: 'v1/groups' },
			store: fixture.store,
			credential: second,
		});
		expect(groups.error).toBeUndefined();
		const [exchange] = fixture.requestsFor('GET /accessToken');
		expect(exchange.status).toBe(200);
		expect(Object.entries(exchange.headers).find(([name]) => name.toLowerCase() === 'refreshtoken')?.[1]).toBe(refreshToken);
		const [listed] = fixture.requestsFor('GET /groups');
		expect(listed.accessTokenState).toBe('valid');
		expect(listed.status).toBe(200);
		// A new user is in no group yet: the token acts for that user, not the connector's admin.
		expect(groups.output[0].json).toEqual({ groups: [] });
		expectNoSecrets([groups.output, groups.error], [...fixture.secrets(), refreshToken]);
	});

	it('a PIN works once', async () => {
		await run({ operation: 'generatePin', mobileNumber: NEW_USER });
		const pin = String(fixture.sandbox.state.pins[0].pin);
		const first = await run({ operation: 'loginWithPin', mobileNumber: NEW_USER, pin });
		expect(first.error).toBeUndefined();
		const again = await run({ operation: 'loginWithPin', mobileNumber: NEW_USER, pin });
		expect(again.error?.message).toMatch(/^Kaizala: The PIN is wrong/);
		expect(again.error?.httpCode).toBe('401');
		expect(fixture.requestsFor('POST /loginWithPinAndApplicationId').map((r) => r.status)).toEqual([200, 401]);
	});

	it('refuses a plain-http API Root off loopback before sending the number', async () => {
		fixture.store.get('cred-1').data.apiRoot = 'http://api.example.com/v1';
		const { error } = await run({ operation: 'generatePin', mobileNumber: NEW_USER });
		expect(error?.message).toMatch(/API Root.*only sent over https/);
		expect(fixture.sandbox.requests).toEqual([]);
	});

	it("keeps to the credential's Allowed Domains: an API Root outside them gets no number and no PIN", async () => {
		Object.assign(fixture.store.get('cred-1').data, { allowedHttpRequestDomains: 'domains', allowedDomains: 'api.kaiza.la' });
		const { error } = await run({ operation: 'generatePin', mobileNumber: NEW_USER });
		expect(error?.message).toMatch(/API Root \(the token service\) is 127\.0\.0\.1.*Allowed Domains \(api\.kaiza\.la\)/);
		expect(fixture.sandbox.requests).toEqual([]);

		Object.assign(fixture.store.get('cred-1').data, { allowedDomains: 'api.kaiza.la, 127.0.0.1' });
		const allowed = await run({ operation: 'generatePin', mobileNumber: NEW_USER });
		expect(allowed.error).toBeUndefined();
		expect(fixture.requestsFor('POST /generatePin')).toHaveLength(1);
	});

	it('with Continue On Fail, asks for one PIN per valid number', async () => {
		const { output, error } = await run(
			{ operation: 'generatePin', mobileNumber: '={{ $json.phone }}' },
			{ continueOnFail: true, items: [{ phone: NEW_USER }, { phone: 'call me' }, { phone: '+15550100201' }] },
		);
		expect(error).toBeUndefined();
		expect(fixture.requestsFor('POST /generatePin').map((r) => (r.body as { mobileNumber: string }).mobileNumber)).toEqual([NEW_USER, '+15550100201']);
		expect(output.map((item) => item.json.pinSent ?? item.json.error)).toEqual([true, expect.stringMatching(/^Mobile Number "call me" is not a phone number.*\[item 1\]$/), true]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('surfaces a wrong PIN with the platform message', async () => {
		await run({ operation: 'generatePin', mobileNumber: NEW_USER });
		const { error } = await run({ operation: 'loginWithPin', mobileNumber: NEW_USER, pin: '0000' });
		expect(error?.message).toMatch(/PIN is wrong/);
		expectNoSecrets(error, fixture.secrets());
	});

	it.each([
		['a malformed phone number', { operation: 'generatePin', mobileNumber: '5550100200' }, /Mobile Number "5550100200" is not a phone number/],
		['a malformed phone number at login', { operation: 'loginWithPin', mobileNumber: '+1', pin: '1234' }, /Mobile Number "\+1" is not a phone number/],
		['a PIN that is not digits', { operation: 'loginWithPin', mobileNumber: NEW_USER, pin: 'abc' }, /PIN must be the 4 to 8 digits/],
	])('refuses %s before any request', async (_name, parameters, message) => {
		const { error } = await run(parameters);
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain('[item 0]');
		expect(fixture.sandbox.requests).toEqual([]);
		expectNoSecrets(error, fixture.secrets());
	});
});
