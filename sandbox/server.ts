/**
 * The HTTP pipeline. Every request goes through the same steps, in this order:
 *   1. log it (on arrival), find its route, read and parse its body;
 *   2. apply a matching fault rule, if any (before authentication: faults simulate the network
 *      and the service failing, whatever the request);
 *   3. token service (/v1/...): run the route;
 *      platform (/endpoints/<name>/v1/...): authenticate the access token (401), redirect a token
 *      used on an endpoint that is not its connector's current one (308), throttle (429), then
 *      check the body and run the route;
 *   4. send the response and complete the log entry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { PlatformRequest, SandboxApp, TokenServiceRequest } from './app';
import type { Principal } from './auth/accessControl';
import type { TokenIdentity } from './auth/connectorRegistry';
import { ApiError, invalidRequest, unauthorized } from './errors';
import { faultResponds, type FaultInjector } from './faults';
import { handlePhoneRequest, isPhonePath } from './phone/handler';
import { bodyForLog, readRequestBody, type ParsedBody } from './http/requestBody';
import { formatLogLine, type RequestLog } from './requestLog';
import type { BodyExpectation, RouteMatch, RouteResult, RouteTable } from './router';
import { ensureUser } from './stateQueries';
import type { PlatformThrottle } from './throttle';
import type { FaultRule, RequestLogEntry } from './types';

/** A request for a public file (uploaded media), served without a token like a CDN URL. */
export interface FileRequest {
	app: SandboxApp;
	params: Record<string, string>;
}

export interface PipelineDependencies {
	app: SandboxApp;
	requestLog: RequestLog;
	faults: FaultInjector;
	throttle?: PlatformThrottle;
	tokenRoutes: RouteTable<TokenServiceRequest>;
	platformRoutes: RouteTable<PlatformRequest>;
	fileRoutes: RouteTable<FileRequest>;
	logLine?: (line: string) => void;
}

interface Outgoing {
	status: number;
	headers: Record<string, string>;
	body?: string | Buffer;
}

const TOKEN_SERVICE_PREFIX = /^\/v1(\/.*)$/i;
const ENDPOINT_PREFIX = /^\/endpoints\/([^/]+)\/v1(\/.*)?$/i;
const ENDPOINT_ROOT = /^\/endpoints\/[^/]+(\/|$)/i;
const FILE_PREFIX = /^\/media-files(\/.*)$/i;

type Target =
	| { kind: 'token'; match: RouteMatch<TokenServiceRequest> }
	| { kind: 'api'; endpointName: string; match: RouteMatch<PlatformRequest> }
	| { kind: 'file'; match: RouteMatch<FileRequest> }
	| { kind: 'unknown' };

export function createRequestListener(deps: PipelineDependencies): (request: IncomingMessage, response: ServerResponse) => void {
	return (request, response) => {
		void handleRequest(deps, request, response).catch(() => {
			// Only a broken socket gets here; there is nobody left to answer.
			if (!response.headersSent) response.destroy();
		});
	};
}

async function handleRequest(deps: PipelineDependencies, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const started = performance.now();
	const method = (request.method ?? 'GET').toUpperCase();
	const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
	// The phone view (pages for people, not platform calls): outside the request log and the faults.
	if (isPhonePath(url.pathname)) return handlePhoneRequest(deps.app, request, response);
	const entry = deps.requestLog.open(method, url.pathname, Object.fromEntries(url.searchParams), request.headers);
	const finish = (status: number): void => {
		entry.status = status;
		deps.logLine?.(formatLogLine(entry, Math.round(performance.now() - started)));
	};

	const target = classify(deps, method, url.pathname);
	if (target.kind !== 'unknown' && target.match.found) entry.route = target.match.name;
	const body = await readRequestBody(request);
	entry.body = bodyForLog(body);

	const fault = deps.faults.take({
		method,
		kind: target.kind === 'token' || target.kind === 'api' ? target.kind : 'other',
		routeName: entry.route,
		rawPath: url.pathname,
	});
	if (fault?.afterProcessing) return answerAfterProcessing(deps, target, request, response, body, entry, fault, finish);
	if (fault?.delayMs) await delay(fault.delayMs);
	if (fault && faultResponds(fault)) {
		if (fault.drop) {
			request.socket.destroy();
			return finish(0);
		}
		const outgoing = faultResponse(fault);
		send(response, outgoing, {});
		return finish(outgoing.status);
	}

	let outgoing: Outgoing;
	try {
		outgoing = await dispatch(deps, target, request, body, entry);
	} catch (error) {
		outgoing = errorResponse(error);
	}
	send(response, outgoing, fault?.headers ?? {});
	finish(outgoing.status);
}

