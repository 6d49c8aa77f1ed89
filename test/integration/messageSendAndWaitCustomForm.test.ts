/**
 * Message → Send and Wait for Response, Custom Form: a real n8n-core execution that waits, the
 * form served and taken by n8n's waiting-webhook rules (test/helpers/waiting.ts: signature,
 * multipart only, a finished execution answers "no action required"), the sandbox receiving the
 * message with the form's link.
 */
import { DEMO_GROUPS } from '../../sandbox';
import type { Fixture } from '../helpers/fixtures';
import { byId, expectNoSecrets, startFixture } from '../helpers/fixtures';
import { loggedLines } from '../helpers/n8n';
import { WaitingHost } from '../helpers/waiting';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const SEND = 'POST /groups/:groupId/messages';

let fixture: Fixture;
let host: WaitingHost;

beforeEach(async () => {
	fixture = await startFixture();
	host = await WaitingHost.start(fixture);
});

afterEach(async () => {
	await host.close();
	await fixture.close();
});

const options = (...labels: string[]) => ({ values: labels.map((option) => ({ option })) });

const FORM_ELEMENTS = {
	values: [
		{ fieldLabel: 'Crew Lead', fieldType: 'text', requiredField: true, placeholder: 'e.g. Asha Rao' },
		{ fieldLabel: 'Crew Size', fieldType: 'number', requiredField: true },
		{ fieldLabel: 'Start Date', fieldType: 'date', requiredField: true },
		{ fieldLabel: 'Shift', fieldType: 'dropdown', fieldOptions: options('Morning', 'Night'), requiredField: true },
		{ fieldLabel: 'Tools', fieldType: 'checkbox', fieldOptions: options('Drill', 'Ladder', 'Saw') },
		{ fieldLabel: 'Site', fieldType: 'radio', fieldOptions: options('North', 'South') },
		{ fieldLabel: 'Contact', fieldType: 'email' },
		{ fieldLabel: 'Notes', fieldType: 'textarea' },
	],
};

const base = {
	resource: 'message',
	operation: 'sendAndWait',
	groupId: byId(FIELD_TEAM),
	message: 'Plan the pump repair crew',
	responseType: 'customForm',
	formFields: FORM_ELEMENTS,
	options: { messageButtonLabel: 'Plan it', responseFormTitle: 'Pump 4 crew', responseFormButtonLabel: 'Send plan' },
};

/** The links in the message Kaizala received, by label. */
function linksOf(text: string): Record<string, string> {
	return Object.fromEntries([...text.matchAll(/^([^:\n]+): (http\S+)$/gm)].map(([, label, url]) => [label, url]));
}

function sentMessage(): string {
	return String((fixture.requestsFor(SEND)[0].body as { message: string }).message);
}

/** Posts the form as a browser does: multipart/form-data, a repeated name for several checkboxes. */
async function submit(url: string, fields: Array<[string, string]>) {
	const body = new FormData();
	for (const [name, value] of fields) body.append(name, value);
	const response = await fetch(url, { method: 'POST', body });
	return { status: response.status, text: await response.text() };
}

const VALID: Array<[string, string]> = [
	['field-0', ' Asha Rao '],
	['field-1', '4'],
	['field-2', '2026-12-07'],
	['field-3', 'Night'],
	['field-4', 'Drill'],
	['field-4', 'Saw'],
	['field-5', 'North'],
	['field-6', 'asha@example.com'],
	['field-7', 'Bring the seal kit'],
];

