/**
 * The action types Action → Send offers, each a module with its fields and its request body.
 */
import { announcement } from './announcement';
import { attachment } from './attachment';
import type { ActionTypeModule } from './common';
import { custom } from './custom';
import { job } from './job';
import { letsMeet } from './letsMeet';
import { poll } from './poll';
import { survey } from './survey';

export type { ActionTypeModule } from './common';
export { dueFields, titleField } from './common';
export { announcement, attachment, custom, job, letsMeet, poll, survey };

export const ACTION_TYPES: ActionTypeModule[] = [announcement, attachment, job, poll, survey, letsMeet, custom];

/** The values of the types that read a shared field, in the order above. */
export function typesUsing(field: 'title' | 'due'): string[] {
	return ACTION_TYPES.filter((type) => type.uses.includes(field)).map((type) => type.option.value);
}

export function actionTypeModule(value: string): ActionTypeModule | undefined {
	return ACTION_TYPES.find((type) => type.option.value === value);
}
