/**
 * What route handlers receive: the shared services of one running sandbox, plus the parsed
 * request. Handlers are plain functions of this context so they stay free of HTTP plumbing.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { Principal } from './auth/accessControl';
import type { ConnectorRegistry } from './auth/connectorRegistry';
import type { RouteDefinition } from './router';
import type { SandboxState } from './state';
import type { PlatformEvent } from './webhooks/events';

export interface SandboxApp {
	state: SandboxState;
	now: () => number;
	/** http://127.0.0.1:PORT */
	origin: string;
	connectors: ConnectorRegistry;
	webhookValidation: { enabled: boolean; timeoutMs: number };
	publish(event: PlatformEvent): void;
}

/** A request to the token service (`/v1/...`): no access token involved. */
export interface TokenServiceRequest {
	app: SandboxApp;
	params: Record<string, string>;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: unknown;
}

/** A request to a platform endpoint, already authenticated and admitted by the throttle. */
export interface PlatformRequest {
	app: SandboxApp;
	params: Record<string, string>;
	query: Record<string, string>;
	body: unknown;
	principal: Principal;
}

export type TokenServiceRoute = RouteDefinition<TokenServiceRequest>;
export type PlatformRoute = RouteDefinition<PlatformRequest>;
