/** Where an access token may be sent: the endpoint policy of transport/endpoint.ts. */
import { checkEndpointUrl, hostnameOf, isHostAllowed, resolveEndpointPath } from '../../../../../nodes/Kaizala/transport/endpoint';

describe('checkEndpointUrl', () => {
	it('normalises to a trailing slash without query or fragment', () => {
		expect(checkEndpointUrl(' https://kms.kaiza.la/v1?x=1#y ', 'endpointUrl')).toEqual({ ok: true, url: 'https://kms.kaiza.la/v1/' });
		expect(checkEndpointUrl('http://127.0.0.1:3000', 'endpointUrl')).toEqual({ ok: true, url: 'http://127.0.0.1:3000/' });
		expect(checkEndpointUrl('http://[::1]:3000/v1/', 'endpointUrl')).toEqual({ ok: true, url: 'http://[::1]:3000/v1/' });
	});
	it('refuses plain http off loopback, user information, and nothing at all', () => {
		expect(checkEndpointUrl('http://kms.kaiza.la/', 'endpointUrl')).toEqual({
			ok: false,
			message: 'Refusing endpointUrl "http://kms.kaiza.la": access tokens are only sent over https (plain http is allowed for loopback hosts only)',
		});
		expect(checkEndpointUrl('https://a:b@kms.kaiza.la/', 'Location')).toEqual({ ok: false, message: 'The Location must not contain user information' });
		expect(checkEndpointUrl('', 'endpointUrl')).toEqual({ ok: false, message: 'The Kaizala service returned no endpointUrl' });
		expect(checkEndpointUrl('::1', 'endpointUrl')).toEqual({ ok: false, message: 'The endpointUrl "::1" is not a valid URL' });
	});
});

describe('paths and allowed domains', () => {
	it('joins paths beneath the endpoint', () => {
		expect(resolveEndpointPath('https://kms.kaiza.la/v1/', '/groups/x')).toBe('https://kms.kaiza.la/v1/groups/x');
	});
	it('matches Allowed Domains as n8n does: exact hosts, *. for subdomains only', () => {
		expect(isHostAllowed('https://kms.kaiza.la/v1/', 'api.kaiza.la, kms.kaiza.la')).toBe(true);
		expect(isHostAllowed('https://kms.kaiza.la/', '*.kaiza.la')).toBe(true);
		expect(isHostAllowed('https://kaiza.la/', '*.kaiza.la')).toBe(false);
		expect(isHostAllowed('https://evilkaiza.la/', '*.kaiza.la')).toBe(false);
		expect(isHostAllowed('not a url', '*')).toBe(false);
		expect(hostnameOf('http://127.0.0.1:3000/x')).toBe('127.0.0.1');
	});
});
