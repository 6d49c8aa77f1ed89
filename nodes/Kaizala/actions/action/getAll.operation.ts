import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupLocator, returnAllOrLimit } from '../../helpers/descriptions';
import { guidParameter, requiredTextParameter, validOrThrow } from '../../helpers/items';
import { MAX_PATH_LENGTH } from '../../helpers/validation';
import { checkDateTime } from '../../helpers/timeValidation';
import { kaizalaApiRequest } from '../../transport';
import type { ListedAction } from './shared';
import { listedActionId, sentAtMs } from './shared';

const show = { resource: ['action'], operation: ['getAll'] };

/** The platform returns at most this many actions per request. */
const PAGE_SIZE = 100;
/** A safety stop for Return All. */
const MAX_PAGES = 500;

export const description: INodeProperties[] = [
	groupLocator({ show }),
	{
		displayName: 'Action Type',
		name: 'listActionType',
		type: 'options',
		default: 'Job',
		description: 'Kaizala lists one type at a time, and only these types (announcements, audio, documents and videos cannot be listed)',
		options: [
			{ name: 'Custom Action Package', value: 'custom', description: 'Instances of one action package' },
			{ name: 'Image', value: 'Image' },
			{ name: 'Job', value: 'Job' },
			{ name: "Let's Meet", value: 'LetsMeet' },
			{ name: 'Photo With Location', value: 'PhotoWithLocation' },
			{ name: 'Poll', value: 'Poll' },
			{ name: 'Share Location', value: 'ShareLocation' },
			{ name: 'Survey', value: 'Survey' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Action Package ID',
		name: 'listPackageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. com.contoso.inspection',
		displayOptions: { show: { ...show, listActionType: ['custom'] } },
	},
	...returnAllOrLimit({ show }),
	{
		displayName: 'Filters',
		name: 'listFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Sent After',
				name: 'sentAfter',
				type: 'dateTime',
				default: '',
				description: 'Only actions sent at or after this time',
			},
		],
	},
];

/**
 * Pages through the listing with `fromDate` (inclusive, oldest first), skipping actions already
 * returned. Kaizala's times have one-second precision: if a whole page falls within one second,
 * paging moves on to the next second.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	let actionType = this.getNodeParameter('listActionType', itemIndex) as string;
	if (actionType === 'custom') {
		actionType = requiredTextParameter(this, 'listPackageId', 'Action Package ID', itemIndex, MAX_PATH_LENGTH);
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('listFilters', itemIndex, {}) as IDataObject;
	let fromDate = filters.sentAfter ? validOrThrow(this, checkDateTime(filters.sentAfter), 'Sent After', itemIndex) : undefined;

	const seen = new Set<string>();
	const found: ListedAction[] = [];
	for (let page = 0; page < MAX_PAGES && found.length < limit; page++) {
		const qs: IDataObject = { actionType, count: Math.min(PAGE_SIZE, Math.max(1, limit - found.length)) };
		if (fromDate !== undefined) qs.fromDate = fromDate;
		const response = (await kaizalaApiRequest.call(this, { method: 'GET', path: `groups/${groupId}/actions`, qs }, itemIndex)) as {
			actions?: ListedAction[];
			hasMore?: boolean;
		};
		const actions = Array.isArray(response?.actions) ? response.actions : [];
		let latest = fromDate ?? 0;
		for (const action of actions) {
			const key = action.referenceId ?? listedActionId(action) ?? JSON.stringify(action);
			latest = Math.max(latest, sentAtMs(action) ?? 0);
			if (seen.has(String(key))) continue;
			seen.add(String(key));
			found.push(action);
		}
		if (!response?.hasMore || actions.length === 0) break;
		fromDate = latest > (fromDate ?? -1) ? latest : (fromDate ?? latest) + 1000;
	}

	return found.slice(0, limit).map((action) => {
		// Surfaced at the top for Get / Get Responses.
		const actionId = listedActionId(action);
		return { json: actionId === undefined ? action : { actionId, ...action } };
	});
}
