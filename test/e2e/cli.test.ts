/**
 * The packed package in a real n8n, driven by n8n's CLI: import, execute, export.
 */
import type { KaizalaSandbox } from '../../sandbox';
import { DEMO_CONNECTOR, DEMO_GROUPS, startSandbox } from '../../sandbox';
import { CREDENTIAL_ID, N8nHome, nodeOutput } from './support/n8n';

const EXCHANGE = 'GET /accessToken';

let sandbox: KaizalaSandbox;
let n8n: N8nHome;

function secrets(): string[] {
	const values = new Set<string>([DEMO_CONNECTOR.connectorSecret, DEMO_CONNECTOR.refreshToken]);
	for (const entry of sandbox.requests) {
		for (const name of ['accesstoken', 'refreshtoken', 'applicationsecret']) {
			if (entry.headers[name]) values.add(entry.headers[name]);
		}
	}
	return [...values];
}

beforeAll(async () => {
	sandbox = await startSandbox({ throttle: false });
	n8n = await N8nHome.create();
	await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
	await n8n.importWorkflows();
});

afterAll(async () => {
	await n8n?.remove();
	await sandbox?.close();
});

describe('n8n execute', () => {
	it('Access Token → Get feeds an HTTP Request node through {{$json.endpointUrl}}', async () => {
		sandbox.clearLog();
		const { status, result, cli } = await n8n.execute('kzExampleToken01');
		expect(status).toBe('success');
		const [token] = nodeOutput(result, 'Get access token');
		expect(token.endpointUrl).toBe(sandbox.endpointUrlFor(DEMO_CONNECTOR.connectorId));
		expect(token.expiresAt).toBe(new Date(token.accessTokenExpiry as number).toISOString());
		const groups = nodeOutput(result, 'List groups');
		expect(JSON.stringify(groups)).toContain(DEMO_GROUPS.fieldTeam.groupName);
		const listed = sandbox.requests.filter((r) => r.route === 'GET /groups');
		expect(listed).toHaveLength(1);
		expect(listed[0].headers.accesstoken).toBe(token.accessToken);
		expect(listed[0].accessTokenState).toBe('valid');
		// The access token is this operation's output; the connector secret and refresh token never are.
		expect(cli.stdout).not.toContain(DEMO_CONNECTOR.connectorSecret);
		expect(cli.stdout).not.toContain(DEMO_CONNECTOR.refreshToken);
	});

	it("n8n's HTTP Request node uses the predefined credential type kaizalaApi", async () => {
		sandbox.clearLog();
		const { status, result, cli } = await n8n.execute('kzExampleHttp001');
		expect(status).toBe('success');
		expect(JSON.stringify(nodeOutput(result, 'List groups'))).toContain(DEMO_GROUPS.announcements.groupName);
		const listed = sandbox.requests.filter((r) => r.route === 'GET /groups');
		expect(listed.map((r) => [r.status, r.accessTokenState])).toEqual([[200, 'valid']]);
		for (const secret of secrets()) expect(cli.stdout + cli.stderr).not.toContain(secret);
	});

	it('sends a message', async () => {
		sandbox.clearLog();
		const { status, result, cli } = await n8n.execute('kzExampleMsg0001');
		expect(status).toBe('success');
		const [sent] = nodeOutput(result, 'Send message');
		expect(sent.referenceId).toEqual(expect.any(String));
		const posted = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages');
		expect(posted).toHaveLength(1);
		expect(posted[0].body).toMatchObject({ message: expect.stringContaining('Hello from n8n') });
		expect(posted[0].path).toContain(DEMO_GROUPS.fieldTeam.groupId);
		for (const secret of secrets()) expect(cli.stdout + cli.stderr).not.toContain(secret);
	});

	it('two executions in a row make one token exchange between them (the persisted token)', async () => {
		// From a credential without a cached session: the first process exchanges and stores the
		// token in the credential, the second reads it from there.
		await n8n.importCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
		sandbox.clearLog();
		const first = await n8n.execute('kzExampleMsg0001');
		const afterFirst = sandbox.requests.map((r) => `${r.route} ${r.status}`);
		const second = await n8n.execute('kzExampleMsg0001');
		expect([first.status, second.status]).toEqual(['success', 'success']);
		expect(afterFirst).toEqual([`${EXCHANGE} 200`, 'POST /groups/:groupId/messages 200']);
		expect(sandbox.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
			`${EXCHANGE} 200`,
			'POST /groups/:groupId/messages 200',
			'POST /groups/:groupId/messages 200',
		]);
		const tokens = sandbox.requests.filter((r) => r.route !== EXCHANGE).map((r) => r.headers.accesstoken);
		expect(tokens[0]).toBe(tokens[1]);
		const [credential] = (await n8n.exportCredentialsDecrypted()).filter((c) => c.id === CREDENTIAL_ID);
		expect(String(credential.data.session)).toContain('"accessToken"');
		// The cached session holds the access token, not a copy of the refresh token.
		expect(String(credential.data.session)).not.toContain(DEMO_CONNECTOR.refreshToken);
	});

	it('a rotated refresh token is stored in the credential and used from then on', async () => {
		sandbox.rotateRefreshTokenOnNextExchange(DEMO_CONNECTOR.connectorId);
		sandbox.expireAccessTokens();
		sandbox.clearLog();
		const { status } = await n8n.execute('kzExampleMsg0001');
		expect(status).toBe('success');
		const rotated = sandbox.currentRefreshToken(DEMO_CONNECTOR.connectorId);
		expect(rotated).not.toBe(DEMO_CONNECTOR.refreshToken);
		// 401 on the expired token, one exchange (which rotates), one retry.
		expect(sandbox.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
			'POST /groups/:groupId/messages 401',
			`${EXCHANGE} 200`,
			'POST /groups/:groupId/messages 200',
		]);
		const [credential] = (await n8n.exportCredentialsDecrypted()).filter((c) => c.id === CREDENTIAL_ID);
		expect(credential.data.refreshToken).toBe(rotated);

		// The next process exchanges with the rotated token (the old one no longer works).
		sandbox.expireAccessTokens();
		sandbox.clearLog();
		// The HTTP Request node sends the stored (now expired) token, gets a 401, and n8n runs the
		// credential's preAuthentication, which exchanges with the rotated refresh token.
		const after = await n8n.execute('kzExampleHttp001');
		expect(after.status).toBe('success');
		const exchange = sandbox.requests.find((r) => r.route === EXCHANGE);
		expect(exchange?.headers.refreshtoken).toBe(rotated);
		expect(exchange?.status).toBe(200);
	});
});

