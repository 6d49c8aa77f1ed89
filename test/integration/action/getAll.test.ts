/** Action → Get Many: paging with fromDate, Limit, custom packages. */
import type { IDataObject } from 'n8n-workflow';

import { DANA, MARCO, fixture, run, sendAction, useSandbox } from './support';

useSandbox();

describe('Action → Get Many', () => {
	it('lists the jobs of a group with Return All, with the actionId on top', async () => {
		const first = await sendAction({ actionType: 'Job', title: 'Job A', assignedTo: DANA });
		const second = await sendAction({ actionType: 'Job', title: 'Job B', assignedTo: MARCO });
		await sendAction({ actionType: 'Poll', question: 'Not a job', choices: { choice: [{ title: 'a' }, { title: 'b' }] } });

		const { output, error } = await run({ operation: 'getAll', listActionType: 'Job', returnAll: true });
		expect(error).toBeUndefined();
		expect(fixture.platformRequests().map((r) => [r.method, r.route, r.query])).toEqual([
			['GET', 'GET /groups/:groupId/actions', { actionType: 'Job', count: '100' }],
		]);
		expect(output.map((item) => [item.json.actionId, (item.json.actionBody as IDataObject).title, item.json.actionType])).toEqual([
			[first.actionId, 'Job A', 'Job'],
			[second.actionId, 'Job B', 'Job'],
		]);
		expect(output[0].json).toMatchObject({ referenceId: first.referenceId, sender: DANA, actionBody: { actionId: first.actionId, assigneeCount: 1 } });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('honours Limit', async () => {
		for (const title of ['One', 'Two', 'Three']) await sendAction({ actionType: 'Job', title, assignedTo: DANA });
		const { output } = await run({ operation: 'getAll', listActionType: 'Job', returnAll: false, limit: 2 });
		expect(output.map((item) => (item.json.actionBody as IDataObject).title)).toEqual(['One', 'Two']);
		expect(fixture.platformRequests().map((r) => r.query)).toEqual([{ actionType: 'Job', count: '2' }]);
	});

	it('pages through more than one page with fromDate for Return All', async () => {
		const template = fixture.sandbox.state.actions.get((await sendAction({ actionType: 'Job', title: 'Job 0', assignedTo: DANA })).actionId)!;
		const start = template.sentAt;
		for (let index = 1; index < 130; index++) {
			const actionId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
			fixture.sandbox.state.actions.set(actionId, {
				...template,
				actionId,
				referenceId: `10000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
				body: { ...template.body, title: `Job ${index}` },
				sentAt: start + index * 1000,
			});
		}
		const { output } = await run({ operation: 'getAll', listActionType: 'Job', returnAll: true });
		expect(output).toHaveLength(130);
		expect(new Set(output.map((item) => item.json.referenceId)).size).toBe(130);
		const queries = fixture.platformRequests().map((r) => r.query);
		expect(queries.length).toBeGreaterThanOrEqual(2);
		expect(queries[0]).toEqual({ actionType: 'Job', count: '100' });
		expect(Number(queries[1].fromDate)).toBeGreaterThan(start);
	});

	it('lists instances of a custom action package, sent after a date', async () => {
		await sendAction({ actionType: 'custom', packageId: 'com.contoso.inspection', properties: '[]' });
		const after = new Date(Date.now() - 60_000).toISOString();
		const { output } = await run({ operation: 'getAll', listActionType: 'custom', listPackageId: 'com.contoso.inspection', returnAll: true, listFilters: { sentAfter: after } });
		expect(output.map((item) => item.json.actionType)).toEqual(['com.contoso.inspection']);
		expect(fixture.platformRequests()[0].query).toEqual({ actionType: 'com.contoso.inspection', count: '100', fromDate: String(Date.parse(after)) });
	});
});
