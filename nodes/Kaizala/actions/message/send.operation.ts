import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { audienceFields, groupLocator, messageField } from '../../helpers/descriptions';
import { audienceBody, guidParameter, idempotencyKeySet, messageTextParameter, responseToItem } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';
import { sendOnce, sendOnceFields } from '../../sendOnce';

const show = { resource: ['message'], operation: ['send'] };

export const description: INodeProperties[] = [
	groupLocator({ show }),
	messageField({ show }, { description: 'Text to send, up to 4,000 characters' }),
	...audienceFields(show, 'a message'),
	...sendOnceFields(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const message = messageTextParameter(this, 'message', 'Message', itemIndex);
	const body: IDataObject = { message, ...audienceBody(this, itemIndex) };

	const send = async () =>
		responseToItem(await kaizalaApiRequest.call(this, { method: 'POST', path: `groups/${groupId}/messages`, body }, itemIndex));
	// Without a key (the default) send once has nothing to do: the send skips it altogether.
	return idempotencyKeySet(this) ? await sendOnce(this, itemIndex, send) : await send();
}
