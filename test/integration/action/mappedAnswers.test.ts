/**
 * Action → Post Response with Define Answers → Map Each Question (issue 21): the resource mapper's
 * columns come from the action's details, and the mapped values go out as Kaizala's positional
 * answers. A workflow saved before the change (examples/ at main c9a279a) still runs as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData, ResourceMapperField } from 'n8n-workflow';

import { byId, expectNoSecrets } from '../../helpers/fixtures';
import { runKaizalaNode, runResourceMapping } from '../../helpers/n8n';
import { ALL_QUESTION_TYPES, FIELD_TEAM, fixture, run, sendAction, upload, useSandbox } from './support';

useSandbox();

function questionsOf(parameters: IDataObject) {
	return runResourceMapping({
		store: fixture.store,
		credential: fixture.credential,
		method: 'getActionQuestions',
		parameters: { resource: 'action', operation: 'postResponse', groupId: byId(FIELD_TEAM), answersInput: 'mapper', ...parameters },
	});
}

/** The parameter the editor stores once the columns are loaded and filled in. */
function mapping(schema: ResourceMapperField[], value: IDataObject) {
	return { mappingMode: 'defineBelow', value, matchingColumns: [], schema, attemptToConvertTypes: false, convertFieldsToString: false };
}

describe('Post Response: Map Each Question', () => {
	it("loads one column per question of a survey from the action's details, typed, options listed, all required", async () => {
		const { actionId } = await sendAction({ actionType: 'Survey', title: 'Site check', questions: ALL_QUESTION_TYPES });
		const { fields } = await questionsOf({ actionId: byId(actionId), responseType: 'Survey' });
		expect(fields.map(({ id, type, required }) => [id, type, required])).toEqual([
			['Is the site safe?', 'options', true],
			['Hazards seen', 'array', true],
			['Notes', 'string', true],
			['Workers on site', 'number', true],
			['Inspection date', 'dateTime', true],
			['Next visit', 'dateTime', true],
			['Where', 'object', true],
			['Photo', 'string', true],
			['Reports', 'array', true],
			['Internal code', 'string', true],
		]);
		expect(fields[0].options).toEqual([
			{ name: 'Yes', value: 'Yes' },
			{ name: 'No', value: 'No' },
		]);
		expect(fixture.platformRequests().map((r) => r.route)).toEqual(['GET /groups/:groupId/actions/:actionId']);
	});

	it('asks nothing of the platform until the action is picked, and says why the list is empty', async () => {
		const loaded = await questionsOf({ actionId: byId(''), responseType: 'Survey' });
		expect(loaded.fields).toEqual([]);
		expect(loaded.emptyFieldsNotice).toMatch(/Pick the group and the action first/);
		expect(fixture.platformRequests()).toEqual([]);
	});

	it('says so when a custom action package lists no questions in its details, pointing to the JSON answers', async () => {
		const { actionId } = await sendAction({ actionType: 'custom', packageId: 'com.contoso.inspection', properties: '[]' });
		const loaded = await questionsOf({ actionId: byId(actionId), responseType: 'custom', responsePackageId: 'com.contoso.inspection' });
		expect(loaded.fields).toEqual([]);
		expect(loaded.emptyFieldsNotice).toMatch(/list no questions .*Using JSON/);
	});

	it('numbers two questions with the same title so each keeps its own column', async () => {
		const { actionId } = await sendAction({
			actionType: 'Survey',
			title: 'Twice',
			questions: { question: [{ title: 'Name', type: 'Text' }, { title: 'Name', type: 'Text' }] },
		});
		const { fields } = await questionsOf({ actionId: byId(actionId), responseType: 'Survey' });
		expect(fields.map(({ id }) => id)).toEqual(['Name (1)', 'Name (2)']);
	});

	it('sends the mapped answers in question order, and they read back', async () => {
		const { actionId } = await sendAction({ actionType: 'Survey', title: 'Site check', questions: ALL_QUESTION_TYPES });
		const { fields } = await questionsOf({ actionId: byId(actionId), responseType: 'Survey' });
		const photo = await upload('site.png', 'image/png');
		const report = await upload('report.pdf', 'application/pdf');
		fixture.sandbox.clearLog();
		// Filled out of order on purpose: the schema decides the positions.
		const value = {
			'Internal code': 'X-1',
			Reports: [report],
			Photo: photo,
			Where: { lt: 17.43, lg: 78.34, n: 'Gate 2' },
			'Next visit': '2030-01-14T09:30:00.000Z',
			'Inspection date': '2030-01-07T00:00:00.000Z',
			'Workers on site': 12,
			Notes: 'All clear',
			'Hazards seen': ['Wet floor, mud', 'Noise'],
			'Is the site safe?': 'Yes',
		};
		const answered = await run({ operation: 'postResponse', actionId: byId(actionId), responseType: 'Survey', answersInput: 'mapper', answerColumns: mapping(fields, value) });
		expect(answered.error).toBeUndefined();
		const answers = [
			'Yes',
			['Wet floor, mud', 'Noise'],
			'All clear',
			12,
			Date.parse('2030-01-07T00:00:00.000Z'),
			Date.parse('2030-01-14T09:30:00.000Z'),
			{ lt: 17.43, lg: 78.34, n: 'Gate 2' },
			photo,
			[report],
			'X-1',
		];
		expect(fixture.platformRequests().map((r) => r.body)).toEqual([{ actionType: 'Survey', actionBody: { answers } }]);
		expect(answered.output[0].pairedItem).toEqual({ item: 0 });
		const responses = await run({ operation: 'getResponses', actionId: byId(actionId) });
		expect(responses.output.map((item) => item.json.answers)).toEqual([answers]);
		expectNoSecrets([answered.output, responses.output], fixture.secrets());
	});

	it.each([
		['a question left empty', { Notes: '' }, /^Answers → Notes needs an answer \(every question is answered\) \[item 0\]$/],
		['a choice that is not an option', { 'Is the site safe?': '={{ "Maybe" }}' }, /^Answers → Is the site safe\? "Maybe" is not one of its options \("Yes", "No"\) \[item 0\]$/],
		['a number that is not one', { 'Workers on site': '={{ "many" }}' }, /^Answers → Workers on site "many" is not a number \[item 0\]$/],
		['a location without coordinates', { Where: { n: 'Gate 2' } }, /^Answers → Where lt "" is not a number \[item 0\]$/],
	])('refuses %s, naming the question and the item, and sends nothing', async (_case, change, message) => {
		const { actionId } = await sendAction({
			actionType: 'Survey',
			title: 'Short',
			questions: {
				question: [
					{ title: 'Is the site safe?', type: 'SingleOption', options: 'Yes, No' },
					{ title: 'Notes', type: 'Text' },
					{ title: 'Workers on site', type: 'Numeric' },
					{ title: 'Where', type: 'Location' },
				],
			},
		});
		const { fields } = await questionsOf({ actionId: byId(actionId), responseType: 'Survey' });
		fixture.sandbox.clearLog();
		const value = { 'Is the site safe?': 'Yes', Notes: 'ok', 'Workers on site': 3, Where: { lt: 1, lg: 2, n: 'Gate' }, ...change };
		const answered = await run({ operation: 'postResponse', actionId: byId(actionId), responseType: 'Survey', answersInput: 'mapper', answerColumns: mapping(fields, value) });
		expect(answered.error?.message).toMatch(message);
		expect(fixture.platformRequests()).toEqual([]);
	});

	it("leaves a typed-in value of the wrong kind to n8n's own check, which names the question before the run", async () => {
		const { actionId } = await sendAction({ actionType: 'Survey', title: 'One', questions: { question: [{ title: 'Workers on site', type: 'Numeric' }] } });
		const { fields } = await questionsOf({ actionId: byId(actionId), responseType: 'Survey' });
		fixture.sandbox.clearLog();
		await expect(
			run({ operation: 'postResponse', actionId: byId(actionId), responseType: 'Survey', answersInput: 'mapper', answerColumns: mapping(fields, { 'Workers on site': 'many' }) }),
		).rejects.toThrow(/'Workers on site' expects a number but we got 'many'/);
		expect(fixture.platformRequests()).toEqual([]);
	});

	it('refuses a mapping whose questions were never loaded, before any request', async () => {
		const answered = await run({
			operation: 'postResponse',
			actionId: byId('00000000-0000-4000-8000-000000000001'),
			responseType: 'Survey',
			answersInput: 'mapper',
		});
		expect(answered.error?.message).toMatch(/^Answers has no questions: pick the action, then load its questions .* \[item 0\]$/);
		expect(fixture.platformRequests()).toEqual([]);
	});
});

