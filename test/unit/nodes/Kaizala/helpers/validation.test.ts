/** The input rules of helpers/validation.ts, each a pure check: value in, normalised value or problem out. */
import { checkCallbackUrl, checkChoices, checkEndpointPath, checkGuid, checkMediaResource, checkPhoneList, checkPhoneNumber, checkRequiredText, isHttpsOrLoopback, toChoiceList } from '../../../../../nodes/Kaizala/helpers/validation';
import { checkDateTime, checkHoursUntil } from '../../../../../nodes/Kaizala/helpers/timeValidation';

const problem = (checked: { ok: boolean; problem?: string }) => (checked.ok ? undefined : checked.problem);

describe('the https-or-loopback rule', () => {
	it.each([
		['https://api.kaiza.la/v1/', true],
		['http://127.0.0.1:5678/webhook', true],
		['http://127.10.0.3/', true],
		['http://localhost/', true],
		['http://LOCALHOST/', true],
		['http://[::1]:8080/', true],
		['http://example.com/', false],
		['http://127.0.0.1.example.com/', false],
		['http://[::2]/', false],
		['ftp://127.0.0.1/', false],
	])('%s → %s', (url, allowed) => {
		expect(isHttpsOrLoopback(new URL(url))).toBe(allowed);
	});
});

describe('checkCallbackUrl', () => {
	it('keeps the URL as typed, trimmed', () => {
		expect(checkCallbackUrl('  https://example.com/kaizala-events?x=1 ')).toEqual({ ok: true, value: 'https://example.com/kaizala-events?x=1' });
	});
	it('refuses plain http off loopback, user information, and non-URLs', () => {
		expect(problem(checkCallbackUrl('http://example.com/hook'))).toMatch(/must be an https URL/);
		expect(problem(checkCallbackUrl('https://user:pw@example.com/'))).toBe('must not contain a user name or password');
		expect(problem(checkCallbackUrl('example.com'))).toMatch(/is not a valid URL/);
		expect(problem(checkCallbackUrl(''))).toBe('is empty');
	});
});

describe('identifiers and text', () => {
	it('GUIDs are lower-cased and trimmed', () => {
		expect(checkGuid(' 6C1D2F7E-8B1A-4C39-9D56-0F3E4A5B6C7D ')).toEqual({ ok: true, value: '6c1d2f7e-8b1a-4c39-9d56-0f3e4a5b6c7d' });
		expect(problem(checkGuid('job-1'))).toMatch(/^"job-1" is not a GUID/);
	});
	it('phone numbers lose separators, lists lose duplicates', () => {
		expect(checkPhoneNumber('+91 99999-99999')).toEqual({ ok: true, value: '+919999999999' });
		expect(problem(checkPhoneNumber('555-0100'))).toMatch(/not a phone number in international format/);
		expect(checkPhoneList('+15550100003; +1 555 010 0003\n+15550100004')).toEqual({ ok: true, value: ['+15550100003', '+15550100004'] });
	});
	it('required text is trimmed and may be a number', () => {
		expect(checkRequiredText('  x ')).toEqual({ ok: true, value: 'x' });
		expect(checkRequiredText(7)).toEqual({ ok: true, value: '7' });
		expect(problem(checkRequiredText('   '))).toBe('is empty');
		// A value of another type from an upstream item is named, never read as "[object Object]".
		expect(problem(checkRequiredText({}))).toBe('is an object, not text');
		expect(problem(checkRequiredText(Number.NaN))).toBe('is NaN (not a number), not text');
		expect(problem(checkRequiredText(['a']))).toBe('is a list, not text');
		expect(problem(checkRequiredText(true))).toBe('is the value true, not text');
		expect(problem(checkRequiredText('x'.repeat(257), 256))).toBe('has 257 characters; Kaizala accepts at most 256');
	});
	it('choices: one per line when there are several lines, else by commas', () => {
		expect(toChoiceList('Red, Blue')).toEqual(['Red', 'Blue']);
		expect(toChoiceList('Red, dark\nBlue')).toEqual(['Red, dark', 'Blue']);
		expect(checkChoices('groupmessage, ACTIONRESPONSE', ['GroupMessage', 'ActionResponse'])).toEqual({ ok: true, value: ['GroupMessage', 'ActionResponse'] });
	});
	it('media resources are opaque base64, never URLs', () => {
		expect(checkMediaResource('abc+/_-==')).toEqual({ ok: true, value: 'abc+/_-==' });
		expect(problem(checkMediaResource('https://example.com/a.png'))).toMatch(/is not a media resource/);
	});
});

describe('paths under the endpoint', () => {
	it.each([
		['groups/x/messages', undefined],
		['/groups', undefined],
		['https://evil.example/groups', /not a full URL/],
		['groups/../accessToken', /must not contain "\." or "\.\." segments/],
		['groups/%2e%2e/accessToken', /must not contain "\." or "\.\." segments/],
		['groups\\x', /not a backslash/],
		['groups/a b', /spaces or control characters/],
	])('%s', (path, expected) => {
		const checked = checkEndpointPath(path);
		if (expected) expect(problem(checked)).toMatch(expected);
		else expect(checked.ok).toBe(true);
	});
});

describe('times', () => {
	const now = Date.parse('2030-01-01T00:00:00Z');
	it('dates from text, epoch ms, Date and Luxon-like objects', () => {
		expect(checkDateTime('2030-01-01T00:00:01Z')).toEqual({ ok: true, value: now + 1000 });
		expect(checkDateTime(String(now))).toEqual({ ok: true, value: now });
		expect(checkDateTime(new Date(now))).toEqual({ ok: true, value: now });
		expect(checkDateTime({ toMillis: () => now })).toEqual({ ok: true, value: now });
	});
	it('hours until a moment are rounded up, and the moment must be ahead', () => {
		expect(checkHoursUntil(now + 90 * 60_000, now)).toEqual({ ok: true, value: 2 });
		expect(checkHoursUntil(now + 1, now)).toEqual({ ok: true, value: 1 });
		expect(problem(checkHoursUntil(now, now))).toMatch(/is not in the future/);
	});
});
