/**
 * The public, programmatic contract of the Kaizala sandbox. Tests, demos and the node's own
 * end-to-end runs code against these names, so they change only by agreement.
 */
import type { SandboxState } from './state';

export interface ThrottleLimits {
	perConnectorPerMinute: number;
	perTenantPerMinute: number;
}

export interface SandboxOptions {
	/** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
	port?: number;
	/** Injectable clock (epoch ms). Drives token expiry, throttling windows and timestamps. */
	now?: () => number;
	/** Lifetime of issued access tokens; default 24 h, like the real service. */
	accessTokenLifetimeMs?: number;
	/** Sliding one-minute windows; default 100 per connector / 300 per tenant. `false` disables. */
	throttle?: ThrottleLimits | false;
	/** Connectors the token service knows; default `[DEMO_CONNECTOR]`. */
	connectors?: ConnectorSeed[];
	/** Default true: demo tenant, users, "Field Team" (+ sub-group) and "Company Announcements". */
	seedDemoData?: boolean;
	/** When true, webhook create/update performs the `validationToken` handshake. Default false. */
	webhookValidation?: boolean;
	/** Human log sink (the CLI prints it). Lines never contain header values, secrets or tokens. */
	log?: (line: string) => void;
	/** Sandbox extension: how long the handshake may take; default 5000 ms as documented. */
	webhookValidationTimeoutMs?: number;
	/**
	 * Sandbox extension: waits between webhook delivery retries. The real service retries 6 times
	 * over two days, then disables the webhook; the default here is 6 short waits (100 ms doubling).
	 */
	webhookRetryDelaysMs?: number[];
	/**
	 * Sandbox extension: deliver every event a second time once the first delivery succeeded, as
	 * an at-least-once service may (the copy goes out even if the webhook was deleted meanwhile).
	 */
	repeatWebhookDeliveries?: boolean;
}

export interface ConnectorSeed {
	connectorId: string;
	connectorSecret: string;
	refreshToken: string;
	/** Tenant the connector belongs to; default the demo tenant. Throttling counts per tenant. */
	tenantId?: string;
	/** E.164 phone of the user the tokens act as; default the demo admin user. */
	userPhone?: string;
	/** Whether that user is a tenant admin (admin rights on every group of the tenant). Default true. */
	isAdmin?: boolean;
	/** Overrides the endpointUrl the token service returns (e.g. an insecure URL, to test refusal). */
	endpointUrl?: string;
	/** 'next' rotates on the next exchange only, 'always' on every exchange. Default 'never'. */
	rotateRefreshToken?: 'never' | 'next' | 'always';
	/** Sandbox extension: refresh token validity; default 365 days as documented. */
	refreshTokenLifetimeMs?: number;
}

export type AccessTokenState = 'valid' | 'expired' | 'invalid' | 'missing' | 'not-required';

export interface RequestLogEntry {
	seq: number;
	/** Arrival time on the injected clock. */
	time: number;
	method: string;
	/** Path without query, e.g. '/endpoints/inc-000/v1/groups/<id>/messages'. */
	path: string;
	/** Matched route, relative to the API root or endpoint: 'POST /groups/:groupId/messages'. */
	route?: string;
	query: Record<string, string>;
	/** Request headers with lower-cased names (as Node delivers them). */
	headers: Record<string, string>;
	/** Parsed JSON; multipart as `{ files: [...], fields }`; other text as a string; none: undefined. */
	body: unknown;
	connectorId?: string;
	accessTokenState: AccessTokenState;
	/** Status sent; 0 while in flight or when a fault dropped the connection. */
	status: number;
	/** With an `afterProcessing` fault: the status the route itself produced. */
	processedStatus?: number;
}

export interface FaultRule {
	/** HTTP method, case-insensitive. */
	method?: string;
	/** Matched against the route pattern ('/groups/:groupId/messages' or 'POST /groups/...') and the raw path. */
	path?: string | RegExp;
	/** 'token' = token service (/v1/...), 'api' = platform endpoints. */
	kind?: 'token' | 'api';
	/** How many requests the rule hits; default 1. */
	times?: number;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	/** Destroy the socket without a response. */
	drop?: boolean;
	/** Respond 200 with a body that is not valid JSON. */
	malformed?: boolean;
	/**
	 * Run the route first (its effect is kept), then apply the fault to the answer: with `drop`,
	 * a connection reset after processing; with `delayMs`, a late answer (a client timeout after
	 * processing); with `status`/`body`/`malformed`, that answer instead of the real one.
	 */
	afterProcessing?: boolean;
}

export interface KaizalaSandbox {
	/** http://127.0.0.1:PORT */
	origin: string;
	/** `${origin}/v1`: token service (`/accessToken`) and the PIN flow. */
	apiRoot: string;
	/** The endpointUrl the token service currently returns for the connector (ends with '/'). */
	endpointUrlFor(connectorId: string): string;
	/** Every request received, in arrival order (a live array). */
	requests: RequestLogEntry[];
	clearLog(): void;
	faults: { add(rule: FaultRule): void; clear(): void };
	/** New endpoint for the connector; the old one answers 308 + Location from then on. */
	moveEndpoint(connectorId: string): string;
	setConnector(connectorId: string, patch: Partial<ConnectorSeed> & { accessTokenLifetimeMs?: number }): void;
	rotateRefreshTokenOnNextExchange(connectorId: string): void;
	currentRefreshToken(connectorId: string): string;
	revokeRefreshToken(connectorId: string): void;
	/** Every access token issued so far becomes expired. */
	expireAccessTokens(): void;
	/** The in-memory model; tests may assert on it and seed it. */
	state: SandboxState;
	/** Sandbox extension: resolves once no webhook delivery (or retry) is pending. */
	webhookDeliveriesSettled(): Promise<void>;
	/**
	 * Sandbox extension: a group member answers an action in the Kaizala app (a poll vote, a
	 * let's meet reply, or any response), which the API cannot do for polls and let's meet. The
	 * response is stored and raises the action's response event. Returns the responseId.
	 */
	respondInApp(actionId: string, mobileNumber: string, answer: Record<string, unknown>): string;
	close(): Promise<void>;
}
