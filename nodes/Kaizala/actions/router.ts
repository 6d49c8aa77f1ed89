import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeError, NodeOperationError } from 'n8n-workflow';

import { errorItemJson } from '../helpers/output';
import { checkTypedFields, typedExpressionFields } from '../helpers/parameterTypes';
import { isKaizalaOperation, operationModule, resources } from './resources';

const NODE_PROPERTIES = resources.flatMap(({ description }) => description);

/** n8n's errors pass through with the item they belong to; anything else is wrapped. */
function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * Runs the chosen operation once per input item. Every output item is paired with its input
 * item; with Continue On Fail an item's error becomes its output and the other items go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	const typedFields = typedExpressionFields(NODE_PROPERTIES, this.getNode().parameters);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const chosen = {
				resource: String(this.getNodeParameter('resource', itemIndex)),
				operation: String(this.getNodeParameter('operation', itemIndex)),
			};
			if (!isKaizalaOperation(chosen)) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${chosen.operation}" of resource "${chosen.resource}" is not supported`,
					{ itemIndex },
				);
			}
			checkTypedFields(this, typedFields, itemIndex);
			const results = await operationModule(chosen).execute.call(this, itemIndex);
			for (const result of results) {
				returnData.push({ ...result, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: errorItemJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw withItemIndex(this, error, itemIndex);
		}
	}

	return [returnData];
}
