/**
 * The editor's Resource and Operation options against the dispatch tables: every option the
 * editor offers runs a module, and every module is offered, in both directions.
 */
import type { INodeProperties } from 'n8n-workflow';

import { Kaizala } from '../../../../../nodes/Kaizala/Kaizala.node';
import { KaizalaTrigger } from '../../../../../nodes/KaizalaTrigger/KaizalaTrigger.node';
import { isKaizalaOperation, operationNames, resources } from '../../../../../nodes/Kaizala/actions/router';

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

describe('the Resource list as the node panel shows it (issue 21)', () => {
	const resourceField = properties.find((property) => property.name === 'resource')!;
	const listed = (resourceField.options ?? []) as Array<{ name: string; value: string }>;

	it('lists messaging first and the access token last, with the stored values unchanged', () => {
		expect(listed.map(({ value }) => value)).toEqual([
			'message',
			'action',
			'reaction',
			'media',
			'group',
			'subGroup',
			'member',
			'subscriber',
			'webhook',
			'connector',
			'customApiCall',
			'accessToken',
		]);
		// Saved workflows omit a parameter at its default: changing it would change what they run.
		expect(resourceField.default).toBe('accessToken');
	});

	it('version 1 keeps Access Token as the default resource; a new node (1.1) opens on Message (issue 22)', () => {
		const description = new Kaizala().description;
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		const selectors = properties.filter((property) => property.name === 'resource');
		expect(selectors.map((property) => [property.default, property.displayOptions?.show?.['@version']])).toEqual([
			['accessToken', [1]],
			['message', [{ _cnd: { gte: 1.1 } }]],
		]);
		expect(selectors[1].options).toEqual(selectors[0].options);
	});

	it('has no resource whose panel heading ("<name> Actions") repeats a word', () => {
		for (const { name } of listed) {
			const words = `${name} Actions`.toLowerCase().split(/\s+/).map((word) => word.replace(/s$/, ''));
			expect(new Set(words).size).toBe(words.length);
		}
		expect(listed.find(({ value }) => value === 'action')?.name).toBe('Card');
	});

	it('heads the merged panel entry with a text that speaks for the actions too', () => {
		// n8n 2.41's node panel shows the trigger's description on the Kaizala entry.
		const trigger = new KaizalaTrigger().description.description;
		expect(trigger).not.toMatch(/^Starts the workflow/);
		expect(trigger).toMatch(/Send messages/);
	});
});
