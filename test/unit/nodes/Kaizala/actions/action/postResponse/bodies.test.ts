/** What each Action → Post Response type builds from its fields, through a real n8n-core context. */
import type { IDataObject } from 'n8n-workflow';

import { responseTypeModule } from '../../../../../../../nodes/Kaizala/actions/action/postResponse';
import { executeContext, inputErrorMessage } from '../../../../../../helpers/context';

function request(responseType: string, parameters: IDataObject = {}): IDataObject {
	const module = responseTypeModule(responseType);
	if (!module) throw new Error(`no module for ${responseType}`);
	return module.request(executeContext({ resource: 'action', operation: 'postResponse', responseType, ...parameters }), 0);
}


describe('Action → Post Response bodies', () => {
	it('Job: completed by default, reopened when turned off', () => {
		expect(request('Job')).toEqual({ actionType: 'Job', actionBody: { isCompleted: true } });
		expect(request('Job', { isCompleted: false })).toEqual({ actionType: 'Job', actionBody: { isCompleted: false } });
	});

	it('Survey: answers from rows, typed per row; location and name from the options', () => {
		const body = request('Survey', {
			answersInput: 'fields',
			answerFields: {
				answer: [
					{ type: 'text', text: 'Yes' },
					{ type: 'choices', choices: 'Red, Blue' },
					{ type: 'number', number: 7 },
					{ type: 'location', latitude: 12.5, longitude: 77.25, locationName: 'Yard' },
				],
			},
			responseOptions: { responseName: ' Morning round ', latitude: 1, longitude: 2 },
		});
		expect(body).toEqual({
			actionType: 'Survey',
			actionBody: {
				answers: ['Yes', ['Red', 'Blue'], 7, { lt: 12.5, lg: 77.25, n: 'Yard' }],
				responseName: 'Morning round',
				responseLocation: { latitude: 1, longitude: 2, name: '' },
			},
		});
	});

	it('Custom: the package id, JSON answers, and the response to replace', () => {
		expect(
			request('custom', {
				responsePackageId: ' com.contoso.inspection ',
				answers: '["ok", 3]',
				responseOptions: { responseId: 'BBCF469E-4027-40B7-A80B-A961A48619E7' },
			}),
		).toEqual({
			id: 'com.contoso.inspection',
			actionBody: { answers: ['ok', 3] },
			responseId: 'bbcf469e-4027-40b7-a80b-a961a48619e7',
		});
	});

	it('refuses what Kaizala would refuse, naming the field', () => {
		expect(inputErrorMessage(() => request('custom', { responsePackageId: '', answers: '[]' }))).toBe('Action Package ID is empty [item 0]');
		expect(inputErrorMessage(() => request('Survey', { answers: '{"a": 1}' }))).toBe(
			'Answers (JSON) must be a JSON array with one answer per question [item 0]',
		);
		expect(inputErrorMessage(() => request('Survey', { answersInput: 'fields' }))).toBe('Answers needs one answer per question [item 0]');
		expect(inputErrorMessage(() => request('Survey', { answers: '[]', responseOptions: { latitude: 1 } }))).toBe(
			'Responded From needs both the latitude and the longitude [item 0]',
		);
	});
});
