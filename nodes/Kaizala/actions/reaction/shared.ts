import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { actionLocator, groupLocator, subGroupLocator } from '../../helpers/descriptions';
import { guidParameter, throwInvalid, locatorValue, messageTextParameter, textValue, validOrThrow, responseToItem } from '../../helpers/items';
import { checkGuid } from '../../helpers/validation';
import { kaizalaApiRequest } from '../../transport';

export const RESOURCE = 'reaction';

/** Group, the sub-group the item was sent in, and (optionally) the reacted-to item. */
export function reactionTargetFields(operations: string[], withReference: boolean): INodeProperties[] {
	const show = { resource: [RESOURCE], operation: operations };
	const fields: INodeProperties[] = [
		groupLocator({ show }, { description: 'The group whose conversation holds the action or message' }),
		subGroupLocator(
			{ show },
			{
				displayName: 'Sent In Sub-Group',
				name: 'sourceGroupId',
				required: false,
				default: { mode: 'list', value: '' },
				description: 'Only when the item was sent in a sub-group of the group above; leave empty when it was sent in that group',
			},
		),
	];
	if (withReference) {
		fields.push(
			actionLocator(
				{ show },
				{
					displayName: 'Action or Message',
					name: 'referenceId',
					description: 'The <code>referenceId</code> of the action or message (Send outputs it); the list shows recent actions',
				},
				'searchActionReferences',
			),
		);
	}
	return fields;
}

export interface ReactionTarget {
	groupId: string;
	sourceGroupId: string;
	referenceId?: string;
}

export function reactionTarget(ctx: IExecuteFunctions, itemIndex: number, withReference: boolean): ReactionTarget {
	const groupId = guidParameter(ctx, 'groupId', 'Group', itemIndex);
	const rawSource = locatorValue(ctx, 'sourceGroupId', itemIndex);
	const given = rawSource !== undefined && rawSource !== null && !(typeof rawSource === 'string' && rawSource.trim() === '');
	const sourceGroupId = given ? validOrThrow(ctx, checkGuid(rawSource), 'Sent In Sub-Group', itemIndex) : groupId;
	if (!withReference) return { groupId, sourceGroupId };
	return { groupId, sourceGroupId, referenceId: guidParameter(ctx, 'referenceId', 'Action or Message', itemIndex) };
}

/** POST /groups/{groupId}/reaction (reactions.md); Like and Comment differ only in the comment. */
export async function react(ctx: IExecuteFunctions, itemIndex: number, reactionType: 'Like' | 'Comment'): Promise<INodeExecutionData[]> {
	const { groupId, sourceGroupId, referenceId } = reactionTarget(ctx, itemIndex, true);
	const body: IDataObject = { referenceId, sourceGroupId, reactionType };
	if (reactionType === 'Comment') body.comment = messageTextParameter(ctx, 'comment', 'Comment', itemIndex);
	const response = await kaizalaApiRequest.call(ctx, { method: 'POST', path: `groups/${groupId}/reaction`, body }, itemIndex);
	return [{ json: { ...responseToItem(response)[0].json, referenceId, reactionType } }];
}

/** Pages of a cursor listing are fetched until one is empty or the cursor stops moving. */
const MAX_PAGES = 200;

/**
 * Records of a cursor-paged reaction listing, as items carrying the cursor they were read up to
 * (to pass as Since Cursor next time), honouring Return All / Limit.
 */
export async function cursorListing(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	qs: IDataObject,
	recordsKey: string,
	extra: IDataObject,
): Promise<INodeExecutionData[]> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const options = ctx.getNodeParameter('cursorOptions', itemIndex, {}) as IDataObject;
	const since = textValue(ctx, options.cursor, 'Since Cursor', itemIndex).trim();
	if (since && !/^\d+$/.test(since)) {
		throwInvalid(ctx, `"${since}" is not a cursor (the number in the cursor field of an earlier output)`, 'Since Cursor', itemIndex);
	}
	let cursor: string | number = since || 0;
	const items: INodeExecutionData[] = [];
	for (let page = 0; page < MAX_PAGES && items.length < limit; page++) {
		const response = (await kaizalaApiRequest.call(ctx, { method: 'GET', path, qs: { ...qs, cursor } }, itemIndex)) as IDataObject;
		const records = Array.isArray(response?.[recordsKey]) ? (response[recordsKey] as IDataObject[]) : [];
		const next = typeof response?.cursor === 'number' || typeof response?.cursor === 'string' ? response.cursor : cursor;
		for (const record of records) items.push({ json: { ...extra, ...record, cursor: next } });
		if (records.length === 0 || String(next) === String(cursor)) break;
		cursor = next;
	}
	return items.slice(0, limit);
}

export function cursorOptionsField(operations: string[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'cursorOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: [RESOURCE], operation: operations } },
		options: [
			{
				displayName: 'Since Cursor',
				name: 'cursor',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.cursor }}',
				description:
					'Only reactions after this point: the <code>cursor</code> of an earlier run\'s output (every item carries the cursor it was read up to)',
			},
		],
	};
}
