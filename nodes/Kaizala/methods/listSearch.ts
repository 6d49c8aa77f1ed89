import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { checkGuid } from '../helpers/validation';
import type { ListedAction } from '../actions/action/shared';
import { listedActionId, sentAtMs } from '../actions/action/shared';
import { kaizalaApiRequest } from '../transport';

interface GroupSummary {
	groupId?: string;
	id?: string;
	groupName?: string;
	name?: string;
}

/** Groups (either shape the platform uses) whose name holds the filter, by name. */
function byName(groups: GroupSummary[], filter?: string): INodeListSearchResult['results'] {
	const needle = filter?.trim().toLowerCase() ?? '';
	return groups
		.map((group) => ({ name: group.groupName ?? group.name ?? '', value: group.groupId ?? group.id ?? '' }))
		.filter((group) => group.value && (!needle || group.name.toLowerCase().includes(needle)))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Groups the connector can reach, filtered by name, for the group resource locator. */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const response = (await kaizalaApiRequest.call(this, {
		method: 'GET',
		path: 'groups',
		// Sub-groups too: members, messages and actions work on them like on any group.
		qs: { fetchAllGroups: true },
	})) as
		| { groups?: GroupSummary[] }
		| GroupSummary[];
	const groups = Array.isArray(response) ? response : (response?.groups ?? []);
	return { results: byName(groups, filter) };
}

/** Sub-groups of the group chosen in the node's `groupId` parameter, filtered by name. */
export async function searchSubGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	// No list until the parent is a group ID (not yet chosen, or an expression the editor cannot resolve).
	const parent = checkGuid(this.getCurrentNodeParameter('groupId', { extractValue: true }));
	if (!parent.ok) return { results: [] };
	const response = (await kaizalaApiRequest.call(this, {
		method: 'GET',
		path: `groups/${parent.value}/subGroups`,
	})) as { subGroups?: GroupSummary[]; groups?: Array<{ subGroups?: GroupSummary[] }> };
	const subGroups = response?.subGroups ?? response?.groups?.[0]?.subGroups ?? [];
	return { results: byName(subGroups, filter) };
}

/** Members of the group in `groupId` by phone number (Kaizala lists no names), filtered by number. */
export async function searchMembers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const group = checkGuid(this.getCurrentNodeParameter('groupId', { extractValue: true }));
	if (!group.ok) return { results: [] };
	const response = (await kaizalaApiRequest.call(this, { method: 'GET', path: `groups/${group.value}/members` })) as {
		members?: Array<{ id?: string; mobileNumber?: string; role?: string }>;
	};
	const needle = filter?.trim() ?? '';
	const results = (response?.members ?? [])
		.filter((member) => member.mobileNumber && (!needle || member.mobileNumber.includes(needle)))
		.map((member) => ({ name: member.role ? `${member.mobileNumber} (${member.role})` : String(member.mobileNumber), value: String(member.mobileNumber) }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

/** Action types Kaizala can list (actions.md, "GET Supported"), with how to show them. */
const LISTED_ACTION_TYPES: Array<{ type: string; label: string; hasActionId: boolean }> = [
	{ type: 'Job', label: 'Job', hasActionId: true },
	{ type: 'Survey', label: 'Survey', hasActionId: true },
	{ type: 'Poll', label: 'Poll', hasActionId: true },
	{ type: 'LetsMeet', label: "Let's Meet", hasActionId: true },
	{ type: 'Image', label: 'Image', hasActionId: false },
];

/**
 * The recent actions of the group in `sourceGroupId` (when it is set) or `groupId`, newest
 * first, filtered by title. No list (and no request) until the group is an ID.
 */
async function searchGroupActions(
	ctx: ILoadOptionsFunctions,
	key: 'actionId' | 'referenceId',
	filter?: string,
): Promise<INodeListSearchResult> {
	let source: ReturnType<typeof checkGuid> = { ok: false, problem: '' };
	try {
		source = checkGuid(ctx.getCurrentNodeParameter('sourceGroupId', { extractValue: true }));
	} catch {
		// Operations without a source group.
	}
	const group = source.ok ? source : checkGuid(ctx.getCurrentNodeParameter('groupId', { extractValue: true }));
	if (!group.ok) return { results: [] };
	const types = LISTED_ACTION_TYPES.filter((entry) => key === 'referenceId' || entry.hasActionId);
	const pages = await Promise.all(
		types.map(async (entry) => {
			const response = (await kaizalaApiRequest.call(ctx, {
				method: 'GET',
				path: `groups/${group.value}/actions`,
				qs: { actionType: entry.type, count: 100 },
			})) as { actions?: ListedAction[] };
			return (response?.actions ?? []).map((action) => ({ action, label: entry.label }));
		}),
	);
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = pages
		.flat()
		.map(({ action, label }) => {
			const body = action.actionBody ?? {};
			const title = body.title ?? body.question ?? body.caption ?? '';
			// Actions without a time sort last and show none.
			const when = sentAtMs(action) ?? 0;
			return {
				name: `${label}: ${title || '(untitled)'}${when ? ` (${new Date(when).toISOString().slice(0, 16).replace('T', ' ')})` : ''}`,
				value: (key === 'actionId' ? listedActionId(action) : action.referenceId) ?? '',
				when,
				title,
			};
		})
		.filter((entry) => entry.value && (!needle || entry.title.toLowerCase().includes(needle)))
		.sort((a, b) => b.when - a.when)
		.map(({ name, value }) => ({ name, value }));
	return { results };
}

/** Jobs, surveys, polls and meetings of the chosen group, by actionId, newest first. */
export async function searchActions(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await searchGroupActions(this, 'actionId', filter);
}

/** The same actions (and images) by referenceId, for reactions. */
export async function searchActionReferences(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await searchGroupActions(this, 'referenceId', filter);
}
