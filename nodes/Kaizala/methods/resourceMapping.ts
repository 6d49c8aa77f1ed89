import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { questionFields, type Question } from '../actions/action/postResponse/mappedAnswers';
import { checkGuid } from '../helpers/validation';
import { kaizalaApiRequest } from '../transport';

/**
 * The questions of the picked action, for Post Response's mapped answers: one column per question,
 * read from the action's details (GET groups/{groupId}/actions/{actionId}). Nothing is asked until
 * both pickers hold an ID.
 */
export async function getActionQuestions(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const group = checkGuid(this.getCurrentNodeParameter('groupId', { extractValue: true }));
	const action = checkGuid(this.getCurrentNodeParameter('actionId', { extractValue: true }));
	if (!group.ok || !action.ok) {
		return { fields: [], emptyFieldsNotice: 'Pick the group and the action first: their questions become the answers to map' };
	}
	const response = (await kaizalaApiRequest.call(this, {
		method: 'GET',
		path: `groups/${group.value}/actions/${action.value}`,
		qs: { getDetails: false },
	})) as { actionDetails?: { questions?: Question[] }; actionBody?: { questions?: Question[] } } | undefined;
	const questions = response?.actionDetails?.questions ?? response?.actionBody?.questions ?? [];
	if (!Array.isArray(questions) || questions.length === 0) {
		return {
			fields: [],
			emptyFieldsNotice: "This action's details list no questions (custom action packages may not): answer it with Define Answers → Using JSON",
		};
	}
	const required = this.getCurrentNodeParameter('responseType') === 'Survey';
	return { fields: questionFields(questions, required) };
}
