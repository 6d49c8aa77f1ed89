/**
 * Restrict Who Can Approve: the members whose answer on the card decides. Kept as phone numbers,
 * because that is what Kaizala's response events name the responder by; user ids are turned into
 * phone numbers through the group's member list when the card is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Show } from '../../../helpers/descriptions';
import { throwInvalid, validOrThrow } from '../../../helpers/items';
import type { Checked } from '../../../helpers/validation';
import { checkGuid, checkList, checkPhoneNumber } from '../../../helpers/validation';
import type { KaizalaContext } from '../../../transport';
import { kaizalaApiRequest } from '../../../transport';

export const approversField = (show: Show): INodeProperties => ({
	displayName: 'Restrict Who Can Approve',
	name: 'approvers',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Approver',
	default: {},
	description: 'Only these members decide; an answer from anyone else is recorded as ignored and the node keeps waiting. Empty: any member decides.',
	options: [
		{
			displayName: 'Approver',
			name: 'approver',
			values: [
				{
					displayName: 'Member',
					name: 'member',
					type: 'resourceLocator',
					default: { mode: 'list', value: '' },
					modes: [
						{
							displayName: 'From List',
							name: 'list',
							type: 'list',
							placeholder: 'Select a member of the group...',
							typeOptions: { searchListMethod: 'searchMembers', searchable: true },
						},
						{
							displayName: 'Phone or User ID',
							name: 'id',
							type: 'string',
							placeholder: 'e.g. +15550100003, or several separated by commas',
						},
					],
				},
			],
		},
	],
	displayOptions: { show },
});

/** One entry of the list: a phone number or a member's user id (a GUID). */
export type ApproverEntry = { phone: string } | { userId: string };

/** The entries of the Approver rows; a row may hold several, separated by commas or as a list. Pure. */
export function checkApproverEntries(rows: unknown[]): Checked<ApproverEntry[]> {
	const entries: ApproverEntry[] = [];
	for (const row of rows) {
		const member = (row as IDataObject | undefined)?.member;
		const raw = member && typeof member === 'object' && !Array.isArray(member) ? (member as IDataObject).value : member;
		const list = checkList(raw);
		if (!list.ok) return list;
		for (const text of list.value) {
			const userId = checkGuid(text);
			if (userId.ok) {
				entries.push({ userId: userId.value });
				continue;
			}
			const phone = checkPhoneNumber(text);
			if (!phone.ok) return { ok: false, problem: `"${text}" is neither a phone number in international format nor a user id` };
			entries.push({ phone: phone.value });
		}
	}
	return { ok: true, value: entries };
}

interface Member {
	id?: string;
	mobileNumber?: string;
}

/** The group's members as user id → phone number. */
export async function memberPhones(ctx: KaizalaContext, groupId: string, itemIndex?: number): Promise<Map<string, string>> {
	const response = (await kaizalaApiRequest.call(ctx, { method: 'GET', path: `groups/${groupId}/members` }, itemIndex)) as
		| { members?: Member[] }
		| undefined;
	return new Map((response?.members ?? []).flatMap((member) => (member.id && member.mobileNumber ? [[member.id.toLowerCase(), member.mobileNumber]] : [])));
}

/** The approvers as phone numbers (no duplicates); a user id that is not a member of the group is refused. */
export async function approverPhones(ctx: IExecuteFunctions, groupId: string, itemIndex: number): Promise<string[]> {
	const field = 'Restrict Who Can Approve → Member';
	const rows = ctx.getNodeParameter('approvers.approver', itemIndex, []) as unknown[];
	const entries = validOrThrow(ctx, checkApproverEntries(rows), field, itemIndex);
	const members = entries.some((entry) => 'userId' in entry) ? await memberPhones(ctx, groupId, itemIndex) : new Map<string, string>();
	const phones: string[] = [];
	for (const entry of entries) {
		const phone = 'phone' in entry ? entry.phone : members.get(entry.userId);
		if (phone === undefined) throwInvalid(ctx, `has the user id ${(entry as { userId: string }).userId}, who is not a member of the group`, field, itemIndex);
		if (!phones.includes(phone)) phones.push(phone);
	}
	return phones;
}

/** The list as it travels in the callback URL (and is signed into its callback token), and back. */
export const encodeApprovers = (phones: string[]): string => phones.join(',');
export const decodeApprovers = (text: string | undefined): string[] => (text ? text.split(',').filter(Boolean) : []);

/** Whether this responder may decide; anyone may when there is no list. Pure. */
export function mayDecide(responder: string, approvers: string[]): boolean {
	return approvers.length === 0 || approvers.includes(responder);
}
