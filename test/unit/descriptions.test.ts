/**
 * The node and trigger descriptions, serialised as JSON, against the baseline taken before the
 * code was reshaped (main at 153d673). A refactoring must leave them as they were; the only
 * changes are the ones n8n's lint gate forced, each applied below to the baseline by name.
 * A change to a description that is not listed here fails this test.
 */
import { Kaizala } from '../../nodes/Kaizala/Kaizala.node';
import { KaizalaTrigger } from '../../nodes/KaizalaTrigger/KaizalaTrigger.node';
import baseline from './fixtures/descriptions.baseline.json';

type Json = Record<string, unknown>;

const serialised = (description: unknown): Json => JSON.parse(JSON.stringify(description)) as Json;

function property(description: Json, name: string, operation: string): Json {
	const found = (description.properties as Json[]).filter(
		(candidate) =>
			candidate.name === name &&
			((candidate.displayOptions as Json | undefined)?.show as Json | undefined)?.operation !== undefined &&
			(((candidate.displayOptions as Json).show as Json).operation as string[]).includes(operation),
	);
	if (found.length !== 1) throw new Error(`expected one property ${name} for ${operation}, found ${found.length}`);
	return found[0];
}

const byDisplayName = (a: Json, b: Json) => String(a.displayName).localeCompare(String(b.displayName));

/** Each change n8n's lint gate (`npm run lint`, the verification scan) forced, with the rule. */
const LINT_FORCED_CHANGES: Array<{ rule: string; change: string; apply: (node: Json) => void }> = [
	{
		rule: 'n8n-nodes-base/node-param-operation-option-action-miscased',
		change: "Sub-Group operation actions in sentence case: 'sub-group' → 'subgroup'",
		apply(node) {
			const operation = (node.properties as Json[]).find(
				(candidate) =>
					candidate.name === 'operation' &&
					((candidate.displayOptions as Json).show as Json).resource?.toString() === 'subGroup',
			)!;
			for (const option of operation.options as Json[]) {
				option.action = String(option.action).replace(/sub-group/g, 'subgroup');
			}
		},
	},
	{
		rule: 'n8n-nodes-base/node-param-fixed-collection-type-unsorted-items',
		change:
			"Action → Post Response → Answers: 'Question Type' renamed 'Answer Type' and the text answer 'Answer' renamed 'Text', so that the fields, now sorted by name, still start with the type",
		apply(node) {
			const answer = (property(node, 'answerFields', 'postResponse').options as Json[])[0];
			const values = answer.values as Json[];
			for (const value of values) {
				if (value.displayName === 'Question Type') value.displayName = 'Answer Type';
				else if (value.displayName === 'Answer') value.displayName = 'Text';
			}
			values.sort(byDisplayName);
		},
	},
	{
		rule: 'n8n-nodes-base/node-param-collection-type-unsorted-items',
		change: "Action → Post Response → Options: 'Response Name' sorted after 'Responded From Place Name'",
		apply(node) {
			(property(node, 'responseOptions', 'postResponse').options as Json[]).sort(byDisplayName);
		},
	},
];

describe('node descriptions (JSON) against the baseline', () => {
	it('Kaizala: unchanged except for the changes the lint gate forced', () => {
		const expected = serialised(baseline.kaizala);
		for (const { apply } of LINT_FORCED_CHANGES) apply(expected);
		expect(serialised(new Kaizala().description)).toEqual(expected);
	});

	it('each forced change changes the baseline (none is listed without effect)', () => {
		for (const { change, apply } of LINT_FORCED_CHANGES) {
			const changed = serialised(baseline.kaizala);
			apply(changed);
			expect({ change, changed: JSON.stringify(changed) !== JSON.stringify(baseline.kaizala) }).toEqual({
				change,
				changed: true,
			});
		}
	});

	it('Kaizala Trigger: unchanged', () => {
		expect(serialised(new KaizalaTrigger().description)).toEqual(serialised(baseline.kaizalaTrigger));
	});
});
