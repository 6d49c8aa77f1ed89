/**
 * The local Kaizala sandbox: a stand-in for the retired Kaizala token service and platform API,
 * listening on 127.0.0.1 only. See sandbox/README.md for what it serves and how to steer it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SandboxApp } from './app';
import { ConnectorRegistry, DEFAULT_ACCESS_TOKEN_LIFETIME_MS, type ConnectorPatch } from './auth/connectorRegistry';
import { DEMO_CONNECTOR, DEMO_TENANT, DEMO_USERS, seedDemoData } from './demoData';
import { FaultInjector } from './faults';
import { RequestLog } from './requestLog';
import { RouteTable } from './router';
import { fileRoutes, platformRoutes, tokenServiceRoutes } from './routes';
import { createRequestListener } from './server';
import { createEmptyState, type SandboxState } from './state';
import { ensureUser } from './stateQueries';
import { PlatformThrottle } from './throttle';
import type { KaizalaSandbox, SandboxOptions } from './types';
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher } from './webhooks/dispatcher';
import { respondInApp } from './routes/actionResponses';

export type {
	AccessTokenState,
	ConnectorSeed,
	FaultRule,
	KaizalaSandbox,
	RequestLogEntry,
	SandboxOptions,
	ThrottleLimits,
} from './types';
export type * from './state';
export { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_TENANT, DEMO_USERS } from './demoData';

const DEFAULT_THROTTLE = { perConnectorPerMinute: 100, perTenantPerMinute: 300 };
const DEFAULT_WEBHOOK_VALIDATION_TIMEOUT_MS = 5000;

export async function startSandbox(options: SandboxOptions = {}): Promise<KaizalaSandbox> {
	const now = options.now ?? Date.now;
	const state = createEmptyState();
	if (options.seedDemoData !== false) seedDemoData(state, now());

	const server = createServer();
	const origin = await listenOnLoopback(server, options.port ?? 0);

	const connectors = new ConnectorRegistry({
		origin,
		now,
		accessTokenLifetimeMs: options.accessTokenLifetimeMs ?? DEFAULT_ACCESS_TOKEN_LIFETIME_MS,
		tenantId: DEMO_TENANT.tenantId,
		userPhone: DEMO_USERS.admin.mobileNumber,
	});
	const webhooks = new WebhookDispatcher(state, now, options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS, options.repeatWebhookDeliveries ?? false);
	const app: SandboxApp = {
		state,
		now,
		origin,
		connectors,
		webhookValidation: {
			enabled: options.webhookValidation ?? false,
			timeoutMs: options.webhookValidationTimeoutMs ?? DEFAULT_WEBHOOK_VALIDATION_TIMEOUT_MS,
		},
		publish: (event) => webhooks.publish(event),
	};

	for (const seed of options.connectors ?? [DEMO_CONNECTOR]) {
		connectors.add(seed);
		ensureConnectorWorld(state, connectors, seed.connectorId);
	}

	const requestLog = new RequestLog(now);
	const faults = new FaultInjector();
	const throttleLimits = options.throttle === undefined ? DEFAULT_THROTTLE : options.throttle;
	server.on(
		'request',
		createRequestListener({
			app,
			requestLog,
			faults,
			throttle: throttleLimits === false ? undefined : new PlatformThrottle(throttleLimits, now),
			tokenRoutes: new RouteTable(tokenServiceRoutes),
			platformRoutes: new RouteTable(platformRoutes),
			fileRoutes: new RouteTable(fileRoutes),
			logLine: options.log,
		}),
	);

	return {
		origin,
		apiRoot: `${origin}/v1`,
		endpointUrlFor: (connectorId) => connectors.endpointUrlFor(connectorId),
		requests: requestLog.entries,
		clearLog: () => requestLog.clear(),
		faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
		moveEndpoint: (connectorId) => connectors.moveEndpoint(connectorId),
		setConnector: (connectorId, patch: ConnectorPatch) => {
			connectors.update(connectorId, patch);
			ensureConnectorWorld(state, connectors, connectorId);
		},
		rotateRefreshTokenOnNextExchange: (connectorId) => connectors.rotateOnNextExchange(connectorId),
		currentRefreshToken: (connectorId) => connectors.currentRefreshToken(connectorId),
		revokeRefreshToken: (connectorId) => connectors.revokeRefreshToken(connectorId),
		expireAccessTokens: () => connectors.expireAccessTokens(),
		state,
		webhookDeliveriesSettled: () => webhooks.settled(),
		respondInApp: (actionId, mobileNumber, answer) => respondInApp(app, actionId, mobileNumber, answer),
		close: async () => {
			await webhooks.close();
			await closeServer(server);
		},
	};
}

/** Makes sure the connector's tenant and user exist in the model, so its tokens act for someone. */
function ensureConnectorWorld(state: SandboxState, connectors: ConnectorRegistry, connectorId: string): void {
	const tenantId = connectors.tenantOf(connectorId);
	if (!state.tenants.has(tenantId)) state.tenants.set(tenantId, { tenantId, name: tenantId });
	const user = ensureUser(state, connectors.userPhoneOf(connectorId), 'Connector User');
	user.isProvisioned = true;
}

function listenOnLoopback(server: Server, port: number): Promise<string> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve, reject) => {
		server.close((error) => (error ? reject(error) : resolve()));
		// Keep-alive sockets would otherwise hold close() open until they time out.
		server.closeAllConnections();
	});
}