describe('scenario examples', () => {
	it('lists groups with Group → Get Many', async () => {
		sandbox.clearLog();
		const { status, result } = await n8n.execute('kzExampleGroups1');
		expect(status).toBe('success');
		const names = nodeOutput(result, 'List groups').map((group) => group.groupName);
		expect(names).toEqual(expect.arrayContaining([DEMO_GROUPS.fieldTeam.groupName, DEMO_GROUPS.announcements.groupName]));
		expect(sandbox.requests.filter((r) => r.route === 'GET /groups')).toHaveLength(1);
	});

	it("broadcasts to a public group's subscribers", async () => {
		sandbox.clearLog();
		const { status, result } = await n8n.execute('kzExampleBcast01');
		expect(status).toBe('success');
		expect(nodeOutput(result, 'Broadcast')[0].referenceId).toEqual(expect.any(String));
		const [sent] = sandbox.requests.filter((r) => r.route === 'POST /groups/:groupId/messages');
		expect(sent.path).toContain(DEMO_GROUPS.announcements.groupId);
		expect(sent.body).toMatchObject({ sendToAllSubscribers: true });
	});

	it('onboards members from a list, one request per person', async () => {
		sandbox.clearLog();
		const { status, result } = await n8n.execute('kzExampleOnbrd01');
		expect(status).toBe('success');
		expect(nodeOutput(result, 'Add to Field Team')).toHaveLength(3);
		const added = sandbox.requests.filter((r) => r.route === 'PUT /groups/:groupId/members');
		expect(added.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(added.map((r) => JSON.stringify(r.body))).toEqual([
			expect.stringContaining('+15550100101'),
			expect.stringContaining('+15550100102'),
			expect.stringContaining('+15550100103'),
		]);
	});
});

describe('survey scenario', () => {
	it('sends a survey, answers it and reads the responses', async () => {
		sandbox.clearLog();
		const { status, result } = await n8n.execute('kzExampleSurvey1');
		expect(status).toBe('success');
		const [sent] = nodeOutput(result, 'Send survey');
		const responses = nodeOutput(result, 'Read responses');
		expect(responses).toHaveLength(1);
		expect(responses[0].actionId).toBe(sent.actionId);
		expect(JSON.stringify(responses[0])).toContain('Scaffold on the east side is loose');
		expect(sandbox.requests.map((r) => r.route).filter((route) => route !== 'GET /accessToken')).toEqual([
			'POST /groups/:groupId/actions',
			'POST /groups/:groupId/actions/:actionId/responses',
			'GET /groups/:groupId/actions/:actionId',
		]);
	});
});
