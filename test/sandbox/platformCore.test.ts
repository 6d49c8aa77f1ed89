import { DEMO_CONNECTOR, DEMO_GROUPS, startSandbox, type ConnectorSeed, type KaizalaSandbox } from '../../sandbox';
import { FakeClock, http, SandboxClient, startWithClient } from './helpers';

const SECOND_CONNECTOR: ConnectorSeed = {
	connectorId: 'second-connector-test',
	connectorSecret: 'second-secret-test',
	refreshToken: 'second-refresh-test',
};

describe('platform authentication, moves and the request log', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;

	beforeEach(async () => {
		({ sandbox, client } = await startWithClient({ connectors: [DEMO_CONNECTOR, SECOND_CONNECTOR] }));
	});
	afterEach(() => sandbox.close());

	it('answers 401 AccessTokenMissing and AccessTokenInvalid', async () => {
		const missing = await http(`${client.endpointUrl}v1/groups`);
		expect(missing.status).toBe(401);
		expect(missing.body.errorCode).toBe('AccessTokenMissing');
		const invalid = await http(`${client.endpointUrl}v1/groups`, { headers: { accessToken: 'forged' } });
		expect(invalid.status).toBe(401);
		expect(invalid.body.errorCode).toBe('AccessTokenInvalid');
		expect(sandbox.requests.map((entry) => entry.accessTokenState).slice(-2)).toEqual(['missing', 'invalid']);
	});

	it('redirects with 308 from a moved endpoint, and the token service returns the new one', async () => {
		const oldEndpoint = client.endpointUrl;
		const newEndpoint = sandbox.moveEndpoint(DEMO_CONNECTOR.connectorId);
		expect(newEndpoint).not.toBe(oldEndpoint);
		expect(newEndpoint.endsWith("/")).toBe(true);

		const redirected = await client.call('GET', 'groups');
		expect(redirected.status).toBe(308);
		expect(redirected.headers.get('location')).toBe(newEndpoint);
		expect(redirected.body).toBe('');

		client.endpointUrl = newEndpoint;
		expect((await client.call('GET', 'groups')).status).toBe(200);
		await client.login();
		expect(client.endpointUrl).toBe(newEndpoint);
	});

	it("redirects with 308 when a token is used on another connector's endpoint", async () => {
		const other = await new SandboxClient(sandbox, SECOND_CONNECTOR).login();
		expect(other.endpointUrl).not.toBe(client.endpointUrl);
		const result = await http(`${other.endpointUrl}v1/groups`, { headers: { accessToken: client.accessToken } });
		expect(result.status).toBe(308);
		expect(result.headers.get('location')).toBe(client.endpointUrl);
	});

	it('answers 404 for an unknown endpoint or route, 405 for a wrong method', async () => {
		const unknownEndpoint = await http(`${sandbox.origin}/endpoints/nowhere/v1/groups`, { headers: { accessToken: client.accessToken } });
		expect(unknownEndpoint.status).toBe(404);
		expect(unknownEndpoint.body.errorCode).toBe('EndpointNotFound');
		const unknownRoute = await client.call('GET', 'v1/groups');
		expect(unknownRoute.status).toBe(404);
		expect(unknownRoute.body.errorCode).toBe('RouteNotFound');
		const wrongMethod = await client.call('DELETE', 'groups');
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toContain('GET');
	});

	it('answers 415 for a non-JSON body and 400 MalformedJson for broken JSON', async () => {
		const groupPath = `groups/${DEMO_GROUPS.fieldTeam.groupId}/messages`;
		const notJson = await client.call('POST', groupPath, 'message=hi', { 'Content-Type': 'text/plain' });
		expect(notJson.status).toBe(415);
		const broken = await client.call('POST', groupPath, '{"message":', { 'Content-Type': 'application/json' });
		expect(broken.status).toBe(400);
		expect(broken.body.errorCode).toBe('MalformedJson');
	});

	it('logs method, path, route, query, lower-cased headers, body, connector and status', async () => {
		sandbox.clearLog();
		expect(sandbox.requests).toHaveLength(0);
		await client.call('POST', `groups/${DEMO_GROUPS.fieldTeam.groupId}/messages?trace=1`, { message: 'logged' });
		expect(sandbox.requests).toHaveLength(1);
		const entry = sandbox.requests[0];
		expect(entry).toMatchObject({
			method: 'POST',
			path: new URL(`v1/groups/${DEMO_GROUPS.fieldTeam.groupId}/messages`, client.endpointUrl).pathname,
			route: 'POST /groups/:groupId/messages',
			query: { trace: '1' },
			body: { message: 'logged' },
			connectorId: DEMO_CONNECTOR.connectorId,
			accessTokenState: 'valid',
			status: 200,
		});
		expect(entry.headers.accesstoken).toBe(client.accessToken);
		expect(entry.seq).toBeGreaterThan(0);
	});

	it('writes human log lines without header values or tokens', async () => {
		await sandbox.close();
		const lines: string[] = [];
		sandbox = await startSandbox({ log: (line) => lines.push(line) });
		const logged = await new SandboxClient(sandbox).login();
		await logged.call('GET', 'groups?secret=shh');
		expect(lines).toHaveLength(2);
		expect(lines[1]).toMatch(/^GET \/endpoints\/[^/]+\/v1\/groups 200 \d+ms$/);
		for (const line of lines) {
			expect(line).not.toContain(logged.accessToken);
			expect(line).not.toContain(DEMO_CONNECTOR.refreshToken);
			expect(line).not.toContain(DEMO_CONNECTOR.connectorSecret);
			expect(line).not.toContain('shh');
		}
	});
});

