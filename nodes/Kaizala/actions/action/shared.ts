/** What the Action operations share: the Group and Action pickers, reading an action, listed actions' times, question types. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { actionLocator, groupLocator } from '../../helpers/descriptions';
import { guidParameter } from '../../helpers/items';
import { kaizalaApiRequest } from '../../transport';

/** The Action picker (recent actions of the group, or a GUID) for the given operations. */
export function actionIdField(operations: string[]): INodeProperties {
	return actionLocator(
		{ show: { resource: ['action'], operation: operations } },
		{ description: 'The action: pick one of the group\'s recent actions, or give the actionId that Send or Get Many output' },
	);
}

export function actionIdParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	return guidParameter(ctx, 'actionId', 'Action', itemIndex);
}

/** The operations that name one action of a group; they share one Group and one Action picker. */
const ONE_ACTION_OPERATIONS = ['get', 'getResponses', 'postResponse'];

/** The Group and Action pickers of the operations on one action (listed once, before Get's fields). */
export const oneActionPickers: INodeProperties[] = [
	groupLocator({ show: { resource: ['action'], operation: ONE_ACTION_OPERATIONS } }),
	actionIdField(ONE_ACTION_OPERATIONS),
];

/** GET the picked action, with its drill-down details when `getDetails` (responses included). */
export async function fetchAction(ctx: IExecuteFunctions, itemIndex: number, getDetails: boolean): Promise<IDataObject> {
	const groupId = guidParameter(ctx, 'groupId', 'Group', itemIndex);
	const actionId = actionIdParameter(ctx, itemIndex);
	return (await kaizalaApiRequest.call(
		ctx,
		{ method: 'GET', path: `groups/${groupId}/actions/${actionId}`, qs: { getDetails } },
		itemIndex,
	)) as IDataObject;
}

/** An action as `GET groups/{id}/actions` lists it. */
export interface ListedAction extends IDataObject {
	referenceId?: string;
	actionId?: string;
	actionType?: string;
	sentAt?: string;
	creationTime?: number;
	actionBody?: IDataObject & { actionId?: string; title?: string; question?: string; caption?: string };
}

/**
 * The actionId of a listed action. The reference puts it inside `actionBody` (actions_get.md);
 * an entry that also carries it at the top is read the same way.
 */
export function listedActionId(action: ListedAction): string | undefined {
	const id = action.actionBody?.actionId ?? action.actionId;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * When a listed action was sent, in epoch ms: `sentAt`, or in older shapes `creationTime` (seconds,
 * or ms when that large). `undefined` when neither gives a time after 1970.
 */
export function sentAtMs(action: ListedAction): number | undefined {
	const parsed = typeof action.sentAt === 'string' ? Date.parse(action.sentAt) : NaN;
	if (Number.isFinite(parsed)) return parsed;
	const created = Number(action.creationTime);
	if (!Number.isFinite(created) || created <= 0) return undefined;
	return created < 1e12 ? created * 1000 : created;
}

/** Survey question types (actions_post.md; DateTime appears in its sample). */
export const QUESTION_TYPES: Array<{ name: string; value: string; description: string; answer: string }> = [
	{ name: 'Attachments', value: 'AttachmentList', description: 'Files the responder attaches', answer: 'a list of media resources' },
	{ name: 'Date', value: 'Date', description: 'A calendar date', answer: 'a date' },
	{ name: 'Date and Time', value: 'DateTime', description: 'A date with a time of day', answer: 'a date and time' },
	{ name: 'Image', value: 'Image', description: 'A photo the responder takes or picks', answer: 'a media resource' },
	{ name: 'Location', value: 'Location', description: 'A place on the map', answer: 'a location' },
	{ name: 'Multiple Choice', value: 'MultiOption', description: 'Pick any of the options', answer: 'a list of option titles' },
	{ name: 'Number', value: 'Numeric', description: 'A number', answer: 'a number' },
	{ name: 'Single Choice', value: 'SingleOption', description: 'Pick one of the options', answer: 'one option title' },
	{ name: 'Text', value: 'Text', description: 'Free text', answer: 'text' },
];

export const CHOICE_QUESTION_TYPES = ['SingleOption', 'MultiOption'];
