/**
 * The editor's Resource and Operation options against the dispatch tables: every option the
 * editor offers runs a module, and every module is offered, in both directions.
 */
import type { INodeProperties } from 'n8n-workflow';

import { Kaizala } from '../../../../../nodes/Kaizala/Kaizala.node';
import { isKaizalaOperation, operationNames, resources } from '../../../../../nodes/Kaizala/actions/resources';

const properties = new Kaizala().description.properties;

function optionValues(property: INodeProperties | undefined): string[] {
	return (property?.options ?? []).map((option) => String((option as { value: unknown }).value)).sort();
}

describe('dispatch tables', () => {
	it('offers exactly the resources that have modules', () => {
		const resourceField = properties.find((property) => property.name === 'resource');
		expect(optionValues(resourceField)).toEqual(resources.map(({ value }) => value).sort());
	});

	it.each(resources.map(({ value }) => value))('%s: its Operation options are exactly its operation modules', (resource) => {
		const selectors = properties.filter(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
		);
		expect(selectors).toHaveLength(1);
		expect(optionValues(selectors[0])).toEqual(operationNames(resource).sort());
	});

	it('runs only pairs the node defines', () => {
		expect(isKaizalaOperation({ resource: 'webhook', operation: 'delete' })).toBe(true);
		expect(isKaizalaOperation({ resource: 'webhook', operation: 'send' })).toBe(false);
		expect(isKaizalaOperation({ resource: 'action', operation: 'description' })).toBe(false);
		expect(isKaizalaOperation({ resource: 'constructor', operation: 'name' })).toBe(false);
		expect(isKaizalaOperation({ resource: 'toString', operation: 'call' })).toBe(false);
	});
});
