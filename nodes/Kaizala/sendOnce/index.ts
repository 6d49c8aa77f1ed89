/**
 * Send once: an optional idempotency key on the sending operations (Message → Send, Action →
 * Send, the first send of both Send and Wait operations). An item whose key this node already
 * sent is not sent again but comes out marked as skipped; keys live in n8n's processed-items
 * store (ledger.ts), so every worker and every later execution sees them.
 *
 * A key is recorded as sent only after Kaizala confirmed. A send that was on the wire when the
 * process died, or whose answer was lost, stays *uncertain*: the next run reports it (an error
 * naming the item and key) instead of sending it again or skipping it, unless the operation can
 * look it up on the platform (Action → Send's read-back).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { IDEMPOTENCY_KEY, idempotencyKeySet, throwInvalid } from '../helpers/items';
import type { SendOnceLedger } from './ledger';
import { sendOnceLedger } from './ledger';

const OPTIONS = 'idempotencyOptions';
const KEY_FIELD = 'Idempotency Key';
const MAX_KEY_LENGTH = 512;
export const DEFAULT_KEYS_TO_REMEMBER = 10_000;
const MAX_KEYS_TO_REMEMBER = 100_000;
/** How far back Action → Send looks for an uncertain action of an earlier run. */
export const UNCERTAIN_LOOK_BACK_MS = 7 * 24 * 3_600_000;

const WHEN_UNCERTAIN = ['fail', 'skip', 'send'] as const;
type WhenUncertain = (typeof WHEN_UNCERTAIN)[number];

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** The key and its options; `show` scopes them (Action → Send scopes its fields later). */
export function sendOnceFields(show?: Show): INodeProperties[] {
	const displayOptions = show ? { displayOptions: { show } } : {};
	return [
		{
			displayName: KEY_FIELD,
			name: IDEMPOTENCY_KEY,
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.employeeId }}-{{ $today.toISODate() }}',
			description:
				'Optional. An item whose key this node already sent is not sent again: it comes out marked as skipped. Makes a bulk send safe to run again after a crash or a restart. Leave empty to send every item.',
			...displayOptions,
		},
		{
			displayName: 'Idempotency Options',
			name: OPTIONS,
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			// Only beside a key: without one there is nothing to remember or settle.
			displayOptions: { ...displayOptions.displayOptions, hide: { [IDEMPOTENCY_KEY]: [''] } },
			options: [
				{
					displayName: 'Keys to Remember',
					name: 'keysToRemember',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: MAX_KEYS_TO_REMEMBER },
					default: DEFAULT_KEYS_TO_REMEMBER,
					description: 'How many of the newest keys this node keeps; older ones are forgotten and could be sent again',
				},
				{
					displayName: 'When Uncertain',
					name: 'whenUncertain',
					type: 'options',
					default: 'fail',
					description:
						'What to do with a key whose send was on its way when an earlier run stopped (Kaizala may or may not have it)',
					options: [
						{ name: 'Report as Error', value: 'fail', description: 'Fail the item (or output an error item with Continue On Fail)' },
						{ name: 'Treat as Sent', value: 'skip', description: 'Output it as skipped; use after checking that Kaizala has it' },
						{ name: 'Send Again', value: 'send', description: 'Send it now; use after checking that Kaizala does not have it' },
					],
				},
			],
		},
	];
}

interface SendOnceSettings {
	key: string;
	keysToRemember: number;
	whenUncertain: WhenUncertain;
}

/** The item's key and settings, or undefined when no key is set (checked before any request). */
function settingsOf(ctx: IExecuteFunctions, itemIndex: number): SendOnceSettings | undefined {
	if (!idempotencyKeySet(ctx)) return undefined;
	const raw = ctx.getNodeParameter(IDEMPOTENCY_KEY, itemIndex, '') ?? '';
	if (typeof raw !== 'string' && typeof raw !== 'number') throwInvalid(ctx, 'must be text or a number', KEY_FIELD, itemIndex);
	const key = String(raw).trim();
	if (key === '') throwInvalid(ctx, 'is empty for this item (its expression gave no value)', KEY_FIELD, itemIndex);
	if (key.length > MAX_KEY_LENGTH) throwInvalid(ctx, `has ${key.length} characters; at most ${MAX_KEY_LENGTH} are allowed`, KEY_FIELD, itemIndex);
	const options = ctx.getNodeParameter(OPTIONS, itemIndex, {}) as IDataObject;
	const keysToRemember = Number(options.keysToRemember ?? DEFAULT_KEYS_TO_REMEMBER);
	if (!Number.isInteger(keysToRemember) || keysToRemember < 1 || keysToRemember > MAX_KEYS_TO_REMEMBER) {
		throwInvalid(ctx, `must be a whole number from 1 to ${MAX_KEYS_TO_REMEMBER}`, 'Keys to Remember', itemIndex);
	}
	const whenUncertain = options.whenUncertain ?? 'fail';
	if (!WHEN_UNCERTAIN.includes(whenUncertain as WhenUncertain)) {
		throwInvalid(ctx, `must be one of ${WHEN_UNCERTAIN.map((value) => `"${value}"`).join(', ')}`, 'When Uncertain', itemIndex);
	}
	return { key, keysToRemember, whenUncertain: whenUncertain as WhenUncertain };
}

