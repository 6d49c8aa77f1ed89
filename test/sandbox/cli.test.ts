import { bannerLines, parsePort } from '../../sandbox/cli';
import { DEMO_CONNECTOR } from '../../sandbox';

describe('sandbox CLI', () => {
	it('prints the API root, the phone view and the connector id but never the secret or refresh token', () => {
		const text = bannerLines({ apiRoot: 'http://127.0.0.1:4010/v1', origin: 'http://127.0.0.1:4010' }).join('\n');
		expect(text).toContain('http://127.0.0.1:4010/v1');
		expect(text).toContain('Phone view:               http://127.0.0.1:4010/');
		expect(text).toContain(DEMO_CONNECTOR.connectorId);
		expect(text).toContain('sandbox/README.md');
		expect(text).not.toContain(DEMO_CONNECTOR.connectorSecret);
		expect(text).not.toContain(DEMO_CONNECTOR.refreshToken);
	});

	it('defaults the port to 4010 and rejects nonsense', () => {
		expect(parsePort(undefined)).toBe(4010);
		expect(parsePort('0')).toBe(0);
		expect(parsePort('5123')).toBe(5123);
		expect(() => parsePort('http')).toThrow(/KAIZALA_SANDBOX_PORT/);
	});
});
