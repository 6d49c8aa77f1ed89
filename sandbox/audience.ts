/**
 * Recipients of a message or action in a managed public group. The reference lets a post go to
 * the whole group (default), to every subscriber (`sendToAllSubscribers`, admins only) or to
 * chosen subscribers (`subscribers`); the last two only make sense for public groups.
 */
import { effectiveRole, type Principal } from './auth/accessControl';
import { forbidden, invalidRequest } from './errors';
import type { Audience, GroupRecord, SandboxState } from './state';
import { findUserByPhone, isSubscriber } from './stateQueries';
import { optionalArray, optionalBoolean, phoneList, type JsonObject } from './validation';

export function parseAudience(state: SandboxState, principal: Principal, group: GroupRecord, request: JsonObject): Audience {
	const toAll = optionalBoolean(request, 'sendToAllSubscribers') ?? false;
	const chosen = phoneList(optionalArray(request, 'subscribers') ?? [], 'subscribers');
	if (!toAll && chosen.length === 0) return { kind: 'group' };

	if (group.groupType !== 'ConnectGroup') {
		throw invalidRequest(
			`'sendToAllSubscribers' and 'subscribers' apply only to public groups; '${group.groupName}' is a regular group`,
			'NotAPublicGroup',
		);
	}
	if (toAll && chosen.length > 0) {
		throw invalidRequest("Give either 'sendToAllSubscribers': true or a 'subscribers' list, not both");
	}
	if (toAll) {
		if (effectiveRole(state, principal, group) !== 'Admin') {
			throw forbidden('AdminRequired', `Only an admin of '${group.groupName}' may send to all subscribers`);
		}
		return { kind: 'allSubscribers' };
	}
	const strangers = chosen.filter((phone) => {
		const user = findUserByPhone(state, phone);
		return !user || !isSubscriber(state, group.groupId, user.userId);
	});
	if (strangers.length > 0) {
		throw invalidRequest(`Not subscribers of '${group.groupName}': ${strangers.join(', ')}`, 'NotASubscriber');
	}
	return { kind: 'subscribers', mobileNumbers: chosen };
}
