/**
 * What n8n 2.41 shows an AI agent for each resource and operation of the Kaizala tool
 * (n8n-nodes-kaizala.kaizalaTool): with "Tool Description: Set Automatically" the description is
 * makeDescription(parameters) = "<operation action> in Kaizala", and a new tool node is named
 * makeNodeName = the same. They must read as instructions a model can pick from.
 */
import type { INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Kaizala } from '../../../../nodes/Kaizala/Kaizala.node';

const description = new Kaizala().description;
const operations = description.properties
	.filter((property) => property.name === 'operation')
	.flatMap((property) =>
		(property.options as INodePropertyOptions[]).map((option) => ({
			resource: String(property.displayOptions?.show?.resource?.[0]),
			operation: String(option.value),
			action: option.action,
		})),
	);

describe('tool descriptions n8n generates', () => {
	const generated = operations.map(({ resource, operation }) => NodeHelpers.makeDescription({ resource, operation }, description));

	it('every operation has an action text, so no description falls back to "<operation> <resource>"', () => {
		expect(operations.filter((operation) => !operation.action)).toEqual([]);
		expect(generated.every((text) => text.endsWith(' in Kaizala'))).toBe(true);
	});

	it('each description is distinct, starts with a verb in the imperative and is short', () => {
		expect(new Set(generated).size).toBe(generated.length);
		for (const text of generated) {
			expect(text).toMatch(/^(Get|Send|Create|Add|Remove|Update|Delete|Like|Comment|Upload|Post|Generate|Log|Make|List)\b/);
			expect(text.length).toBeLessThanOrEqual(60);
		}
	});

	it('lists what a model sees, resource by resource', () => {
		expect(generated).toContain('Send a message in Kaizala');
		expect(generated).toContain('Send a message and wait for response in Kaizala');
		expect(generated).toContain('Send an action and wait for responses in Kaizala');
		expect(operations).toHaveLength(35);
	});
});
