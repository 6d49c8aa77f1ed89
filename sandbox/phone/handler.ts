/**
 * The phone view: the sandbox's own pages at its origin (`/`, `/phone/...`), showing what group
 * members would see on their phones and letting a chosen member answer action cards. No token:
 * the sandbox listens on loopback only, and these pages show no secret (no token, connector
 * secret or webhook callback token is ever rendered). Requests here are not platform calls, so
 * they stay out of the request log and the fault rules.
 *
 * Answers go through the same response path as the API's POST .../responses (acceptResponse) or,
 * for polls and let's meet (which the API cannot answer), the in-app path (respondInApp): the
 * response is stored and the same webhook events fire.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SandboxApp } from '../app';
import { ApiError } from '../errors';
import { readRequestBody } from '../http/requestBody';
import { acceptResponse, memberRequest, respondInApp } from '../routes/actionResponses';
import type { ActionRecord, GroupRecord, UserRecord } from '../state';
import { membershipOf } from '../stateQueries';
import { phoneOwners } from './feed';
import { conversationFeed, conversationPage, DEFAULT_PAGE_SIZE, groupListPage, MAX_PAGE_SIZE, respondPage, surveyAnswers } from './pages';

const GROUP = /^\/phone\/groups\/([^/]+)$/;
const FEED = /^\/phone\/groups\/([^/]+)\/feed$/;
const RESPOND = /^\/phone\/groups\/([^/]+)\/actions\/([^/]+)\/respond$/;

/** Whether a path belongs to the phone view (everything else goes to the API pipeline). */
export function isPhonePath(path: string): boolean {
	return path === '/' || path === '/favicon.ico' || path === '/phone' || path.startsWith('/phone/');
}

interface Page {
	status: number;
	contentType: string;
	body: string;
	headers?: Record<string, string>;
}

export async function handlePhoneRequest(app: SandboxApp, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const nonce = randomBytes(12).toString('base64');
	let page: Page;
	try {
		page = await route(app, request, nonce);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		page = { status: error instanceof ApiError ? error.status : 500, contentType: 'text/plain; charset=utf-8', body: message };
	}
	response.writeHead(page.status, {
		'Content-Type': page.contentType,
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'no-referrer',
		// Defence in depth behind the escaping: only this page's own script runs.
		'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' http://127.0.0.1:* http://localhost:*; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
		...page.headers,
	});
	response.end(page.body);
}

async function route(app: SandboxApp, request: IncomingMessage, nonce: string): Promise<Page> {
	const method = (request.method ?? 'GET').toUpperCase();
	const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
	const path = url.pathname.replace(/\/+$/, '') || '/';
	checkHost(request);
	if (path === '/favicon.ico') return { status: 204, contentType: 'text/plain', body: '' };
	if (method === 'GET' && (path === '/' || path === '/phone')) return htmlPage(groupListPage(app.state));

	let match = GROUP.exec(path);
	if (match && method === 'GET') {
		const group = requireGroup(app, match[1]);
		return htmlPage(conversationPage(app.state, group, ownerOf(app, group, url.searchParams.get('as')), pageSize(url), nonce));
	}
	match = FEED.exec(path);
	if (match && method === 'GET') {
		const group = requireGroup(app, match[1]);
		const view = conversationFeed(app.state, group, ownerOf(app, group, url.searchParams.get('as')), pageSize(url));
		return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(view) };
	}
	match = RESPOND.exec(path);
	if (match) {
		const group = requireGroup(app, match[1]);
		const action = app.state.actions.get(decodeURIComponent(match[2]));
		if (!action || action.groupId !== group.groupId) throw new ApiError(404, 'ActionNotFound', 'No such action in this group');
		if (method === 'GET') {
			const owner = requireOwner(app, group, url.searchParams.get('as'));
			return htmlPage(respondPage(group, owner, action));
		}
		if (method === 'POST') return await answer(app, request, group, action);
	}
	throw new ApiError(404, 'NotFound', `Nothing is served at ${path}`);
}

