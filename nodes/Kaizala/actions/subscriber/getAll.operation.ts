import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { groupLocator, returnAllOrLimit } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

const show = { resource: ['subscriber'], operation: ['getAll'] };

/** The platform returns at most 50 subscribers per page. */
const PAGE_SIZE = 50;
/** A guard against a cursor that never ends: 10,000 pages is 500,000 subscribers. */
const MAX_PAGES = 10_000;

export const description: INodeProperties[] = [
	groupLocator({ show }, { displayName: 'Public Group', description: 'A managed public group; the token user must be its admin' }),
	...returnAllOrLimit({ show }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Public Group', itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : Math.max(1, Math.floor(this.getNodeParameter('limit', itemIndex, 50) as number));

	const subscribers: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES && subscribers.length < limit; page++) {
		const body: IDataObject = { count: Math.min(PAGE_SIZE, limit - subscribers.length) };
		if (cursor !== undefined) body.cursor = cursor;
		const response = (await kaizalaApiRequest.call(
			this,
			// Kaizala lists subscribers by POST; it changes nothing, so it is retried like a read.
			{ method: 'POST', path: `groups/${groupId}/subscribers`, body, readOnly: true },
			itemIndex,
		)) as IDataObject | undefined;
		const records = Array.isArray(response?.subscribers) ? (response.subscribers as IDataObject[]) : [];
		subscribers.push(...records.slice(0, limit - subscribers.length));
		const next = response?.cursor;
		if (typeof next !== 'string' || next === '' || records.length === 0) break;
		if (seenCursors.has(next)) {
			throw new NodeOperationError(this.getNode(), 'Kaizala returned the same page cursor twice while listing subscribers', {
				itemIndex,
			});
		}
		seenCursors.add(next);
		cursor = next;
	}
	return subscribers.map((subscriber) => ({ json: subscriber }));
}