/** The transport's mark on a write Kaizala may or may not have made (transport/platformErrors.ts, ambiguousWriteError). */
function isAmbiguousWrite(error: unknown): boolean {
	return error instanceof NodeApiError && (error.errorResponse as IDataObject | undefined)?.ambiguousWrite === true;
}

export const SKIPPED_REASON = 'already sent with this idempotency key';

/**
 * The item output instead of a send. n8n's store keeps only hashes, and Kaizala cannot look a
 * message up by anything of ours, so when and under which reference it went is known only for an
 * action found by the read-back (`found`). (Not kept in workflow static data: an execution that
 * changes it makes n8n write the whole static data back at its end, over the trigger's newer
 * duplicate list.)
 */
function skippedItem(key: string, found?: IDataObject): INodeExecutionData {
	return { json: { skipped: true, skipReason: SKIPPED_REASON, idempotencyKey: key, ...(found ?? {}) } };
}

/** True for the item sendOnce outputs instead of sending (Send and Wait then does not wait). */
export function isSkipped(item: INodeExecutionData | undefined): boolean {
	return item?.json.skipped === true && item.json.skipReason === SKIPPED_REASON;
}

function uncertainError(ctx: IExecuteFunctions, key: string, itemIndex: number, lookedUp: boolean): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex} (idempotency key "${key}") may or may not have been sent: a send with this key started before and was never confirmed by Kaizala`,
		{
			itemIndex,
			description:
				(lookedUp ? 'It was looked for in the group\'s recent actions and not found (Kaizala may list it late). ' : '') +
				'Usually an earlier run stopped (a crash, a restart) while the send was on its way, or another run is sending it right now. It was neither sent again nor skipped. Check in Kaizala, then run again with "When Uncertain" set to "Treat as Sent" or "Send Again".',
		},
	);
}

/**
 * Sends the item once per idempotency key: without a key `send` runs as before; with one, an
 * already sent key is skipped, an uncertain one reported (or looked up with `lookUp`, which returns
 * what a successful answer would have, or undefined when not found).
 */
export async function sendOnce(
	ctx: IExecuteFunctions,
	itemIndex: number,
	send: () => Promise<INodeExecutionData[]>,
	lookUp?: () => Promise<IDataObject | undefined>,
): Promise<INodeExecutionData[]> {
	const settings = settingsOf(ctx, itemIndex);
	if (!settings) return await send();
	const { key } = settings;
	const ledger = sendOnceLedger(ctx, settings.keysToRemember);

	const state = await ledger.check(key);
	if (state === 'sent') return [skippedItem(key)];
	if (state === 'uncertain') {
		if (settings.whenUncertain === 'skip') {
			await ledger.confirm(key);
			return [skippedItem(key)];
		}
		if (settings.whenUncertain === 'fail') {
			const found = lookUp ? await lookUp() : undefined;
			if (!found) throw uncertainError(ctx, key, itemIndex, lookUp !== undefined);
			await ledger.confirm(key);
			return [skippedItem(key, found)];
		}
	}
	return await sendAndRecord(ledger, key, send);
}

async function sendAndRecord(
	ledger: SendOnceLedger,
	key: string,
	send: () => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const outcome = await send().then(
		(results) => ({ results }),
		(error: unknown) => ({ error }),
	);
	if ('error' in outcome) {
		// An ambiguous write stays claimed (uncertain); anything else the transport guarantees
		// was not made, so the key may go again.
		if (!isAmbiguousWrite(outcome.error)) await ledger.release(key);
		throw outcome.error;
	}
	const { results } = outcome;
	await ledger.confirm(key);
	return results.map((result) => ({ ...result, json: { ...result.json, idempotencyKey: key } }));
}
