/**
 * The errors a Kaizala credential can meet on its way to an access token, each worded for the
 * person who opens the credential: what is wrong and what to do, with no secret in it. They carry
 * no HTTP status or error code property and name no Node error code, because n8n would replace
 * the message with a generic one (docs/ARCHITECTURE.md, "What leans on n8n internals").
 */
import { platformErrorOf } from '../responseReading';

export type AuthFailureReason =
	| 'missing-field'
	| 'invalid-connector'
	| 'refresh-token-rejected'
	| 'token-service-refused'
	| 'service-unavailable'
	| 'malformed-response'
	| 'insecure-endpoint'
	| 'domain-not-allowed'
	| 'unsupported-engine';

/** Errors whose messages are written for the user and never contain a secret. */
export class KaizalaAuthError extends Error {
	constructor(
		readonly reason: AuthFailureReason,
		message: string,
		readonly description?: string,
		/** The token service's HTTP status, when it answered. Not named `status`: see above. */
		readonly serviceStatus?: number,
	) {
		super(message);
		this.name = 'KaizalaAuthError';
	}
}

/** Where in the Kaizala Management Portal a value is found, e.g. `portal('Connectors')`. */
export const portal = (path: string) => `the Kaizala Management Portal (https://manage.kaiza.la → ${path})`;

export function missingFieldError(field: string): KaizalaAuthError {
	const how =
		field === 'Refresh Token'
			? `paste the token from ${portal('Connectors → your connector → Generate user token')}, or get one with the Kaizala node's Connector → Log In With PIN`
			: `copy it from ${portal('Connectors → your connector')}`;
	return new KaizalaAuthError('missing-field', `The Kaizala credential has no ${field}: ${how}`);
}

/** Maps the token service's refusal (a 4xx that retrying cannot fix) to what the user must change. */
export function tokenServiceRefusal(statusCode: number, body: unknown): KaizalaAuthError {
	const said = platformErrorOf(body);
	const code = said.code;
	const message = said.message?.slice(0, 300);
	const answered = [code, message].filter(Boolean).join(': ');
	const description = answered ? `The token service answered HTTP ${statusCode} (${answered}).` : undefined;
	const words = `${code ?? ''} ${message ?? ''}`.toLowerCase();
	if ((statusCode === 401 || statusCode === 403) && words.includes('refresh')) {
		return new KaizalaAuthError(
			'refresh-token-rejected',
			`Kaizala did not accept the Refresh Token: it is expired, revoked or was replaced by a newer one. Generate a new one in ${portal('Connectors → your connector → Generate user token')} and paste it into the credential's Refresh Token`,
			description,
			statusCode,
		);
	}
	if (statusCode === 401 || statusCode === 403) {
		return new KaizalaAuthError(
			'invalid-connector',
			`Kaizala did not accept the Connector ID or Connector Secret: copy both again from ${portal('Connectors → your connector')} into the credential`,
			description,
			statusCode,
		);
	}
	return new KaizalaAuthError(
		'token-service-refused',
		`The Kaizala token service refused the exchange (HTTP ${statusCode}): check every field of the credential, and its API Root`,
		description,
		statusCode,
	);
}

/** Words for the Node error codes of a failed connection (the codes themselves would be rewritten by n8n). */
const CONNECTION_PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the connection timed out',
	ECONNRESET: 'the connection was closed',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	CERT_HAS_EXPIRED: "the server's certificate has expired",
	DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is not trusted",
	SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate is not trusted",
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not trusted",
};

export function describeConnectionProblem(code: string | undefined): string {
	return (code && CONNECTION_PROBLEMS[code]) || 'the connection failed';
}

export function serviceUnavailable(apiRoot: string, problem: string, attempts: number): KaizalaAuthError {
	return new KaizalaAuthError(
		'service-unavailable',
		`Could not reach the Kaizala token service at ${apiRoot}: ${problem} (${attempts} attempts). Check the credential's API Root (normally https://api.kaiza.la/v1), then try again later`,
	);
}

/**
 * The token service answered but the answer is no usable grant. It is not repeated (tokenStore.ts,
 * MALFORMED_IS_FINAL), and the message says why and what follows from it. `what` names the
 * defect, never the body's content.
 */
export function malformedResponse(what: string): KaizalaAuthError {
	return new KaizalaAuthError(
		'malformed-response',
		`The Kaizala token service sent a malformed response (${what}), a fault of the service or of a proxy in between. The exchange was not repeated: the service may have processed it and put a new refresh token in that answer. So try again later; if Kaizala then refuses the Refresh Token, generate a new one in ${portal('Connectors → your connector → Generate user token')} and paste it into the credential`,
	);
}

/** The API Root or the endpoint broke the https rule (see endpoint.ts). */
export function insecureUrl(field: 'API Root' | 'endpointUrl' | 'Location' | 'URL', problem: string): KaizalaAuthError {
	const todo =
		field === 'API Root'
			? "change the credential's API Root to an https:// address (normally https://api.kaiza.la/v1)"
			: field === 'URL'
				? 'use an https:// URL, or https://endpoint.kaizala.invalid/v1/… to call your Kaizala endpoint'
				: "the token service (or a proxy at the credential's API Root) named it, so check the API Root";
	return new KaizalaAuthError('insecure-endpoint', `${problem}: ${todo}`);
}

/** A host the credential's "Allowed HTTP Request Domains" setting does not allow. */
export function domainNotAllowed(what: string, host: string, allowedDomains: string): KaizalaAuthError {
	const listed = allowedDomains.trim()
		? `this credential's Allowed Domains (${allowedDomains.trim()}) do not include it`
		: 'this credential allows Specific Domains but lists none';
	return new KaizalaAuthError(
		'domain-not-allowed',
		`${what} is ${host}, and ${listed}: add ${host} (or a wildcard such as *.kaiza.la) to Allowed Domains, or set Allowed HTTP Request Domains to All`,
	);
}

/**
 * n8n's opt-in Engine 2.0 refuses preAuthentication for every credential type with an expirable
 * field (see n8nBridge.ts), and the Kaizala credential needs one to keep its access token.
 */
export function engineUnsupported(): KaizalaAuthError {
	return new KaizalaAuthError(
		'unsupported-engine',
		"n8n's Engine 2.0 does not support credentials that refresh a token (expirable fields), and the Kaizala API credential is one: run this workflow on n8n's default engine (remove engine-v2 from N8N_ENABLED_MODULES, or switch the workflow back to the default engine)",
	);
}
