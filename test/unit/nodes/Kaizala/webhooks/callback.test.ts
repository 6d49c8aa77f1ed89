/** The callback token every Kaizala receiver in the package checks. */
import { newCallbackToken, tokensMatch } from '../../../../../nodes/Kaizala/webhooks/callback';

describe('callback tokens', () => {
	it('are 32 random bytes, base64url, new each time', () => {
		const token = newCallbackToken();
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(newCallbackToken()).not.toBe(token);
	});
	it('match only the same non-empty text, whatever the lengths', () => {
		const token = newCallbackToken();
		expect(tokensMatch(token, token)).toBe(true);
		expect(tokensMatch(`${token}x`, token)).toBe(false);
		expect(tokensMatch(token.slice(1), token)).toBe(false);
		expect(tokensMatch('', '')).toBe(false);
		expect(tokensMatch(undefined, token)).toBe(false);
		expect(tokensMatch([token], token)).toBe(false);
	});
});
