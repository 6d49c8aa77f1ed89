/** The pure parts of Answer In → Card: the card's request, due time, approvers, and the decision. */
import { WAIT_INDEFINITELY } from 'n8n-workflow';

import { checkApproverEntries, decodeApprovers, encodeApprovers, mayDecide } from '../../../../../../../nodes/Kaizala/actions/message/sendAndWait/approvers';
import { cardDueHours, cardRequest, checkCardQuestion } from '../../../../../../../nodes/Kaizala/actions/message/sendAndWait/card';
import type { CardAnswer } from '../../../../../../../nodes/Kaizala/actions/message/sendAndWait/decision';
import { answerFromEvent, answerFromListed, decide, mergeAnswers } from '../../../../../../../nodes/Kaizala/actions/message/sendAndWait/decision';

const NOW = Date.parse('2026-12-05T08:00:00Z');
const choices = [
	{ label: 'Approve', approved: true },
	{ label: 'Decline', approved: false },
];
const answer = (responder: string, label: string, responseId = responder): CardAnswer => ({
	responseId,
	responder,
	responderName: `Name ${responder}`,
	answer: label,
	respondedAt: '2026-12-05T08:01:00.000Z',
});

describe('card request', () => {
	it('is a survey with one single-choice question; the title is the first line, cut to 256 characters', () => {
		const long = `${'x'.repeat(300)}\nsecond line`;
		const body = cardRequest(long, ['Approve', 'Decline'], 3) as { actionType: string; actionBody: Record<string, unknown> };
		expect(body.actionType).toBe('Survey');
		expect(String(body.actionBody.title)).toHaveLength(256);
		expect(String(body.actionBody.title).endsWith('…')).toBe(true);
		expect(body.actionBody).toMatchObject({ dueDate: 3, acceptMultipleResponses: false, isAnonymous: false });
		expect(body.actionBody.questions).toEqual([{ title: long, type: 'SingleOption', options: [{ title: 'Approve' }, { title: 'Decline' }] }]);
	});

	it('the question is at most 1,000 characters', () => {
		expect(checkCardQuestion(` ${'q'.repeat(1000)} `)).toEqual({ ok: true, value: 'q'.repeat(1000) });
		expect(checkCardQuestion('q'.repeat(1001))).toEqual({ ok: false, problem: "is 1001 characters; a card's question takes at most 1000" });
	});

	it('is due when the wait ends, rounded up to whole hours (at least 1); ten years without a limit', () => {
		expect(cardDueHours(new Date(NOW + 90 * 60_000), NOW)).toBe(2);
		expect(cardDueHours(new Date(NOW + 60 * 60_000), NOW)).toBe(1);
		expect(cardDueHours(new Date(NOW + 60_000), NOW)).toBe(1);
		expect(cardDueHours(WAIT_INDEFINITELY, NOW)).toBe(87_600);
	});
});

describe('approvers', () => {
	it('reads phone numbers and user ids from rows, several per row', () => {
		const rows = [
			{ member: { __rl: true, mode: 'list', value: '+1 555 0100-002' } },
			{ member: { __rl: true, mode: 'id', value: 'B5E70000-0000-4000-8000-000000000001, +15550100003' } },
			{ member: ['+15550100004'] },
		];
		expect(checkApproverEntries(rows)).toEqual({
			ok: true,
			value: [{ phone: '+15550100002' }, { userId: 'b5e70000-0000-4000-8000-000000000001' }, { phone: '+15550100003' }, { phone: '+15550100004' }],
		});
		expect(checkApproverEntries([{ member: { value: 'Priya' } }])).toEqual({
			ok: false,
			problem: '"Priya" is neither a phone number in international format nor a user id',
		});
	});

	it('travel as a comma-separated list; without a list anyone decides', () => {
		expect(decodeApprovers(encodeApprovers(['+15550100002', '+15550100003']))).toEqual(['+15550100002', '+15550100003']);
		expect(decodeApprovers(undefined)).toEqual([]);
		expect(mayDecide('+15550100009', [])).toBe(true);
		expect(mayDecide('+15550100009', ['+15550100002'])).toBe(false);
		expect(mayDecide('+15550100002', ['+15550100002'])).toBe(true);
	});
});

describe('decision', () => {
	it('the first allowed answer decides; outsiders are in the history as ignored', () => {
		const answers = [answer('+1out', 'Approve'), answer('+1lead', 'Decline'), answer('+1boss', 'Approve')];
		const { decision, history } = decide(answers, choices, ['+1lead', '+1boss']);
		expect(decision?.choice).toEqual({ label: 'Decline', approved: false });
		expect(decision?.by.responder).toBe('+1lead');
		expect(history.map(({ responder, ignored }) => [responder, ignored])).toEqual([
			['+1out', true],
			['+1lead', false],
			['+1boss', false],
		]);
	});

	it('no decision while only outsiders answered, or an answer is not one of the choices', () => {
		expect(decide([answer('+1out', 'Approve')], choices, ['+1lead']).decision).toBeUndefined();
		expect(decide([answer('+1lead', 'Maybe')], choices, ['+1lead']).decision).toBeUndefined();
	});

	it('a delivered answer replaces its listed version (a changed answer), or comes after the listed ones', () => {
		const merged = mergeAnswers([answer('+1a', 'Approve', 'r1'), answer('+1b', 'Approve', 'r2')], [answer('+1a', 'Decline', 'r1'), answer('+1c', 'Approve', 'r3')]);
		expect(merged.map(({ responseId, answer: label }) => `${responseId}:${label}`)).toEqual(['r1:Decline', 'r2:Approve', 'r3:Approve']);
	});

	it('reads the answer, responder and time of a SurveyResponse event (EventSchema.md) and of a listed response', () => {
		const event = {
			eventType: 'SurveyResponse',
			data: {
				responseId: 'r1',
				responder: '+15550100002',
				responderName: 'Priya Patel',
				isUpdateResponse: false,
				responseDetails: {
					responseWithQuestions: [
						{ title: 'Start at 6?', type: 'SingleOption', answer: 'Approve' },
						{ isInvisible: true, title: 'ResponseTime', type: 'DateTime', answer: NOW },
					],
				},
			},
		};
		expect(answerFromEvent(event, 'fallback')).toEqual({
			responseId: 'r1',
			responder: '+15550100002',
			responderName: 'Priya Patel',
			answer: 'Approve',
			respondedAt: new Date(NOW).toISOString(),
		});
		expect(answerFromEvent({ data: {} }, 'fallback')).toMatchObject({ answer: '', respondedAt: 'fallback' });
		expect(
			answerFromListed({ responseId: 'r2', responder: '+1', responderName: 'N', answers: ['Decline'], lastUpdatedAt: '2026-12-05T08:02:00Z' }, 'fallback'),
		).toEqual({ responseId: 'r2', responder: '+1', responderName: 'N', answer: 'Decline', respondedAt: '2026-12-05T08:02:00.000Z' });
	});
});
