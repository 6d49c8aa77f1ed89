import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeError } from 'n8n-workflow';

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

/**
 * The output of an item that failed under Continue On Fail: `error` is the message (as it always
 * was), with n8n's description and, for a platform answer, its HTTP code, so a workflow can branch
 * on them as it can on n8n's own nodes' errors. Messages and descriptions never carry secrets
 * (the transport's errors are written so); nothing else of the error is copied.
 */
export function errorItemJson(error: unknown): IDataObject {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	if (error instanceof NodeError && typeof error.description === 'string' && error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}
