/**
 * Rules for the URLs an access token may be sent to. The token service names the endpoint
 * (`endpointUrl`) and the platform may move it (HTTP 308 + `Location`); both come from the
 * network, so both are checked before a token is ever attached to a request.
 */
import { isHttpsOrLoopback } from '../helpers/validation';
import { domainNotAllowed, insecureUrl } from './token/authErrors';

export type EndpointCheck = { ok: true; url: string } | { ok: false; message: string };

function parseUrl(raw: string): URL | undefined {
	try {
		return new URL(raw);
	} catch {
		return undefined;
	}
}

/**
 * Checks a URL a token may be sent to and normalises it with a trailing slash (so relative
 * paths resolve beneath it). `field` names where the URL came from, for the message.
 */
export function checkEndpointUrl(raw: unknown, field: string): EndpointCheck {
	if (typeof raw !== 'string' || raw.trim() === '') {
		return { ok: false, message: `The Kaizala service returned no ${field}` };
	}
	const url = parseUrl(raw.trim());
	if (!url) return { ok: false, message: `The ${field} "${raw}" is not a valid URL` };
	if (url.username || url.password) {
		return { ok: false, message: `The ${field} must not contain user information` };
	}
	if (!isHttpsOrLoopback(url)) {
		return {
			ok: false,
			message: `Refusing ${field} "${url.origin}": access tokens are only sent over https (plain http is allowed for loopback hosts only)`,
		};
	}
	url.search = '';
	url.hash = '';
	return { ok: true, url: url.href.endsWith('/') ? url.href : `${url.href}/` };
}

/** Joins a platform path ("groups/x/messages") beneath an endpoint URL that ends in "/". */
export function resolveEndpointPath(endpointUrl: string, path: string): string {
	return new URL(path.replace(/^\/+/, ''), endpointUrl).href;
}

/**
 * The hosts a credential's "Allowed HTTP Request Domains" setting allows (n8n 2.x adds that
 * setting to every credential with an authenticate function): a comma-separated list where
 * `*.example.com` matches subdomains only, as n8n matches it. Written here rather than imported
 * from n8n-workflow, which has it only from 2.x on.
 */
export function isHostAllowed(url: string, allowedDomains: string): boolean {
	let hostname: string;
	try {
		hostname = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return false;
	}
	return allowedDomains
		.split(',')
		.map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean)
		.some((domain) =>
			domain.startsWith('*.') ? domain.length > 2 && hostname.endsWith(domain.slice(1)) : hostname === domain,
		);
}

/** The host name of a URL as Allowed Domains lists it (no port); the URL itself when it has none. */
export function hostnameOf(url: string): string {
	try {
		return new URL(url).hostname;
	} catch {
		return url;
	}
}

/**
 * The credential's API Root, normalised, if a token exchange may be sent there: https (or http
 * on loopback), and on the credential's Allowed Domains list when it has one. n8n 2.x would
 * refuse a host off the list too, but with an error that reads like a failed connection.
 */
export function checkedApiRoot(credentials: { apiRoot: string; allowedDomains?: string }): string {
	const root = checkEndpointUrl(credentials.apiRoot, 'API Root');
	if (!root.ok) throw insecureUrl('API Root', root.message);
	if (credentials.allowedDomains !== undefined && !isHostAllowed(root.url, credentials.allowedDomains)) {
		throw domainNotAllowed("The credential's API Root (the token service)", hostnameOf(root.url), credentials.allowedDomains);
	}
	return root.url;
}
