/**
 * Action → Send: an action of any type to a group or to public-group subscribers. Each type's
 * fields and request body live together in `send/`; this file puts them in editor order and
 * scopes them to the operation once.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audienceFields, groupLocator } from '../../helpers/descriptions';
import { audienceBody, guidParameter, throwInvalid, responseToItem } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';
import { actionReadBack } from './readBack';
import { sendOnce, sendOnceFields, UNCERTAIN_LOOK_BACK_MS } from '../../sendOnce';
import {
	ACTION_TYPES,
	actionTypeModule,
	announcement,
	attachment,
	custom,
	dueFields,
	job,
	letsMeet,
	poll,
	survey,
	titleField,
	typesUsing,
} from './send/index';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** Action → Send's fields before they are scoped to an operation (Send and Wait reuses them). */
export const properties: INodeProperties[] = [
	groupLocator(undefined),
	{
		displayName: 'Action Type',
		name: 'actionType',
		type: 'options',
		default: 'Announcement',
		options: ACTION_TYPES.map(({ option }) => option).sort(byName),
	},
	titleField(typesUsing('title')),
	...announcement.fields,
	...attachment.fields,
	...job.fields,
	...poll.fields,
	...survey.fields,
	...dueFields(typesUsing('due')),
	...letsMeet.fields,
	...custom.fields,
	...audienceFields({}, 'an action'),
	// Each type's Options collection, after the recipients.
	...ACTION_TYPES.flatMap(({ options }) => (options ? [options] : [])),
	...sendOnceFields(),
];

export const description = updateDisplayOptions({ show: { resource: ['action'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const groupId = guidParameter(this, 'groupId', 'Group', itemIndex);
	const type = this.getNodeParameter('actionType', itemIndex) as string;
	const module = actionTypeModule(type) ?? throwInvalid(this, `"${type}" is not a type this node can send`, 'Action Type', itemIndex);
	const body: IDataObject = { ...module.request(this, itemIndex), ...audienceBody(this, itemIndex) };
	const sendAction = async () =>
		responseToItem(
			await kaizalaApiRequest.call(
				this,
				{ method: 'POST', path: `groups/${groupId}/actions`, body, resolveAmbiguous: actionReadBack(this, groupId, body, itemIndex) },
				itemIndex,
			),
		);
	// An uncertain send of an earlier run is looked for the same way, further back.
	const earlier = actionReadBack(this, groupId, body, itemIndex, UNCERTAIN_LOOK_BACK_MS);
	return await sendOnce(this, itemIndex, sendAction, earlier && (async () => (await earlier()) as IDataObject | undefined));
}
