import { rememberLast } from '../../../../../../nodes/Kaizala/transport/token/rememberLast';
import { parseSession, serializeSession } from '../../../../../../nodes/Kaizala/transport/token/grant';

describe('rememberLast', () => {
	it('computes once for a repeated input and again when the input changes', () => {
		const seen: string[] = [];
		const length = rememberLast((text: string) => {
			seen.push(text);
			return text.length;
		});
		expect([length('ab'), length('ab'), length('abc'), length('abc'), length('ab')]).toEqual([2, 2, 3, 3, 2]);
		expect(seen).toEqual(['ab', 'abc', 'ab']);
	});
});

describe('parseSession, read once per change of the persisted text', () => {
	const grant = { accessToken: 'at-1', endpointUrl: 'https://kms.kaiza.la/', accessTokenExpiry: 2_000_000, receivedAt: 1_000_000, scope: 'x' };

	it('gives the grant only for the key the session belongs to, whatever was asked just before', () => {
		const text = serializeSession('key-a', grant);
		expect(parseSession(text, 'key-a')).toEqual(grant);
		expect(parseSession(text, 'key-b')).toBeUndefined();
		expect(parseSession(text, 'key-a')).toEqual(grant);
	});

	it('hands out a grant that cannot be changed by one caller for the next', () => {
		const text = serializeSession('key-a', grant);
		const first = parseSession(text, 'key-a')!;
		expect(() => Object.assign(first, { accessToken: 'changed' })).toThrow(TypeError);
		expect(parseSession(text, 'key-a')!.accessToken).toBe('at-1');
	});
});
