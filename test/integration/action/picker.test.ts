/** The Action picker's list search, as the editor runs it. */
import { byId } from '../../helpers/fixtures';
import { FIELD_TEAM, DANA, fixture, sendAction, listSearch, useSandbox } from './support';

useSandbox();

describe('Action picker (list search)', () => {
	it("lists the group's jobs, surveys, polls and meetings newest first, filtered by title", async () => {
		fixture.sandbox.state.actions.clear();
		const job = await sendAction({ actionType: 'Job', title: 'Inspect pump', assignedTo: DANA });
		const poll = await sendAction({ actionType: 'Poll', question: 'Pizza?', choices: { choice: [{ title: 'a' }, { title: 'b' }] } });
		fixture.sandbox.state.actions.get(poll.actionId)!.sentAt += 5000;

		const { results } = await listSearch('searchActions', { resource: 'action', operation: 'get', groupId: byId(FIELD_TEAM) });
		expect(results.map((r) => r.value)).toEqual([poll.actionId, job.actionId]);
		expect(results[1].name).toMatch(/^Job: Inspect pump \(\d{4}-\d\d-\d\d \d\d:\d\d\)$/);
		expect(new Set(fixture.platformRequests().map((r) => r.query.actionType))).toEqual(new Set(['Job', 'Survey', 'Poll', 'LetsMeet']));

		const filtered = await listSearch('searchActions', { resource: 'action', operation: 'get', groupId: byId(FIELD_TEAM) }, 'PUMP');
		expect(filtered.results.map((r) => r.value)).toEqual([job.actionId]);

		const references = await listSearch('searchActionReferences', { resource: 'reaction', operation: 'like', groupId: byId(FIELD_TEAM) });
		expect(references.results.map((r) => r.value)).toEqual([poll.referenceId, job.referenceId]);
	});

	it('lists nothing, and asks nothing, until the group is an ID', async () => {
		const { results } = await listSearch('searchActions', { resource: 'action', operation: 'get', groupId: { __rl: true, mode: 'list', value: '' } });
		expect(results).toEqual([]);
		expect(fixture.sandbox.requests).toEqual([]);
	});
});
