/**
 * Test helpers for the sandbox suites: a fake clock and a tiny client that talks to the sandbox
 * over real loopback HTTP with Node's fetch.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO_CONNECTOR, startSandbox, type ConnectorSeed, type KaizalaSandbox, type SandboxOptions } from '../../sandbox';

export class FakeClock {
	constructor(public time = Date.UTC(2024, 0, 15, 9, 0, 0)) {}
	readonly now = (): number => this.time;
	advance(ms: number): void {
		this.time += ms;
	}
}

export interface HttpResult {
	status: number;
	headers: Headers;
	/** Parsed JSON, or the raw text when the body is not JSON ('' when empty). */
	body: any;
}

export async function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpResult> {
	const headers = { ...init.headers };
	let body: string | FormData | undefined;
	if (init.body instanceof FormData) {
		// fetch writes the multipart Content-Type with its boundary itself.
		body = init.body;
	} else if (init.body !== undefined) {
		body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text === '' ? '' : JSON.parse(text);
	} catch {
		// leave as text
	}
	return { status: response.status, headers: response.headers, body: parsed };
}

export function exchangeHeaders(connector: ConnectorSeed, refreshToken = connector.refreshToken): Record<string, string> {
	return { applicationId: connector.connectorId, applicationSecret: connector.connectorSecret, refreshToken };
}

/** A connector session: exchanges a token once, then calls paths relative to its endpointUrl. */
export class SandboxClient {
	accessToken = '';
	endpointUrl = '';

	constructor(
		readonly sandbox: KaizalaSandbox,
		readonly connector: ConnectorSeed = DEMO_CONNECTOR,
	) {}

	async login(): Promise<this> {
		const result = await http(`${this.sandbox.apiRoot}/accessToken`, {
			headers: exchangeHeaders(this.connector, this.sandbox.currentRefreshToken(this.connector.connectorId)),
		});
		if (result.status !== 200) throw new Error(`token exchange failed: ${result.status} ${JSON.stringify(result.body)}`);
		this.accessToken = result.body.accessToken;
		this.endpointUrl = result.body.endpointUrl;
		return this;
	}

	call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
		return http(new URL(`v1/${path.replace(/^\//, '')}`, this.endpointUrl).href, {
			method,
			body,
			headers: { accessToken: this.accessToken, ...headers },
		});
	}
}

/** Starts a sandbox and a logged-in demo client; remember to close the sandbox. */
export async function startWithClient(options: SandboxOptions = {}): Promise<{ sandbox: KaizalaSandbox; client: SandboxClient }> {
	const sandbox = await startSandbox(options);
	const client = await new SandboxClient(sandbox).login();
	return { sandbox, client };
}

export const actionsOf = (groupId: string): string => `groups/${groupId}/actions`;

/** A survey with one question of each answer type the sandbox checks. */
export const SURVEY = {
	actionType: 'Survey',
	actionBody: {
		title: 'Site check',
		dueDate: 10,
		acceptMultipleResponses: false,
		questions: [
			{ title: 'Notes', type: 'Text' },
			{ title: 'Safe?', type: 'SingleOption', options: [{ title: 'Yes' }, { title: 'No' }] },
			{ title: 'Hazards', type: 'MultiOption', options: [{ title: 'Wet' }, { title: 'Dark' }] },
			{ title: 'Crew size', type: 'Numeric' },
		],
	},
};

export interface Received {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: any;
}

/** A webhook receiver on loopback: records calls; `status` and `echo` steer its answers. */
export class Receiver {
	readonly received: Received[] = [];
	status = 200;
	/** Answer the validation handshake by echoing the token (false: answer something else). */
	echo = true;
	/** Never answer at all. */
	hang = false;
	private server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			if (this.hang) return;
			const text = Buffer.concat(chunks).toString();
			this.received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : undefined });
			const token = new URL(request.url ?? '/', 'http://x').searchParams.get('validationToken');
			response.writeHead(token ? 200 : this.status, { 'Content-Type': 'text/plain' });
			response.end(token ? (this.echo ? token : 'nope') : '');
		});
	});
	url = '';

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
		return this;
	}

	posts(): Received[] {
		return this.received.filter((call) => call.method === 'POST');
	}

	close(): Promise<void> {
		this.server.closeAllConnections();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}
}
