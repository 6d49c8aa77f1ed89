/**
 * What each Action → Send type builds from its fields, read through a real n8n-core context
 * (defaults from the description, expressions resolved); nothing is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { actionTypeModule } from '../../../../../../../nodes/Kaizala/actions/action/send';
import { executeContext, inputErrorMessage } from '../../../../../../helpers/context';

function request(actionType: string, parameters: IDataObject, items?: IDataObject[]): IDataObject {
	const module = actionTypeModule(actionType);
	if (!module) throw new Error(`no module for ${actionType}`);
	return module.request(executeContext({ resource: 'action', operation: 'send', actionType, ...parameters }, items), 0);
}


describe('Action → Send bodies', () => {
	it('Announcement: trimmed title, the message, images only when given', () => {
		expect(request('Announcement', { title: '  Safety week ', message: 'Helmets on' })).toEqual({
			actionType: 'Announcement',
			actionBody: { title: 'Safety week', message: 'Helmets on' },
		});
		expect(request('Announcement', { title: 'T', message: 'M', mediaResources: 'abc=, def' }).actionBody).toMatchObject({
			mediaResources: ['abc=', 'def'],
		});
	});

	it('Job: assignees normalised to E.164, due in the default 24 hours', () => {
		expect(request('Job', { title: 'Inspect', assignedTo: '+1 555 010-0003' })).toEqual({
			actionType: 'Job',
			actionBody: { title: 'Inspect', assignedTo: ['+15550100003'], dueDate: 24 },
		});
	});

	it('Poll: choices from JSON, expiry in whole hours', () => {
		expect(
			request('Poll', { question: 'Lunch?', choicesInput: 'json', choicesJson: '["Yes", {"title": "No"}]', pollOptions: { expiryInHours: 48 } }),
		).toEqual({ actionType: 'Poll', actionBody: { question: 'Lunch?', choices: [{ title: 'Yes' }, { title: 'No' }], expiryInHours: 48 } });
		expect(inputErrorMessage(() => request('Poll', { question: 'Q', choicesInput: 'json', choicesJson: '["Yes", "Yes"]' }))).toBe(
			'Choices (JSON) has the choice "Yes" twice [item 0]',
		);
		expect(inputErrorMessage(() => request('Poll', { question: 'Q', choicesInput: 'json', choicesJson: '["Yes"]' }))).toMatch(
			/^Choices \(JSON\) needs at least two choices/,
		);
	});

	it('Survey: questions from rows, choice options split by commas, flags off unless set', () => {
		const body = request('Survey', {
			title: 'Site check',
			questions: { question: [{ title: 'Safe?', type: 'SingleOption', options: 'Yes, No' }, { title: 'Notes', type: 'Text' }] },
		});
		expect(body).toEqual({
			actionType: 'Survey',
			actionBody: {
				title: 'Site check',
				dueDate: 24,
				isAnonymous: false,
				isSenderOnly: false,
				acceptMultipleResponses: false,
				questions: [
					{ title: 'Safe?', type: 'SingleOption', options: [{ title: 'Yes' }, { title: 'No' }] },
					{ title: 'Notes', type: 'Text' },
				],
			},
		});
		expect(inputErrorMessage(() => request('Survey', { title: 'S', questionsInput: 'json', questionsJson: '[{"title": "A", "type": "Rating"}]' }))).toMatch(
			/^Questions \(JSON\) → question 1 \("A"\) has type "Rating"; use one of /,
		);
	});

	it("Let's Meet: start to the second, place only with both coordinates", () => {
		const body = request('LetsMeet', { title: 'Rota', startingTime: '2030-01-02T09:30:00.250Z', durationInMins: 45 });
		expect(body).toEqual({ actionType: 'LetsMeet', actionBody: { title: 'Rota', startingTime: '2030-01-02T09:30:00Z', durationInMins: 45 } });
		expect(inputErrorMessage(() => request('LetsMeet', { title: 'R', startingTime: '2030-01-02T09:30:00Z', meetingOptions: { placeLatitude: 10 } }))).toBe(
			'Place Longitude is needed for a place (with the latitude) [item 0]',
		);
	});

	it('Custom: package id trimmed, property values sent as text', () => {
		expect(
			request('custom', { packageId: ' com.contoso.inspection ', properties: '[{"name": "count", "type": "numeric", "value": 3}]' }),
		).toEqual({ id: 'com.contoso.inspection', actionBody: { properties: [{ name: 'count', type: 'Numeric', value: '3' }] } });
		expect(inputErrorMessage(() => request('custom', { packageId: '  ', properties: '[]' }))).toBe('Action Package ID is empty [item 0]');
	});

	it('reads expressions per item through n8n', () => {
		expect(request('Announcement', { title: '={{ $json.t }}', message: 'M' }, [{ t: 'From item' }]).actionBody).toMatchObject({ title: 'From item' });
	});
});