/** The route runs (its effect is kept); then the fault replaces, delays or drops the answer. */
async function answerAfterProcessing(
	deps: PipelineDependencies,
	target: Target,
	request: IncomingMessage,
	response: ServerResponse,
	body: ParsedBody,
	entry: RequestLogEntry,
	fault: FaultRule,
	finish: (status: number) => void,
): Promise<void> {
	let outgoing: Outgoing;
	try {
		outgoing = await dispatch(deps, target, request, body, entry);
	} catch (error) {
		outgoing = errorResponse(error);
	}
	entry.processedStatus = outgoing.status;
	if (fault.delayMs) await delay(fault.delayMs);
	if (fault.drop) {
		request.socket.destroy();
		return finish(0);
	}
	const answer = faultResponds(fault) ? faultResponse(fault) : outgoing;
	send(response, answer, fault.headers ?? {});
	finish(answer.status);
}

function classify(deps: PipelineDependencies, method: string, path: string): Target {
	const endpoint = ENDPOINT_PREFIX.exec(path);
	if (endpoint) {
		return { kind: 'api', endpointName: endpoint[1], match: deps.platformRoutes.match(method, endpoint[2] ?? '/') };
	}
	const tokenService = TOKEN_SERVICE_PREFIX.exec(path);
	if (tokenService) return { kind: 'token', match: deps.tokenRoutes.match(method, tokenService[1]) };
	const file = FILE_PREFIX.exec(path);
	if (file) return { kind: 'file', match: deps.fileRoutes.match(method, file[1]) };
	return { kind: 'unknown' };
}

async function dispatch(
	deps: PipelineDependencies,
	target: Target,
	request: IncomingMessage,
	body: ParsedBody,
	entry: RequestLogEntry,
): Promise<Outgoing> {
	const { app } = deps;
	switch (target.kind) {
		case 'unknown':
			throw new ApiError(
				404,
				'RouteNotFound',
				ENDPOINT_ROOT.test(entry.path)
					? `No API route at ${entry.path}: platform paths are {endpointUrl}v1/...`
					: `Nothing is served at ${entry.path}`,
			);
		case 'file': {
			const { route, params } = requireRoute(target.match, entry.path);
			return resultResponse(await route.handle({ app, params }));
		}
		case 'token': {
			const applicationId = singleHeader(request, 'applicationid');
			if (applicationId && app.connectors.has(applicationId)) entry.connectorId = applicationId;
			const { route, params } = requireRoute(target.match, entry.path);
			const value = bodyValue(route.body, body);
			return resultResponse(await route.handle({ app, params, query: entry.query, headers: request.headers, body: value }));
		}
		case 'api':
			return dispatchPlatform(deps, target.endpointName, target.match, request, body, entry);
	}
}

async function dispatchPlatform(
	deps: PipelineDependencies,
	endpointName: string,
	match: RouteMatch<PlatformRequest>,
	request: IncomingMessage,
	body: ParsedBody,
	entry: RequestLogEntry,
): Promise<Outgoing> {
	const { app } = deps;
	const inspection = app.connectors.inspectAccessToken(singleHeader(request, 'accesstoken'));
	entry.accessTokenState = inspection.state;
	if (inspection.state === 'valid') entry.connectorId = inspection.identity.connectorId;
	if (inspection.state === 'expired') entry.connectorId = inspection.connectorId;

	if (!app.connectors.endpointOwner(endpointName)) {
		throw new ApiError(404, 'EndpointNotFound', `No platform endpoint named '${endpointName}'; use the endpointUrl from the token service`);
	}
	switch (inspection.state) {
		case 'missing':
			throw unauthorized('AccessTokenMissing', "The 'accessToken' header is required");
		case 'invalid':
			throw unauthorized('AccessTokenInvalid', 'The access token is not one the token service issued');
		case 'expired':
			throw unauthorized('AccessTokenExpired', 'The access token has expired; get a new one from the token service');
	}
	const identity = inspection.identity;

	if (!app.connectors.servesConnector(endpointName, identity.connectorId)) {
		// The reference's 308: the user's endpoint is elsewhere; Location names the current one.
		return { status: 308, headers: { Location: app.connectors.endpointUrlFor(identity.connectorId) } };
	}

	const decision = deps.throttle?.admit(identity.connectorId, identity.tenantId) ?? { allowed: true };
	if (!decision.allowed) {
		throw new ApiError(
			429,
			'TooManyRequests',
			`Throttled: the ${decision.scope} limit of ${decision.limit} calls per minute is used up; retry after ${decision.retryAfterSeconds} s`,
			{ 'Retry-After': String(decision.retryAfterSeconds) },
		);
	}

	const { route, params } = requireRoute(match, entry.path);
	const value = bodyValue(route.body, body);
	const principal = resolvePrincipal(app, identity);
	return resultResponse(await route.handle({ app, params, query: entry.query, body: value, principal }));
}

