/** Reading responses: the one header reader, Retry-After, Kaizala's error fields and network error codes. */
import { headerValue, hideTokenLikeText, jsonBody, networkErrorCode, platformErrorOf, retryAfterMs } from '../../../../../nodes/Kaizala/transport/responseReading';

describe('wire readers', () => {
	it('reads a header case-insensitively, the first of repeated values, nothing for absent or null', () => {
		const headers = { 'Content-Type': 'application/json', location: ['https://a/', 'https://b/'], 'x-empty': null };
		expect(headerValue(headers, 'content-type')).toBe('application/json');
		expect(headerValue(headers, 'Location')).toBe('https://a/');
		expect(headerValue(headers, 'x-empty')).toBeUndefined();
		expect(headerValue(undefined, 'location')).toBeUndefined();
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2027-01-01T00:00:00Z');
		expect(retryAfterMs({ 'Retry-After': '7' }, now)).toBe(7000);
		expect(retryAfterMs({ 'retry-after': 'Fri, 01 Jan 2027 00:00:30 GMT' }, now)).toBe(30_000);
		expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
		expect(retryAfterMs({}, now)).toBeUndefined();
	});

	it("finds Kaizala's error code and message in parsed and in textual JSON, and nothing in other text", () => {
		expect(platformErrorOf({ errorCode: 'InvalidGroupId', message: 'No such group' })).toEqual({ code: 'InvalidGroupId', message: 'No such group' });
		expect(platformErrorOf('{"code":"RefreshTokenExpired","Message":"expired"}')).toEqual({ code: 'RefreshTokenExpired', message: 'expired' });
		expect(platformErrorOf({ errorCode: 404, error: 'gone' })).toEqual({ code: undefined, message: 'gone' });
		expect(platformErrorOf('<html>oops')).toEqual({});
		expect(jsonBody('<html>oops')).toBe('<html>oops');
	});

	it('takes the network error code from the error or its cause', () => {
		expect(networkErrorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
		expect(networkErrorCode({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('no code'))).toBeUndefined();
		expect(networkErrorCode(undefined)).toBeUndefined();
	});

	it('hides token-like text in what the other side said, keeps ids and words', () => {
		const token = `kz-at-${'Ab3_-'.repeat(9)}`;
		const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
		const said = platformErrorOf({ errorCode: 'InvalidToken', message: `Token ${token} refused; header accessToken: ${jwt}; group b21405d1-4b10-4c46-bfa9-8338592f3782` });
		expect(said).toEqual({ code: 'InvalidToken', message: 'Token [hidden] refused; header accessToken: [hidden]; group b21405d1-4b10-4c46-bfa9-8338592f3782' });
		expect(hideTokenLikeText('Group not found: com.contoso.inspection')).toBe('Group not found: com.contoso.inspection');
	});
});
