import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valid } from '../../helpers/input';
import { checkGuid } from '../../helpers/validation';

export function actionIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Action ID',
		name: 'actionId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6c1d2f7e-8b1a-4c39-9d56-0f3e4a5b6c7d',
		description: 'The actionId returned when the action was sent (or listed by Get Many)',
		displayOptions: { show: { resource: ['action'], operation: operations } },
	};
}

export function actionIdParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	return valid(ctx, checkGuid(ctx.getNodeParameter('actionId', itemIndex)), 'Action ID', itemIndex);
}
