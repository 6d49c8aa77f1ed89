/** Requests to a waiting execution's URLs, handed to the operation that is waiting. */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import * as awaitedAction from '../actions/action/sendAndWaitForResponses.operation';
import * as awaitedMessage from '../actions/message/sendAndWait.operation';

export async function waitingWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const resource = this.getNodeParameter('resource', '') as string;
	const operation = this.getNodeParameter('operation', '') as string;
	if (resource === 'message' && operation === SEND_AND_WAIT_OPERATION) return await awaitedMessage.webhook.call(this);
	if (resource === 'action' && operation === awaitedAction.OPERATION) return await awaitedAction.webhook.call(this);
	throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" does not wait for answers`);
}
