import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** One output item per record, honouring Return All / Limit. */
export function recordsToItems(
	ctx: IExecuteFunctions,
	records: unknown,
	itemIndex: number,
): INodeExecutionData[] {
	const list = (Array.isArray(records) ? records : []) as IDataObject[];
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, true) as boolean;
	const limit = returnAll ? list.length : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	return list.slice(0, limit).map((record) => ({ json: record }));
}

/** A response body as one output item (an empty body becomes `{ success: true }`). */
export function responseToItem(response: unknown): INodeExecutionData[] {
	if (response && typeof response === 'object' && !Array.isArray(response)) {
		return [{ json: response as IDataObject }];
	}
	if (response === undefined || response === null || response === '') return [{ json: { success: true } }];
	return [{ json: { result: response as IDataObject } }];
}
