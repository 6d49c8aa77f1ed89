/**
 * Idempotency keys on the sending operations: real workflows in n8n-core against the sandbox,
 * with n8n's processed-items store (test/helpers/processedData.ts) as the shared database.
 * Asserts what reached the sandbox and what the node output.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, nodeRunner, startFixture } from '../helpers/fixtures';
import { loggedLines } from '../helpers/n8n';
import { processedDataTable } from '../helpers/processedData';

const SEND = 'POST /groups/:groupId/messages';
const SEND_ACTION = 'POST /groups/:groupId/actions';
const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;

let fixture: Fixture;

beforeEach(async () => {
	processedDataTable.clear();
	fixture = await startFixture();
});

afterEach(async () => {
	await fixture.close();
});

const sendMessages = nodeRunner(() => fixture, {
	resource: 'message',
	operation: 'send',
	groupId: byId(FIELD_TEAM),
	message: '={{ $json.text }}',
	idempotencyKey: '={{ $json.employeeId }}-2026-12-04',
});

const people = (...ids: string[]): IDataObject[] => ids.map((id) => ({ employeeId: id, text: `Hello ${id}` }));
const textsSent = () => fixture.requestsFor(SEND).map((request) => (request.body as IDataObject).message);
const storedTexts = () => fixture.sandbox.state.messages.filter((m) => m.groupId === FIELD_TEAM).map((m) => m.text);

describe('Idempotency Key (Message → Send)', () => {
	it('an item whose key was already sent is skipped; the rest go on; the workflow\'s static data is left alone', async () => {
		// Saved between production runs by n8n, and written back whole by any execution that changes it.
		const staticData: IDataObject = {};
		const first = await sendMessages({}, { items: people('e1', 'e2'), staticData });
		expect(first.error).toBeUndefined();
		expect(first.output.map((item) => item.json)).toEqual([
			{ referenceId: expect.any(String), idempotencyKey: 'e1-2026-12-04' },
			{ referenceId: expect.any(String), idempotencyKey: 'e2-2026-12-04' },
		]);
		fixture.sandbox.clearLog();

		const again = await sendMessages({}, { items: people('e1', 'e2', 'e3'), staticData });
		expect(again.error).toBeUndefined();
		expect(textsSent()).toEqual(['Hello e3']);
		expect(storedTexts()).toEqual(['Hello e1', 'Hello e2', 'Hello e3']);
		expect(again.output.map((item) => item.json)).toEqual([
			{ skipped: true, skipReason: 'already sent with this idempotency key', idempotencyKey: 'e1-2026-12-04' },
			{ skipped: true, skipReason: 'already sent with this idempotency key', idempotencyKey: 'e2-2026-12-04' },
			{ referenceId: expect.any(String), idempotencyKey: 'e3-2026-12-04' },
		]);
		expect(again.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(staticData).toEqual({});
		// The store holds hashes, never the keys themselves.
		expect(JSON.stringify([...processedDataTable.values()])).not.toContain('e1-2026');
		expectNoSecrets([first.output, again.output, loggedLines], fixture.secrets());
	});

	it('a refused (4xx) send is not recorded and goes again on the next run', async () => {
		fixture.sandbox.faults.add({ path: SEND, status: 400, body: { errorCode: 'BadRequest', message: 'refused' } });
		const first = await sendMessages({}, { items: people('e1', 'e2'), continueOnFail: true });
		expect(first.output[0].json.error).toMatch(/refused/);
		expect(first.output[1].json).toMatchObject({ idempotencyKey: 'e2-2026-12-04', referenceId: expect.any(String) });
		expect(storedTexts()).toEqual(['Hello e2']);
		fixture.sandbox.clearLog();

		const again = await sendMessages({}, { items: people('e1', 'e2') });
		expect(again.error).toBeUndefined();
		expect(textsSent()).toEqual(['Hello e1']);
		expect(storedTexts()).toEqual(['Hello e2', 'Hello e1']);
		expect(again.output.map((item) => item.json.skipped ?? false)).toEqual([false, true]);
	});

	it('an ambiguous send (answer lost after Kaizala stored it) is reported uncertain on the next run, not recorded as sent, not sent again', async () => {
		fixture.sandbox.faults.add({ path: SEND, drop: true, afterProcessing: true });
		const first = await sendMessages({}, { items: people('e1', 'e2'), continueOnFail: true });
		expect(first.output[0].json.error).toMatch(/may or may not have made this change/);
		expect(storedTexts()).toEqual(['Hello e1', 'Hello e2']);
		fixture.sandbox.clearLog();

		const again = await sendMessages({}, { items: people('e1', 'e2', 'e3'), continueOnFail: true });
		expect(textsSent()).toEqual(['Hello e3']);
		expect(again.output[0].json.error).toBe(
			'Item 0 (idempotency key "e1-2026-12-04") may or may not have been sent: a send with this key started before and was never confirmed by Kaizala',
		);
		expect(again.output[1].json).toMatchObject({ skipped: true, idempotencyKey: 'e2-2026-12-04' });
		expect(again.output[2].json).toMatchObject({ idempotencyKey: 'e3-2026-12-04', referenceId: expect.any(String) });

		// Without Continue On Fail the execution fails naming the item and the key, before sending it.
		fixture.sandbox.clearLog();
		const stopped = await sendMessages({}, { items: people('e1') });
		expect(stopped.error?.message).toMatch(/^Item 0 \(idempotency key "e1-2026-12-04"\) may or may not have been sent/);
		expect(fixture.requestsFor(SEND)).toHaveLength(0);

		// After checking in Kaizala the user says what happened.
		const treated = await sendMessages({ idempotencyOptions: { whenUncertain: 'skip' } }, { items: people('e1') });
		expect(treated.output[0].json).toMatchObject({ skipped: true, idempotencyKey: 'e1-2026-12-04' });
		expect(fixture.requestsFor(SEND)).toHaveLength(0);
		const settled = await sendMessages({}, { items: people('e1') });
		expect(settled.output[0].json).toMatchObject({ skipped: true });
	});

	it('"Send Again" sends an uncertain key once more and records it', async () => {
		fixture.sandbox.faults.add({ path: SEND, drop: true });
		await sendMessages({}, { items: people('e1'), continueOnFail: true });
		expect(storedTexts()).toEqual([]);
		const resent = await sendMessages({ idempotencyOptions: { whenUncertain: 'send' } }, { items: people('e1') });
		expect(resent.output[0].json).toMatchObject({ idempotencyKey: 'e1-2026-12-04', referenceId: expect.any(String) });
		expect(storedTexts()).toEqual(['Hello e1']);
		const after = await sendMessages({}, { items: people('e1') });
		expect(after.output[0].json).toMatchObject({ skipped: true });
		expect(storedTexts()).toEqual(['Hello e1']);
	});

	it('keys survive a restart: a new process (new node instances, the same database) skips them', async () => {
		await sendMessages({}, { items: people('e1') });
		jest.resetModules();
		// Everything the node holds in memory is gone; only n8n's database remains.
		const { runKaizalaNode } = jest.requireActual<typeof import('../helpers/n8n')>('../helpers/n8n');
		fixture.sandbox.clearLog();
		const restarted = await runKaizalaNode({
			parameters: { resource: 'message', operation: 'send', groupId: byId(FIELD_TEAM), message: '={{ $json.text }}', idempotencyKey: '={{ $json.employeeId }}-2026-12-04' },
			items: people('e1', 'e2'),
			store: fixture.store,
			credential: fixture.credential,
		});
		expect(restarted.error).toBeUndefined();
		expect(textsSent()).toEqual(['Hello e2']);
		expect(restarted.output[0].json).toMatchObject({ skipped: true, idempotencyKey: 'e1-2026-12-04' });
	});

	it('two workers see each other\'s keys', async () => {
		const workerA = await sendMessages({}, { items: people('e1', 'e2') });
		expect(workerA.error).toBeUndefined();
		fixture.sandbox.clearLog();
		const workerB = await sendMessages({}, { items: people('e1', 'e2', 'e3', 'e4') });
		expect(workerB.error).toBeUndefined();
		expect(textsSent()).toEqual(['Hello e3', 'Hello e4']);
		expect(storedTexts().sort()).toEqual(['Hello e1', 'Hello e2', 'Hello e3', 'Hello e4']);
	});

	it('a key the expression leaves empty is an input error naming the field and the item, before any request', async () => {
		const { output } = await sendMessages(
			{ idempotencyKey: '={{ $json.employeeId }}' },
			{ items: [{ text: 'no id' }, { employeeId: 'e2', text: 'Hello e2' }], continueOnFail: true },
		);
		expect(output[0].json.error).toBe('Idempotency Key is empty for this item (its expression gave no value) [item 0]');
		expect(textsSent()).toEqual(['Hello e2']);
	});

	it('without a key, nothing is stored and every run sends', async () => {
		const plain = nodeRunner(() => fixture, { resource: 'message', operation: 'send', groupId: byId(FIELD_TEAM), message: 'Same' });
		await plain({});
		const again = await plain({});
		expect(again.output).toEqual([{ json: { referenceId: expect.any(String) }, pairedItem: { item: 0 } }]);
		expect(textsSent()).toEqual(['Same', 'Same']);
		expect(processedDataTable.size).toBe(0);
	});
});

describe('Idempotency Key (Action → Send)', () => {
	const sendPoll = nodeRunner(() => fixture, {
		resource: 'action',
		operation: 'send',
		groupId: byId(FIELD_TEAM),
		actionType: 'Poll',
		question: '={{ $json.question }}',
		choices: { choice: [{ title: 'Yes' }, { title: 'No' }] },
		idempotencyKey: '={{ $json.question }}',
	});

	it('an uncertain action of an earlier run is looked up: found → skipped with its ids, not sent again', async () => {
		// Kaizala stored it, the answer was lost, and the read-back did not see it either.
		fixture.sandbox.faults.add({ path: SEND_ACTION, drop: true, afterProcessing: true });
		fixture.sandbox.faults.add({ path: 'GET /groups/:groupId/actions', status: 500, times: 4 });
		const first = await sendPoll({}, { items: [{ question: 'Lunch at noon?' }], continueOnFail: true });
		expect(first.output[0].json.error).toMatch(/may or may not have made this change/);
		const stored = [...fixture.sandbox.state.actions.values()].filter((action) => action.groupId === FIELD_TEAM);
		expect(stored).toHaveLength(1);
		fixture.sandbox.faults.clear();
		fixture.sandbox.clearLog();

		const again = await sendPoll({}, { items: [{ question: 'Lunch at noon?' }] });
		expect(again.error).toBeUndefined();
		expect(fixture.requestsFor(SEND_ACTION)).toHaveLength(0);
		expect(again.output[0].json).toMatchObject({ skipped: true, idempotencyKey: 'Lunch at noon?', actionId: stored[0].actionId, confirmedByReadBack: true });
		const settled = await sendPoll({}, { items: [{ question: 'Lunch at noon?' }] });
		expect(settled.output[0].json).toMatchObject({ skipped: true });
		expect(fixture.requestsFor(SEND_ACTION)).toHaveLength(0);
	});
});
