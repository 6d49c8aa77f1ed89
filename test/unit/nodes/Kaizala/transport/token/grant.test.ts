/**
 * grant.ts: the token service's answer turned into a grant or into the error the user sees, the
 * refresh windows, and the session persisted in the credential.
 */
import type { TokenServiceResponse } from '../../../../../../nodes/Kaizala/transport/token/grant';
import { grantFromAnswer, refreshWindows, serializeSession } from '../../../../../../nodes/Kaizala/transport/token/grant';
import { parseSession } from '../../../../../../nodes/Kaizala/transport/token/tokenStore';
import { KaizalaAuthError } from '../../../../../../nodes/Kaizala/transport/token/authErrors';

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;
const answer = (body: unknown, statusCode = 200): TokenServiceResponse => ({ statusCode, headers: {}, body });
const good = {
	accessToken: 'at-1',
	endpointUrl: 'https://kms.kaiza.la/v1/connector-1',
	accessTokenExpiry: NOW + 24 * 60 * MINUTE,
	scope: 'Group',
};

function reasonOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(KaizalaAuthError);
		return (error as KaizalaAuthError).reason;
	}
	throw new Error('expected a KaizalaAuthError');
}

describe('grantFromAnswer', () => {
	it('reads a grant: endpoint normalised with a trailing slash, received now, no rotation', () => {
		expect(grantFromAnswer(answer(good), NOW)).toEqual({
			grant: { accessToken: 'at-1', endpointUrl: 'https://kms.kaiza.la/v1/connector-1/', accessTokenExpiry: good.accessTokenExpiry, receivedAt: NOW, scope: 'Group' },
			refreshToken: undefined,
		});
	});

	it('a numeric-string expiry and a JSON text body are read; a new refresh token is returned', () => {
		const text = JSON.stringify({ ...good, accessTokenExpiry: String(good.accessTokenExpiry), refreshToken: 'rt-2' });
		const { grant, refreshToken } = grantFromAnswer(answer(text), NOW);
		expect(grant.accessTokenExpiry).toBe(good.accessTokenExpiry);
		expect(refreshToken).toBe('rt-2');
	});

	it('a refusal names what to fix; a 2xx without a usable grant is malformed; an http endpoint is refused', () => {
		expect(reasonOf(() => grantFromAnswer(answer({ errorCode: 'InvalidRefreshToken', message: 'refresh token expired' }, 401), NOW))).toBe('refresh-token-rejected');
		expect(reasonOf(() => grantFromAnswer(answer({ message: 'bad secret' }, 401), NOW))).toBe('invalid-connector');
		expect(reasonOf(() => grantFromAnswer(answer({}, 400), NOW))).toBe('token-service-refused');
		expect(reasonOf(() => grantFromAnswer(answer('not json'), NOW))).toBe('malformed-response');
		expect(reasonOf(() => grantFromAnswer(answer({ ...good, accessToken: '' }), NOW))).toBe('malformed-response');
		expect(reasonOf(() => grantFromAnswer(answer({ ...good, accessTokenExpiry: 'soon' }), NOW))).toBe('malformed-response');
		expect(reasonOf(() => grantFromAnswer(answer({ ...good, endpointUrl: 'http://kms.kaiza.la/v1/' }), NOW))).toBe('insecure-endpoint');
	});
});

describe('refreshWindows', () => {
	it('24-hour tokens: refresh 5 minutes ahead, never sent in the last minute', () => {
		expect(refreshWindows({ receivedAt: NOW, accessTokenExpiry: NOW + 24 * 60 * MINUTE })).toEqual({ forcedMs: MINUTE, refreshMs: 5 * MINUTE });
	});

	it('short tokens scale: half the lifetime to refresh, a quarter forced', () => {
		expect(refreshWindows({ receivedAt: NOW, accessTokenExpiry: NOW + 8_000 })).toEqual({ forcedMs: 2_000, refreshMs: 4_000 });
	});
});

describe('the persisted session', () => {
	const { grant } = grantFromAnswer(answer(good), NOW);

	it('round-trips for the key it was written for, and only for that key', () => {
		const session = serializeSession('key-1', grant);
		expect(parseSession(session, 'key-1')).toEqual(grant);
		expect(parseSession(session, 'key-2')).toBeUndefined();
	});

	it('an empty, unreadable, older-version or tampered session is ignored', () => {
		expect(parseSession('', 'key-1')).toBeUndefined();
		expect(parseSession('{not json', 'key-1')).toBeUndefined();
		expect(parseSession(JSON.stringify({ ...JSON.parse(serializeSession('key-1', grant)), v: 0 }), 'key-1')).toBeUndefined();
		const insecure = { ...JSON.parse(serializeSession('key-1', grant)), endpointUrl: 'http://evil.example.com/' };
		expect(parseSession(JSON.stringify(insecure), 'key-1')).toBeUndefined();
	});
});