/** Answers only requests addressed to the loopback name it listens on (no DNS rebinding). */
function checkHost(request: IncomingMessage): void {
	const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
	if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
		throw new ApiError(421, 'WrongHost', 'The sandbox phone answers on 127.0.0.1 or localhost only');
	}
}

async function answer(app: SandboxApp, request: IncomingMessage, group: GroupRecord, action: ActionRecord): Promise<Page> {
	// A form posted from another site is refused: only the phone's own pages answer.
	const origin = request.headers.origin;
	if (request.headers['sec-fetch-site'] === 'cross-site' || (origin !== undefined && origin !== 'null' && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin))) {
		throw new ApiError(403, 'CrossSite', 'Answers come from the phone view only');
	}
	const body = await readRequestBody(request);
	const form = new URLSearchParams(body.kind === 'text' ? body.value : '');
	const owner = requireOwner(app, group, form.get('as'));
	try {
		respond(app, action, owner, form);
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		return { ...htmlPage(respondPage(group, owner, action, error.message)), status: 400 };
	}
	const back = `/phone/groups/${encodeURIComponent(group.groupId)}?as=${encodeURIComponent(owner.userId)}#ref-${action.referenceId}`;
	return { status: 303, contentType: 'text/plain; charset=utf-8', body: 'Answered', headers: { Location: back } };
}

function respond(app: SandboxApp, action: ActionRecord, owner: UserRecord, form: URLSearchParams): void {
	switch (action.kind) {
		case 'Poll': {
			const choice = form.get('choice') ?? '';
			const titles = ((action.body.choices as { title: string }[]) ?? []).map((option) => option.title);
			if (!titles.includes(choice)) throw new ApiError(400, 'InvalidRequest', 'Pick one of the choices');
			respondInApp(app, action.actionId, owner.mobileNumber, { choice });
			return;
		}
		case 'LetsMeet': {
			const attending = form.get('attending');
			if (attending !== 'Attending' && attending !== 'Not attending') throw new ApiError(400, 'InvalidRequest', 'Say whether you will attend');
			respondInApp(app, action.actionId, owner.mobileNumber, { attending: attending === 'Attending' });
			return;
		}
		case 'Job':
			acceptResponse(memberRequest(app, owner), action, { isCompleted: true });
			return;
		case 'Survey':
			acceptResponse(memberRequest(app, owner), action, { answers: surveyAnswers(action, form) });
			return;
		default:
			throw new ApiError(400, 'ResponsesNotSupported', `${action.kind} actions take no answers from the phone`);
	}
}

function htmlPage(body: string): Page {
	return { status: 200, contentType: 'text/html; charset=utf-8', body };
}

function requireGroup(app: SandboxApp, rawId: string): GroupRecord {
	const group = app.state.groups.get(decodeURIComponent(rawId));
	if (!group) throw new ApiError(404, 'GroupNotFound', 'No such group');
	return group;
}

/** The phone's owner: the member named by `as`, else the group's first member who is not the connector's user. */
function ownerOf(app: SandboxApp, group: GroupRecord, userId: string | null): UserRecord | undefined {
	const owners = phoneOwners(app.state, group);
	const named = owners.find((user) => user.userId === userId);
	if (named) return named;
	const connectorUsers = new Set([...app.connectors.userPhones()]);
	return owners.find((user) => !connectorUsers.has(user.mobileNumber)) ?? owners[0];
}

function requireOwner(app: SandboxApp, group: GroupRecord, userId: string | null): UserRecord {
	const user = userId ? app.state.users.get(userId) : ownerOf(app, group, null);
	if (!user || !membershipOf(app.state, group.groupId, user.userId)) throw new ApiError(403, 'NotGroupMember', 'Only members of the group can answer from its phone');
	return user;
}

function pageSize(url: URL): number {
	const limit = Number(url.searchParams.get('limit'));
	return Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}
