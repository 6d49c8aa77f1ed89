/**
 * After an ambiguous Action → Send (sent, but a timeout or dropped connection hid the answer),
 * look in the group's actions for the one just sent, instead of failing or sending it twice.
 * Kaizala lists only some types, and an action is recognised by its title or question, so this
 * works for jobs, surveys, let's meet, polls and titled custom actions; the others fail as an
 * ambiguous write.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { kaizalaApiRequest } from '../../transport';
import type { ListedAction } from './shared';
import { listedActionId } from './shared';

/** Listable types and the field of the actionBody the listing repeats. */
const RECOGNISED_BY: Record<string, 'title' | 'question'> = {
	Job: 'title',
	Survey: 'title',
	LetsMeet: 'title',
	Poll: 'question',
};

/** Actions already reported as found, so two identical sends are never both matched to one. */
const claimedActionIds = new Set<string>();
const MAX_CLAIMED = 1_000;

function claim(actionId: string): void {
	claimedActionIds.add(actionId);
	if (claimedActionIds.size > MAX_CLAIMED) claimedActionIds.delete(claimedActionIds.values().next().value as string);
}

/** Allowance for a platform clock behind ours. */
const CLOCK_SLACK_MS = 60_000;

/**
 * Returns a `resolveAmbiguous` for the transport when this action can be recognised in the
 * group's listing, else undefined.
 */
export function actionReadBack(
	ctx: IExecuteFunctions,
	groupId: string,
	body: IDataObject,
	itemIndex: number,
	lookBackMs = CLOCK_SLACK_MS,
): (() => Promise<unknown>) | undefined {
	const actionBody = (body.actionBody ?? {}) as IDataObject;
	const listedAs = typeof body.actionType === 'string' ? body.actionType : typeof body.id === 'string' ? body.id : undefined;
	const field = typeof body.actionType === 'string' ? RECOGNISED_BY[body.actionType] : 'title';
	const expected = field ? actionBody[field] : undefined;
	if (!listedAs || !field || typeof expected !== 'string' || expected === '') return undefined;
	const sentFrom = Date.now() - lookBackMs;

	return async () => {
		const listing = (await kaizalaApiRequest.call(
			ctx,
			{ method: 'GET', path: `groups/${groupId}/actions`, qs: { actionType: listedAs, fromDate: sentFrom, count: 100 } },
			itemIndex,
		)) as { actions?: ListedAction[] };
		const candidates = (listing?.actions ?? []).flatMap((entry) => {
			const actionId = listedActionId(entry);
			const matches = (entry.actionBody ?? {})[field] === expected && actionId !== undefined && !claimedActionIds.has(actionId);
			return matches ? [{ referenceId: entry.referenceId, actionId }] : [];
		});
		const newest = candidates[candidates.length - 1];
		if (!newest) return undefined;
		claim(newest.actionId);
		return { ...newest, confirmedByReadBack: true };
	};
}
