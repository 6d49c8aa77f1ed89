import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { checkGuid } from '../helpers/validation';
import { kaizalaApiRequest } from '../transport';

interface GroupSummary {
	groupId?: string;
	id?: string;
	groupName?: string;
	name?: string;
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
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = groups
		.map((group) => ({ name: group.groupName ?? group.name ?? '', value: group.groupId ?? group.id ?? '' }))
		.filter((group) => group.value && (!needle || group.name.toLowerCase().includes(needle)))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
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
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = subGroups
		.map((group) => ({ name: group.groupName ?? group.name ?? '', value: group.groupId ?? group.id ?? '' }))
		.filter((group) => group.value && (!needle || group.name.toLowerCase().includes(needle)))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