function resolvePrincipal(app: SandboxApp, identity: TokenIdentity): Principal {
	const user = ensureUser(app.state, identity.userPhone, 'Sandbox User');
	return {
		connectorId: identity.connectorId,
		tenantId: identity.tenantId,
		user,
		isTenantAdmin: identity.connectorIsAdmin ?? user.isTenantAdmin,
	};
}

function requireRoute<Request>(match: RouteMatch<Request>, path: string): Extract<RouteMatch<Request>, { found: true }> {
	if (match.found) return match;
	if (match.allowedMethods.length > 0) {
		throw new ApiError(405, 'MethodNotAllowed', `${path} supports ${[...new Set(match.allowedMethods)].join(', ')}`, {
			Allow: [...new Set(match.allowedMethods)].join(', '),
		});
	}
	throw new ApiError(
		404,
		'RouteNotFound',
		`No API route at ${path} (platform paths are {endpointUrl}v1/...)`,
	);
}

/** Checks the parsed body against what the route expects and returns the value it gets. */
function bodyValue(expectation: BodyExpectation, body: ParsedBody): unknown {
	if (expectation === 'none') return undefined;
	if (body.kind === 'too-large') throw new ApiError(413, 'PayloadTooLarge', 'The request body is too large');
	if (expectation === 'multipart') {
		if (body.kind === 'multipart') return body.value;
		if (body.kind === 'malformed' && /^multipart\//i.test(body.contentType)) {
			throw invalidRequest(`The multipart body could not be parsed: ${body.reason}`, 'MalformedMultipart');
		}
		throw new ApiError(415, 'UnsupportedMediaType', 'Upload files as multipart/form-data');
	}
	switch (body.kind) {
		case 'empty':
			if (expectation === 'optional-json') return undefined;
			throw invalidRequest('A JSON request body is required');
		case 'json':
			return body.value;
		case 'malformed':
			throw invalidRequest(`The request body is not valid JSON: ${body.reason}`, 'MalformedJson');
		default:
			throw new ApiError(415, 'UnsupportedMediaType', "Send the body as JSON with 'Content-Type: application/json'");
	}
}

function resultResponse(result: RouteResult): Outgoing {
	const status = result.status ?? 200;
	if (result.raw) {
		return { status, headers: { 'Content-Type': result.raw.contentType, ...result.headers }, body: result.raw.data };
	}
	return jsonResponse(status, result.body, result.headers);
}

function errorResponse(error: unknown): Outgoing {
	if (error instanceof ApiError) return jsonResponse(error.status, error.toBody(), error.headers);
	const message = error instanceof Error ? error.message : String(error);
	return jsonResponse(500, { errorCode: 'InternalError', message: `Sandbox bug: ${message}` });
}

function faultResponse(rule: FaultRule): Outgoing {
	const headers = { ...rule.headers };
	if (rule.malformed) {
		// Looks like the start of a token response, then stops: not parseable JSON.
		return { status: rule.status ?? 200, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: '{"accessToken": "sbx-at-' };
	}
	const status = rule.status ?? 200;
	if (rule.body === undefined) {
		if (status < 400) return { status, headers, body: '' };
		return jsonResponse(status, { errorCode: 'InjectedFault', message: `Fault injected by the sandbox (HTTP ${status})` }, headers);
	}
	if (typeof rule.body === 'string') {
		return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: rule.body };
	}
	return jsonResponse(status, rule.body, headers);
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Outgoing {
	return {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
		body: body === undefined ? '' : JSON.stringify(body),
	};
}

function send(response: ServerResponse, outgoing: Outgoing, extraHeaders: Record<string, string>): void {
	response.writeHead(outgoing.status, { ...outgoing.headers, ...extraHeaders });
	response.end(outgoing.body ?? '');
}

function singleHeader(request: IncomingMessage, lowerCaseName: string): string | undefined {
	const value = request.headers[lowerCaseName];
	return Array.isArray(value) ? value[0] : value;
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
