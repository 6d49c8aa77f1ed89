/**
 * Connector PIN flow (Authentication APIs in the swagger): `POST /generatePin` "texts" a one-time
 * PIN to a phone number, `POST /loginWithPinAndApplicationId` trades it for a refresh token that
 * acts as that phone's user. The sandbox sends no SMS: the PIN is recorded in `state.pins`.
 */
import type { TokenServiceRoute } from '../app';
import { ApiError, invalidRequest, unauthorized } from '../errors';
import { newPin } from '../ids';
import { GRANTED_SCOPE } from '../auth/connectorRegistry';
import { ensureUser } from '../stateQueries';
import { field, requireObject, requirePhone, requireString } from '../validation';

const PIN_LIFETIME_MS = 10 * 60 * 1000;

export const connectorPinRoutes: TokenServiceRoute[] = [
	{
		method: 'POST',
		pattern: '/generatePin',
		body: 'json',
		handle({ app, body }) {
			const request = requireObject(body);
			const mobileNumber = requirePhone(field(request, 'mobileNumber'), "'mobileNumber'");
			const applicationId = requireString(request, 'applicationId');
			if (!app.connectors.has(applicationId)) {
				throw unauthorized('InvalidConnectorCredentials', 'Unknown applicationId');
			}
			const now = app.now();
			// A new PIN replaces any earlier unused one for the same number and connector.
			for (const earlier of app.state.pins) {
				if (earlier.mobileNumber === mobileNumber && earlier.applicationId === applicationId) earlier.consumed = true;
			}
			app.state.pins.push({ mobileNumber, applicationId, pin: newPin(), issuedAt: now, expiresAt: now + PIN_LIFETIME_MS, consumed: false });
			return { body: {} };
		},
	},
	{
		method: 'POST',
		pattern: '/loginWithPinAndApplicationId',
		body: 'json',
		handle({ app, body }) {
			const request = requireObject(body);
			const mobileNumber = requirePhone(field(request, 'mobileNumber'), "'mobileNumber'");
			const applicationId = requireString(request, 'applicationId');
			const pin = parsePin(field(request, 'pin'));
			if (!app.connectors.has(applicationId)) {
				throw unauthorized('InvalidConnectorCredentials', 'Unknown applicationId');
			}
			const issued = [...app.state.pins]
				.reverse()
				.find((record) => record.mobileNumber === mobileNumber && record.applicationId === applicationId && !record.consumed);
			if (!issued || issued.pin !== pin) throw unauthorized('InvalidPin', 'The PIN is wrong or was not generated for this number');
			if (app.now() >= issued.expiresAt) throw unauthorized('PinExpired', 'The PIN has expired; generate a new one');
			issued.consumed = true;

			const user = ensureUser(app.state, mobileNumber);
			// Logging in with a PIN proves the number is a real Kaizala user.
			user.isProvisioned = true;
			const { refreshToken, expiresAt } = app.connectors.issueRefreshToken(applicationId, mobileNumber);
			return { body: { refreshToken, grantedScope: GRANTED_SCOPE, refreshTokenExpiry: expiresAt } };
		},
	},
];

/** The swagger types the PIN as an integer; a string of digits is accepted too. */
function parsePin(value: unknown): number {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d{4,8}$/.test(value.trim())) return Number(value.trim());
	if (value === undefined || value === null) throw invalidRequest("'pin' is required");
	throw new ApiError(400, 'InvalidRequest', "'pin' must be the numeric PIN");
}