describe('throttling', () => {
	it('answers 429 with Retry-After past the per-connector limit, and recovers as the window slides', async () => {
		const clock = new FakeClock();
		const { sandbox, client } = await startWithClient({ now: clock.now, throttle: { perConnectorPerMinute: 3, perTenantPerMinute: 100 } });
		try {
			for (let i = 0; i < 3; i++) {
				expect((await client.call('GET', 'groups')).status).toBe(200);
				clock.advance(10_000);
			}
			const throttled = await client.call('GET', 'groups');
			expect(throttled.status).toBe(429);
			expect(throttled.body.errorCode).toBe('TooManyRequests');
			// The first call was 30 s ago, so a slot frees in 30 s.
			expect(throttled.headers.get('retry-after')).toBe('30');
			clock.advance(30_000);
			expect((await client.call('GET', 'groups')).status).toBe(200);
		} finally {
			await sandbox.close();
		}
	});

	it('counts calls of all connectors of a tenant together', async () => {
		const clock = new FakeClock();
		const sandbox = await startSandbox({
			now: clock.now,
			connectors: [DEMO_CONNECTOR, SECOND_CONNECTOR],
			throttle: { perConnectorPerMinute: 10, perTenantPerMinute: 2 },
		});
		try {
			const first = await new SandboxClient(sandbox).login();
			const second = await new SandboxClient(sandbox, SECOND_CONNECTOR).login();
			expect((await first.call('GET', 'groups')).status).toBe(200);
			expect((await second.call('GET', 'groups')).status).toBe(200);
			const throttled = await second.call('GET', 'groups');
			expect(throttled.status).toBe(429);
			expect(throttled.body.message).toContain('tenant');
			expect(Number(throttled.headers.get('retry-after'))).toBe(60);
		} finally {
			await sandbox.close();
		}
	});
});

describe('fault injection', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	beforeEach(async () => {
		({ sandbox, client } = await startWithClient());
	});
	afterEach(() => sandbox.close());

	it('answers with the given status, body and headers for `times` requests, matched by route pattern', async () => {
		sandbox.faults.add({ path: '/groups', method: 'get', times: 2, status: 503, body: { errorCode: 'Busy', message: 'try later' }, headers: { 'Retry-After': '7' } });
		const first = await client.call('GET', 'groups');
		expect(first.status).toBe(503);
		expect(first.body).toEqual({ errorCode: 'Busy', message: 'try later' });
		expect(first.headers.get('retry-after')).toBe('7');
		expect((await client.call('GET', 'groups')).status).toBe(503);
		expect((await client.call('GET', 'groups')).status).toBe(200);
		expect(sandbox.requests.slice(-3).map((entry) => entry.status)).toEqual([503, 503, 200]);
	});

	it("limits a rule to the token service with kind 'token'", async () => {
		sandbox.faults.add({ kind: 'token', status: 500 });
		expect((await client.call('GET', 'groups')).status).toBe(200);
		const exchange = await http(`${sandbox.apiRoot}/accessToken`);
		expect(exchange.status).toBe(500);
		expect(exchange.body.errorCode).toBe('InjectedFault');
	});

	it('drops the connection, logged with status 0', async () => {
		sandbox.faults.add({ path: /\/groups$/, drop: true });
		await expect(client.call('GET', 'groups')).rejects.toThrow();
		expect(sandbox.requests.at(-1)?.status).toBe(0);
	});

	it('sends 200 with a body that is not JSON', async () => {
		sandbox.faults.add({ kind: 'api', malformed: true });
		const result = await client.call('GET', 'groups');
		expect(result.status).toBe(200);
		expect(typeof result.body).toBe('string');
		expect(() => JSON.parse(result.body)).toThrow();
	});

	it('delays a request and then serves it normally', async () => {
		sandbox.faults.add({ path: 'GET /groups', delayMs: 150 });
		const started = Date.now();
		const result = await client.call('GET', 'groups');
		expect(result.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('clear() removes pending rules', async () => {
		sandbox.faults.add({ status: 500, times: 5 });
		sandbox.faults.clear();
		expect((await client.call('GET', 'groups')).status).toBe(200);
	});
});
