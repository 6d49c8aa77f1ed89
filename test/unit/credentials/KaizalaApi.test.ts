/**
 * The credential form (issue 21): Refresh Token says in view why it is the one value not marked
 * required (a connector saved without one gets it with the PIN log-in), and Custom Call Limits says
 * in view (a hint, not only the hover text) what it changes.
 * Stored names stay as they were, so saved credentials keep working.
 */
import type { INodeProperties } from 'n8n-workflow';

import { KaizalaApi } from '../../../credentials/KaizalaApi.credentials';
import { DEFAULT_CONNECTOR_CALLS_PER_MINUTE, DEFAULT_TENANT_CALLS_PER_MINUTE, LIMIT_FIELDS } from '../../../nodes/Kaizala/transport/pacing/budget';

const properties = new KaizalaApi().properties;
const field = (name: string): INodeProperties => {
	const found = properties.find((property) => property.name === name);
	if (!found) throw new Error(`no credential field ${name}`);
	return found;
};

describe('Kaizala API credential form', () => {
	it('keeps every stored field name', () => {
		expect(properties.map(({ name }) => name)).toEqual([
			'connectorId',
			'connectorSecret',
			'refreshToken',
			'apiRoot',
			LIMIT_FIELDS.custom,
			LIMIT_FIELDS.connectorPerMinute,
			LIMIT_FIELDS.tenantPerMinute,
			LIMIT_FIELDS.tenantId,
			'session',
		]);
	});

	it('marks Connector ID and Secret required; Refresh Token optional, its hint saying when to leave it empty', () => {
		expect(properties.filter((property) => property.required).map(({ name }) => name)).toEqual(['connectorId', 'connectorSecret']);
		expect(field('refreshToken').hint).toMatch(/^Leave empty only to get one .*Connector → Generate PIN, then Log In With PIN/);
		expect(field('refreshToken').typeOptions?.password).toBe(true);
	});

	it('gives Custom Call Limits a hint with the limits that apply when it is off', () => {
		const hint = field(LIMIT_FIELDS.custom).hint ?? '';
		expect(hint).toContain(`${DEFAULT_CONNECTOR_CALLS_PER_MINUTE} calls per minute per connector`);
		expect(hint).toContain(`${DEFAULT_TENANT_CALLS_PER_MINUTE} per tenant`);
		expect(field(LIMIT_FIELDS.custom).default).toBe(false);
	});
});
