import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

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
	const response = (await kaizalaApiRequest.call(this, { method: 'GET', path: 'groups' })) as
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
