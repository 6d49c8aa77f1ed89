/**
 * Connector → Generate PIN and Log In With PIN: a refresh token without the portal, proven by
 * using it for a token exchange.
 */
import { DEMO_CONNECTOR } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { expectNoSecrets, startFixture } from '../helpers/fixtures';
import { runKaizalaNode } from '../helpers/n8n';

let fixture: Fixture;
const NEW_USER = '+15550100200';

beforeEach(async () => {
	fixture = await startFixture();
});
afterEach(async () => fixture.close());

function run(parameters: Record<string, string>) {
	return runKaizalaNode({ parameters: { resource: 'connector', ...parameters }, store: fixture.store, credential: fixture.credential });
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

		// The new refresh token works for the token exchange.
		const response = await fetch(`${fixture.sandbox.apiRoot}/accessToken`, {
			headers: { applicationId: DEMO_CONNECTOR.connectorId, applicationSecret: DEMO_CONNECTOR.connectorSecret, refreshToken },
		});
		expect(response.status).toBe(200);
	});

	it('surfaces a wrong PIN with the platform message', async () => {
		await run({ operation: 'generatePin', mobileNumber: NEW_USER });
		const { error } = await run({ operation: 'loginWithPin', mobileNumber: NEW_USER, pin: '0000' });
		expect(error?.message).toMatch(/PIN is wrong/);
		expectNoSecrets(error, fixture.secrets());
	});

	it.each([
		['a malformed phone number', { operation: 'generatePin', mobileNumber: '5550100200' }, /Mobile Number "5550100200" is not a phone number/],
		['a PIN that is not digits', { operation: 'loginWithPin', mobileNumber: NEW_USER, pin: 'abc' }, /PIN must be the 4 to 8 digits/],
	])('refuses %s before any request', async (_name, parameters, message) => {
		const { error } = await run(parameters);
		expect(error?.message).toMatch(message);
		expect(fixture.sandbox.requests).toEqual([]);
	});
});
