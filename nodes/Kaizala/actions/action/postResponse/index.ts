/**
 * The response types Action → Post Response offers, each a module with its fields and its request
 * body; the answer fields are shared by the types that carry answers.
 */
import type { INodeProperties } from 'n8n-workflow';

import { answerFields } from './answers';
import type { ResponseTypeModule } from './common';
import { forResponseTypes } from './common';
import { custom } from './custom';
import { job } from './job';
import { survey } from './survey';

export type { ResponseTypeModule } from './common';

export const RESPONSE_TYPES: ResponseTypeModule[] = [job, survey, custom];

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** Respond To, each type's own fields, then the answers (for the answered types). */
export const responseFields: INodeProperties[] = [
	{
		displayName: 'Respond To',
		name: 'responseType',
		type: 'options',
		default: 'Job',
		options: RESPONSE_TYPES.map(({ option }) => option).sort(byName),
	},
	...RESPONSE_TYPES.flatMap(({ fields }) => fields),
	...forResponseTypes(
		RESPONSE_TYPES.filter(({ answered }) => answered).map(({ option }) => option.value),
		answerFields,
	),
];

export function responseTypeModule(value: string): ResponseTypeModule | undefined {
	return RESPONSE_TYPES.find((type) => type.option.value === value);
}
