/**
 * Message → Send and Wait for Response: a real n8n-core execution that waits, the answer links
 * served by n8n's waiting-webhook rules (test/helpers/waiting.ts), and the sandbox receiving
 * the message.
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

const base = { resource: 'message', operation: 'sendAndWait', groupId: byId(FIELD_TEAM) };

/** The links in the message Kaizala received, by label. */
function linksOf(text: string): Record<string, string> {
	return Object.fromEntries([...text.matchAll(/^([^:\n]+): (http\S+)$/gm)].map(([, label, url]) => [label, url]));
}

async function form(url: string, fields: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
	});
	return { status: response.status, text: await response.text() };
}

describe('Message → Send and Wait for Response', () => {
	it('sends the question with Approve and Decline links, waits, and a GET (a link preview) answers nothing', async () => {
		const execution = await host.execute(
			{ ...base, message: 'May the North crew start at 6?', approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' } } },
			[{ a: 1 }, { a: 2 }],
		);
		expect(execution.run?.data.resultData.error).toBeUndefined();
		expect(execution.status).toBe('waiting');
		expect(execution.run?.waitTill?.getTime()).toBeGreaterThan(Date.now() + 365 * 86_400_000);
		const sent = fixture.requestsFor(SEND);
		expect(sent).toHaveLength(1);
		const text = String((sent[0].body as { message: string }).message);
		expect(text.startsWith('May the North crew start at 6?\n\n')).toBe(true);
		const links = linksOf(text);
		expect(Object.keys(links)).toEqual(['Yes', 'No']);
		expect(new URL(links.Yes).pathname).toBe(`/webhook-waiting/${execution.id}/${execution.node.id}`);
		expect(new URL(links.Yes).searchParams.get('approved')).toBe('true');
		expect(new URL(links.No).searchParams.get('approved')).toBe('false');

		const preview = await fetch(links.Yes, { headers: { 'User-Agent': 'Slackbot-LinkExpanding 1.0' } });
		const page = await preview.text();
		expect(preview.status).toBe(200);
		expect(preview.headers.get('content-type')).toContain('text/html');
		expect(page).toContain('<form method="post">');
		expect(page).toContain('May the North crew start at 6?');
		expect(execution.status).toBe('waiting');
	});

	it('resumes with data.approved and respondedAt when the page is submitted; a second answer changes nothing', async () => {
		const execution = await host.execute({ ...base, message: 'Approve the overtime?', approvalOptions: { values: { approvalType: 'double' } } });
		const links = linksOf(String((fixture.requestsFor(SEND)[0].body as { message: string }).message));
		expect(Object.keys(links)).toEqual(['Approve', 'Decline']);
		const answer = await form(links.Decline);
		expect(answer.status).toBe(200);
		expect(answer.text).toContain('Got it, thanks');
		await execution.settled();
		expect(execution.status).toBe('success');
		const output = execution.outputs.at(-1)!;
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({ data: { approved: false, answer: 'Decline', answeredIn: 'links', responder: 'unknown', respondedAt: expect.any(String) } });
		expect(Date.parse(String((output[0].json.data as { respondedAt: string }).respondedAt))).toBeGreaterThan(Date.now() - 60_000);

		const again = await form(links.Approve);
		expect(again.text).toContain('No action required');
		expect(execution.outputs).toHaveLength(2);
		expectNoSecrets([execution.outputs, loggedLines], fixture.secrets());
	});

	it('a link with a changed signature or answer is refused before the node runs', async () => {
		const execution = await host.execute({ ...base, message: 'Approve?' });
		const links = linksOf(String((fixture.requestsFor(SEND)[0].body as { message: string }).message));
		expect(Object.keys(links)).toEqual(['Approve']);
		const forged = new URL(links.Approve);
		forged.searchParams.set('approved', 'false');
		expect((await form(forged.toString())).status).toBe(401);
		expect(execution.status).toBe('waiting');
	});

	it('Free Text: the link opens a form; an empty answer is refused, the text resumes as data.text', async () => {
		const execution = await host.execute({
			...base,
			message: 'What blocks the pump repair?',
			responseType: 'freeText',
			options: { messageButtonLabel: 'Answer', responseFormTitle: 'Pump 4' },
		});
		const links = linksOf(String((fixture.requestsFor(SEND)[0].body as { message: string }).message));
		expect(Object.keys(links)).toEqual(['Answer']);
		const formPage = await (await fetch(links.Answer)).text();
		expect(formPage).toContain('<textarea id="text" name="text"');
		expect(formPage).toContain('<h1>Pump 4</h1>');
		const empty = await form(links.Answer, { text: '   ' });
		expect(empty.status).toBe(400);
		expect(execution.status).toBe('waiting');
		await form(links.Answer, { text: 'A missing seal <b>kit</b>' });
		await execution.settled();
		expect(execution.outputs.at(-1)![0].json).toEqual({ data: { text: 'A missing seal <b>kit</b>', respondedAt: expect.any(String) } });
	});

	it('the wait limit: waitTill is set from Limit Wait Time, and at the limit the input items go on', async () => {
		const before = Date.now();
		const execution = await host.execute(
			{ ...base, message: 'Approve?', options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'minutes' } } } },
			[{ request: 7 }],
		);
		const waitTill = execution.run!.waitTill!.getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + 120_000);
		expect(waitTill).toBeLessThan(Date.now() + 120_000 + 1000);
		await execution.expire();
		expect(execution.status).toBe('success');
		expect(execution.outputs.at(-1)!.map((item) => item.json)).toEqual([{ request: 7 }]);
		expect(fixture.requestsFor(SEND)).toHaveLength(1);
	});

	it('bad input is refused before anything is sent: a past limit, a message too long with its links', async () => {
		const past = await host.execute({
			...base,
			message: 'Approve?',
			options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' } } },
		});
		expect(past.status).toBe('error');
		expect(String(past.run?.data.resultData.error?.message)).toMatch(/^Limit Wait Time 2020-01-01T00:00:00.000Z has already passed \[item 0\]/);
		const long = await host.execute({ ...base, message: 'x'.repeat(3990) });
		expect(String(long.run?.data.resultData.error?.message)).toMatch(/^Message \(with the answer links\) has \d+ characters; Kaizala accepts at most 4000/);
		expect(fixture.requestsFor(SEND)).toHaveLength(0);
	});
});
