/**
 * /groups/{groupId}/subscribers of a managed public group ('ConnectGroup'): list them (a POST,
 * as documented, with `cursor`/`count` paging, max 50), add and remove by phone number. All
 * three need admin rights: subscribers are private to a public group's admins.
 * Add and remove answer per number (`isAdded` / `isRemoved`, with a `reason` when false)
 * instead of failing the whole call, as the reference's response shape implies.
 */
import type { PlatformRoute } from '../app';
import type { Principal } from '../auth/accessControl';
import { requireGroupAdmin } from '../auth/accessControl';
import { invalidRequest } from '../errors';
import type { GroupRecord, SandboxState } from '../state';
import { ensureUser, findUserByPhone, isSubscriber } from '../stateQueries';
import { isE164, isJsonObject, optionalNumber, optionalString, requireArray, requireObject } from '../validation';

const MAX_PAGE_SIZE = 50;
const MAX_NUMBERS_PER_CALL = 100;

function requirePublicGroup(state: SandboxState, principal: Principal, groupId: string, operation: string): GroupRecord {
	const group = requireGroupAdmin(state, principal, groupId, operation);
	if (group.groupType !== 'ConnectGroup') {
		throw invalidRequest(`'${group.groupName}' is not a public group, so it has no subscribers`, 'NotAPublicGroup');
	}
	return group;
}

function requestedNumbers(body: unknown): unknown[] {
	return requireArray(requireObject(body), 'subscribers', { minItems: 1, maxItems: MAX_NUMBERS_PER_CALL });
}

/** Paging cursors are opaque to clients; here they encode the offset of the next page. */
function decodeCursor(cursor: string | undefined): number {
	if (cursor === undefined) return 0;
	const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
	if (!Number.isInteger(offset) || offset < 0) throw invalidRequest("'cursor' is not one this API returned", 'InvalidCursor');
	return offset;
}

export const subscriberRoutes: PlatformRoute[] = [
	{
		method: 'POST',
		pattern: '/groups/:groupId/subscribers',
		body: 'optional-json',
		handle({ app, principal, params, body }) {
			const group = requirePublicGroup(app.state, principal, params.groupId, 'list subscribers');
			const request = isJsonObject(body) ? body : {};
			const count = optionalNumber(request, 'count', { min: 1, max: MAX_PAGE_SIZE, integer: true }) ?? MAX_PAGE_SIZE;
			const offset = decodeCursor(optionalString(request, 'cursor'));

			const all = app.state.subscribers.filter((subscriber) => subscriber.groupId === group.groupId);
			const page = all.slice(offset, offset + count).map((subscriber) => {
				const user = app.state.users.get(subscriber.userId);
				return {
					id: subscriber.userId,
					mobileNumber: user?.mobileNumber ?? '',
					name: user?.name ?? '',
					profilePic: user?.profilePic ?? '',
					isProvisioned: user?.isProvisioned ?? false,
				};
			});
			const next = offset + count < all.length ? Buffer.from(String(offset + count)).toString('base64url') : undefined;
			return { body: next === undefined ? { subscribers: page } : { subscribers: page, cursor: next } };
		},
	},
	{
		method: 'PUT',
		pattern: '/groups/:groupId/subscribers/add',
		body: 'json',
		handle({ app, principal, params, body }) {
			const group = requirePublicGroup(app.state, principal, params.groupId, 'add subscribers');
			const result: Record<string, { isAdded: boolean; reason?: string }> = {};
			for (const value of requestedNumbers(body)) {
				const key = String(value);
				if (!isE164(value)) {
					result[key] = { isAdded: false, reason: 'Not an E.164 phone number' };
					continue;
				}
				const user = ensureUser(app.state, value);
				if (isSubscriber(app.state, group.groupId, user.userId)) {
					result[key] = { isAdded: false, reason: 'Already a subscriber' };
					continue;
				}
				app.state.subscribers.push({ groupId: group.groupId, userId: user.userId, addedAt: app.now() });
				result[key] = { isAdded: true };
			}
			return { body: { result } };
		},
	},
	{
		method: 'PUT',
		pattern: '/groups/:groupId/subscribers/remove',
		body: 'json',
		handle({ app, principal, params, body }) {
			const group = requirePublicGroup(app.state, principal, params.groupId, 'remove subscribers');
			const result: Record<string, { isRemoved: boolean; reason?: string }> = {};
			for (const value of requestedNumbers(body)) {
				const key = String(value);
				const user = isE164(value) ? findUserByPhone(app.state, value) : undefined;
				const index = user
					? app.state.subscribers.findIndex((subscriber) => subscriber.groupId === group.groupId && subscriber.userId === user.userId)
					: -1;
				if (index < 0) {
					result[key] = { isRemoved: false, reason: isE164(value) ? 'Not a subscriber' : 'Not an E.164 phone number' };
					continue;
				}
				app.state.subscribers.splice(index, 1);
				result[key] = { isRemoved: true };
			}
			return { body: { result } };
		},
	},
];