describe('Message → Send and Wait for Response, Custom Form', () => {
	it('sends one link to the form, the GET shows every element, the POST resumes with data keyed by label and respondedAt', async () => {
		const execution = await host.execute(base, [{ a: 1 }, { a: 2 }]);
		expect(execution.run?.data.resultData.error).toBeUndefined();
		expect(execution.status).toBe('waiting');
		const sent = fixture.requestsFor(SEND);
		expect(sent).toHaveLength(1);
		expect(sentMessage().startsWith('Plan the pump repair crew\n\nPlan it: ')).toBe(true);
		const links = linksOf(sentMessage());
		expect(Object.keys(links)).toEqual(['Plan it']);
		expect(new URL(links['Plan it']).pathname).toBe(`/webhook-waiting/${execution.id}/${execution.node.id}`);

		const page = await fetch(links['Plan it']);
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toContain('text/html');
		expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(html).toContain('<h1>Pump 4 crew</h1>');
		expect(html).toContain('<p class="message">Plan the pump repair crew</p>');
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
		expect(html).toContain('<input type="text" id="field-0" name="field-0" placeholder="e.g. Asha Rao" required>');
		expect(html).toContain('<input type="number" id="field-1" name="field-1" step="any" required>');
		expect(html).toContain('<input type="date" id="field-2" name="field-2" required>');
		expect(html).toContain('<select id="field-3" name="field-3" required><option value="">Choose…</option><option>Morning</option><option>Night</option></select>');
		expect(html).toContain('<input type="checkbox" name="field-4" value="Ladder">Ladder');
		expect(html).toContain('<input type="radio" name="field-5" value="North">North');
		expect(html).toContain('<input type="email" id="field-6" name="field-6">');
		expect(html).toContain('<textarea id="field-7" name="field-7" rows="4"></textarea>');
		expect(html).toContain('<button type="submit">Send plan</button>');
		expect(execution.status).toBe('waiting');

		const answer = await submit(links['Plan it'], VALID);
		expect(answer.status).toBe(200);
		expect(answer.text).toContain('Got it, thanks');
		await execution.settled();
		expect(execution.status).toBe('success');
		const output = execution.outputs.at(-1)!;
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			data: {
				'Crew Lead': 'Asha Rao',
				'Crew Size': 4,
				'Start Date': '2026-12-07',
				Shift: 'Night',
				Tools: ['Drill', 'Saw'],
				Site: 'North',
				Contact: 'asha@example.com',
				Notes: 'Bring the seal kit',
				respondedAt: expect.any(String),
			},
		});
		expect(Date.parse(String((output[0].json.data as { respondedAt: string }).respondedAt))).toBeGreaterThan(Date.now() - 60_000);

		// A second submit starts nothing.
		const again = await submit(links['Plan it'], VALID);
		expect(again.text).toContain('No action required');
		expect(execution.outputs).toHaveLength(2);
		expect(fixture.requestsFor(SEND)).toHaveLength(1);
		expectNoSecrets([execution.outputs, loggedLines], fixture.secrets());
	});

	it('a wrong answer is shown again with its problem and the execution keeps waiting; not multipart: 415; a forged link: 401', async () => {
		const execution = await host.execute(base);
		const link = linksOf(sentMessage())['Plan it'];

		const wrong = await submit(link, [
			['field-0', 'Asha'],
			['field-1', 'four'],
			['field-2', '2026-12-07'],
			['field-3', 'Evening'],
		]);
		expect(wrong.status).toBe(400);
		expect(wrong.text).toContain('Some answers need another look.');
		expect(wrong.text).toContain('<div class="field invalid"><label for="field-1">Crew Size');
		expect(wrong.text).toContain('<p class="error">Please enter a number.</p>');
		expect(wrong.text).toContain('<p class="error">Please choose from the options given.</p>');
		expect(wrong.text).toContain('value="Asha"');
		expect(execution.status).toBe('waiting');

		const urlEncoded = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(VALID).toString() });
		expect(urlEncoded.status).toBe(415);
		const forged = new URL(link);
		forged.searchParams.set('approved', 'false');
		expect((await submit(forged.toString(), VALID)).status).toBe(401);
		expect(execution.status).toBe('waiting');

		await submit(link, VALID);
		await execution.settled();
		expect(execution.status).toBe('success');
		expect((execution.outputs.at(-1)![0].json.data as { 'Crew Size': number })['Crew Size']).toBe(4);
	});

	it('a form defined as JSON (n8n\'s Form node syntax) is served and answered the same way', async () => {
		const execution = await host.execute({
			...base,
			formFields: undefined,
			defineForm: 'json',
			jsonOutput: JSON.stringify([
				{ fieldLabel: 'Approved By', requiredField: true },
				{ fieldLabel: 'Budget', fieldType: 'number' },
				{ fieldType: 'hiddenField', fieldName: 'source', fieldValue: 'kaizala' },
			]),
		});
		const link = linksOf(sentMessage())['Plan it'];
		const html = await (await fetch(link)).text();
		expect(html).toContain('<label for="field-0">Approved By<span class="req" aria-hidden="true">*</span></label>');
		expect(html).toContain('<input type="hidden" name="field-2" value="kaizala">');
		await submit(link, [
			['field-0', 'Ravi'],
			['field-1', ''],
			['field-2', 'changed in the browser'],
		]);
		await execution.settled();
		expect(execution.outputs.at(-1)![0].json).toEqual({ data: { 'Approved By': 'Ravi', Budget: null, source: 'kaizala', respondedAt: expect.any(String) } });
	});

	it('a bad definition is refused before anything is sent, naming the field and the item; Continue On Fail outputs the error', async () => {
		const badJson = await host.execute({ ...base, formFields: undefined, defineForm: 'json', jsonOutput: '[{"fieldLabel": "Name",' });
		expect(badJson.status).toBe('error');
		expect(String(badJson.run?.data.resultData.error?.message)).toMatch(/^Form Fields JSON is not valid JSON \(.+\) \[item 0\]$/);

		const file = await host.execute({ ...base, formFields: undefined, defineForm: 'json', jsonOutput: '[{"fieldLabel": "Name"}, {"fieldLabel": "Photo", "fieldType": "file"}]' });
		expect(String(file.run?.data.resultData.error?.message)).toBe(
			"Form Fields JSON element 2 (\"Photo\"): is a File element, which Kaizala's Custom Form does not offer; remove it [item 0]",
		);

		const noOptions = await host.execute(
			{ ...base, formFields: { values: [{ fieldLabel: 'Shift', fieldType: 'dropdown', fieldOptions: { values: [] } }] } },
			[{ a: 1 }, { a: 2 }],
			{ onError: 'continueRegularOutput' },
		);
		expect(noOptions.status).toBe('success');
		const items = noOptions.outputs.at(-1)!;
		expect(items.map((item) => item.json)).toEqual([
			{ error: 'Form Elements element 1 ("Shift"): Field Options has no option [item 0]', description: expect.stringContaining('Form Elements') },
			{ a: 2 },
		]);
		expect(fixture.requestsFor(SEND)).toHaveLength(0);
	});
});
