/** What the response types of Action → Post Response have in common: the shape of a type module. */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/**
 * One response type: its entry in the Respond To list, whether it carries answers (the fields in
 * `answers.ts`), its own fields (shown only for this type) and the request body it builds.
 */
export interface ResponseTypeModule {
	option: INodePropertyOptions & { value: string };
	answered: boolean;
	fields: INodeProperties[];
	/** `{ actionType | id, actionBody, responseId? }`, validated before anything is sent. */
	request(ctx: IExecuteFunctions, itemIndex: number): IDataObject;
}

/** Fields shown only when one of these response types is chosen. */
export function forResponseTypes(values: string[], properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { responseType: values } }, properties);
}