describe('a workflow saved before Map Each Question', () => {
	const saved = JSON.parse(readFileSync(join(__dirname, '../../fixtures/savedBeforeIssue21/survey-and-responses.json'), 'utf8')) as {
		nodes: Array<{ name: string; parameters: IDataObject }>;
	};
	const parametersOf = (name: string) => saved.nodes.find((node) => node.name === name)!.parameters;

	it('still sends the survey and answers it with its positional JSON answers', async () => {
		const answerNode = parametersOf('Answer it (demo)');
		// Saved before the change: no Define Answers (the default, JSON) and no mapping.
		expect(answerNode.answersInput).toBeUndefined();
		expect(answerNode.answerColumns).toBeUndefined();
		const step = async (name: string, items: INodeExecutionData[]) => {
			const result = await runKaizalaNode({ parameters: parametersOf(name), items, store: fixture.store, credential: fixture.credential });
			expect(result.error).toBeUndefined();
			return result.output;
		};
		const sent = await step('Send survey', [{ json: {} }]);
		fixture.sandbox.clearLog();
		const answered = await step('Answer it (demo)', sent);
		expect(fixture.platformRequests().map((r) => r.body)).toEqual([
			{ actionType: 'Survey', actionBody: { answers: ['Yes', 'Scaffold on the east side is loose', 7] } },
		]);
		expect(answered[0].json.actionId).toBe(sent[0].json.actionId);
	});
});
