/**
 * The phone view (sandbox/phone): pages served by the sandbox on its loopback origin, read with
 * fetch over real HTTP. Answers given there must reach the model and fire the same webhook events
 * as the response API.
 */
import { request } from 'node:http';

import { DEMO_CONNECTOR, DEMO_GROUPS, DEMO_USERS, type KaizalaSandbox } from '../../sandbox';
import { report } from '../helpers/report';
import { actionsOf, FakeClock, http, Receiver, SandboxClient, startWithClient, SURVEY } from './helpers';

const FIELD_TEAM = DEMO_GROUPS.fieldTeam.groupId;
const NORTH = DEMO_GROUPS.fieldTeamNorth.groupId;
const MARCO = DEMO_USERS.technician;

describe('the sandbox phone view', () => {
	let sandbox: KaizalaSandbox;
	let client: SandboxClient;
	let clock: FakeClock;
	let receiver: Receiver;

	beforeEach(async () => {
		clock = new FakeClock();
		({ sandbox, client } = await startWithClient({ now: clock.now, throttle: false, webhookRetryDelaysMs: [5] }));
		receiver = await new Receiver().start();
	});
	afterEach(async () => {
		await sandbox.close();
		await receiver.close();
	});

	const page = async (path: string, headers: Record<string, string> = {}) => {
		const response = await fetch(`${sandbox.origin}${path}`, { headers, redirect: 'manual' });
		return { status: response.status, headers: response.headers, text: await response.text() };
	};
	const post = (path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
		const body = new URLSearchParams();
		for (const [name, value] of Object.entries(form)) for (const one of [value].flat()) body.append(name, one);
		return fetch(`${sandbox.origin}${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
			body: body.toString(),
			redirect: 'manual',
		});
	};
	const conversation = (groupId: string, query = '') => page(`/phone/groups/${groupId}${query}`);
	const respondPath = (groupId: string, actionId: string) => `/phone/groups/${groupId}/actions/${actionId}/respond`;
	const subscribe = (objectId: string, objectType: string, eventTypes: string[]) =>
		client.call('POST', 'webhook', { objectId, objectType, eventTypes, callBackUrl: receiver.url, callBackToken: 'phone-callback-token' });

	it('lists the groups with their sub-groups, and leaves the request log alone', async () => {
		sandbox.clearLog();
		const list = await page('/');
		expect(list.status).toBe(200);
		expect(list.headers.get('content-type')).toContain('text/html');
		const names = [...list.text.matchAll(/<strong>(?:↳ )?([^<]+)<\/strong>/g)].map((match) => match[1]);
		expect(names).toEqual(['Field Team', 'Field Team - North', 'Company Announcements']);
		expect(list.text).toContain(`href="/phone/groups/${NORTH}"`);
		expect(sandbox.requests).toEqual([]);
	});

	it('shows a message as a bubble with sender and time, and answer links as buttons', async () => {
		await client.call('POST', `groups/${FIELD_TEAM}/messages`, {
			message: 'May the crew start at 6?\n\nApprove: http://localhost:5678/webhook-waiting/42/abc?approved=true&signature=s1\nDecline: http://localhost:5678/webhook-waiting/42/abc?approved=false&signature=s2',
		});
		const view = await conversation(FIELD_TEAM);
		expect(view.text).toContain('<span data-test-id="sender">Dana Demo-Admin</span>');
		expect(view.text).toContain('2024-01-15 09:00 UTC');
		expect(view.text).toContain('May the crew start at 6?');
		const buttons = [...view.text.matchAll(/<a class="button" data-test-id="answer-link" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
		expect(buttons).toEqual([
			['Approve', 'http://localhost:5678/webhook-waiting/42/abc?approved=true&amp;signature=s1'],
			['Decline', 'http://localhost:5678/webhook-waiting/42/abc?approved=false&amp;signature=s2'],
		]);
	});

	it('escapes everything a workflow sends: a <script> or <img onerror> shows as text, and only the page\'s own script may run', async () => {
		const hostile = `<script>window.pwned=1</script><img src=x onerror="window.pwned=2">"quoted" & 'single'`;
		await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: hostile });
		await client.call('POST', actionsOf(FIELD_TEAM), {
			actionType: 'Survey',
			actionBody: { title: '<b>bold</b>', questions: [{ title: '<img src=x onerror=alert(1)>', type: 'SingleOption', options: [{ title: '"><script>x()</script>' }] }] },
		});
		await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: 'Click: javascript:alert(1)\nOpen: http://x/"onmouseover="alert(1)' });
		const view = await conversation(FIELD_TEAM);
		expect(view.text).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;&quot;quoted&quot; &amp; &#39;single&#39;');
		expect(view.text).toContain('&lt;b&gt;bold&lt;/b&gt;');
		expect(view.text).not.toMatch(/<img src=x|<script>window|<script>x|<b>bold/);
		// One script on the page, the page's own, allowed by its nonce.
		const scripts = [...view.text.matchAll(/<script nonce="([^"]+)">/g)];
		expect(scripts).toHaveLength(1);
		expect(view.text.match(/<script/g)).toHaveLength(1);
		expect(view.headers.get('content-security-policy')).toContain(`script-src 'nonce-${scripts[0][1]}'`);
		// A link line that is not an http(s) URL stays text; a quote cannot leave the href.
		expect(view.text).not.toContain('href="javascript:');
		expect(view.text).toContain('href="http://x/%22onmouseover=%22alert(1)"');
		const form = await page(respondPath(FIELD_TEAM, [...sandbox.state.actions.keys()][0]));
		expect(form.text).toContain('value="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;"');
		expect(form.text).not.toContain('<script>x()');
	});

	it('answers a survey as the chosen member through the response path: stored, counted, and the same SurveyResponse webhook as the API', async () => {
		const survey = await client.call('POST', actionsOf(FIELD_TEAM), SURVEY);
		const actionId = survey.body.actionId as string;
		expect((await subscribe(actionId, 'Action', ['SurveyResponse'])).status).toBe(200);

		const form = await page(`${respondPath(FIELD_TEAM, actionId)}?as=${MARCO.userId}`);
		expect(form.text).toContain('Answering as Marco Rossi');
		expect(form.text).toContain('name="q1" value="Yes"');
		expect(form.text).toContain('type="checkbox" name="q2" value="Dark"');

		const answered = await post(respondPath(FIELD_TEAM, actionId), { as: MARCO.userId, q0: 'Ladder <ok>', q1: 'No', q2: ['Wet', 'Dark'], q3: '3' });
		expect(answered.status).toBe(303);
		expect(answered.headers.get('location')).toBe(`/phone/groups/${FIELD_TEAM}?as=${MARCO.userId}#ref-${survey.body.referenceId}`);
		expect(sandbox.state.responses).toEqual([
			expect.objectContaining({ actionId, responderUserId: MARCO.userId, body: { answers: ['Ladder <ok>', 'No', ['Wet', 'Dark'], 3] } }),
		]);

		// The API's own response, by the connector's user, for comparison.
		await client.call('POST', `${actionsOf(FIELD_TEAM)}/${actionId}/responses`, { actionType: 'Survey', actionBody: { answers: ['x', 'Yes', [], 1] } });
		await sandbox.webhookDeliveriesSettled();
		const [fromPhone, fromApi] = receiver.posts();
		expect(fromPhone.headers['kz-callback-token']).toBe('phone-callback-token');
		expect(fromPhone.body).toMatchObject({ eventType: 'SurveyResponse', objectId: actionId, fromUser: MARCO.mobileNumber, fromUserName: 'Marco Rossi' });
		expect(fromPhone.body.data.responseDetails.responseWithQuestions.map((q: { answer: unknown }) => q.answer).slice(0, 4)).toEqual(['Ladder <ok>', 'No', ['Wet', 'Dark'], 3]);
		const shape = (body: Record<string, unknown>) => JSON.stringify(body, (_key, value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).sort() : typeof value));
		expect(shape(fromPhone.body)).toBe(shape(fromApi.body));

		const view = await conversation(FIELD_TEAM, `?as=${MARCO.userId}`);
		expect(view.text).toContain('<div class="note" data-test-id="response-count">2 responses</div>');
	});

	it('refuses a wrong answer with the response API\'s message and stores nothing', async () => {
		const survey = await client.call('POST', actionsOf(FIELD_TEAM), SURVEY);
		const answered = await post(respondPath(FIELD_TEAM, survey.body.actionId), { as: MARCO.userId, q0: 'x', q1: 'Yes', q3: 'many' });
		expect(answered.status).toBe(400);
		expect(await answered.text()).toContain("&#39;answers[3]&#39; (Numeric question &#39;Crew size&#39;) must be a number");
		expect(sandbox.state.responses).toEqual([]);
	});

	it('votes in a poll, accepts a let\'s meet and completes a job, each raising its response event', async () => {
		const poll = await client.call('POST', actionsOf(FIELD_TEAM), { actionType: 'Poll', actionBody: { question: 'Lunch?', choices: [{ title: 'Yes' }, { title: 'No' }] } });
		const meet = await client.call('POST', actionsOf(FIELD_TEAM), { actionType: 'LetsMeet', actionBody: { title: 'Stand-up', startingTime: '2024-01-16T08:00:00Z' } });
		const job = await client.call('POST', actionsOf(FIELD_TEAM), { actionType: 'Job', actionBody: { title: 'Fix gate', assignedTo: [MARCO.mobileNumber] } });
		expect((await subscribe(FIELD_TEAM, 'Group', ['ActionResponse'])).status).toBe(200);

		expect((await post(respondPath(FIELD_TEAM, poll.body.actionId), { as: MARCO.userId, choice: 'No' })).status).toBe(303);
		expect((await post(respondPath(FIELD_TEAM, meet.body.actionId), { as: MARCO.userId, attending: 'Attending' })).status).toBe(303);
		expect((await post(respondPath(FIELD_TEAM, job.body.actionId), { as: MARCO.userId, isCompleted: 'true' })).status).toBe(303);
		// Priya is no assignee: her phone shows no button, and a forged post is refused.
		const priya = await conversation(FIELD_TEAM, `?as=${DEMO_USERS.fieldLead.userId}`);
		expect(priya.text.match(/data-test-id="respond"/g)).toHaveLength(2);
		expect((await post(respondPath(FIELD_TEAM, job.body.actionId), { as: DEMO_USERS.fieldLead.userId })).status).toBe(400);

		expect(sandbox.state.responses.map((response) => response.body)).toEqual([{ answers: ['No'] }, { answers: ['Attending'] }, { isCompleted: true }]);
		await sandbox.webhookDeliveriesSettled();
		expect(receiver.posts().map((call) => [call.body.eventType, call.body.fromUser])).toEqual([
			['ActionResponse', MARCO.mobileNumber],
			['ActionResponse', MARCO.mobileNumber],
			// A webhook on the generic ActionResponse hears jobs under that name too (sandbox/README.md).
			['ActionResponse', MARCO.mobileNumber],
		]);
		const view = await conversation(FIELD_TEAM, `?as=${MARCO.userId}`);
		expect(view.text).toContain('No — <span data-test-id="votes">1 vote</span>');
		expect(view.text).toContain('1 attending');
		expect(view.text).toContain('1 of 1 done');
	});

	it('refuses answers from another site, from non-members and on a host name that is not loopback', async () => {
		const poll = await client.call('POST', actionsOf(FIELD_TEAM), { actionType: 'Poll', actionBody: { question: 'Lunch?', choices: [{ title: 'Yes' }, { title: 'No' }] } });
		const path = respondPath(FIELD_TEAM, poll.body.actionId);
		expect((await post(path, { as: MARCO.userId, choice: 'Yes' }, { Origin: 'https://evil.example' })).status).toBe(403);
		expect((await post(path, { as: DEMO_USERS.northTechnician.userId, choice: 'Yes' })).status).toBe(403);
		// fetch cannot set Host; a plain request can (as a rebound DNS name would arrive).
		const rebound = await new Promise<number>((resolve, reject) => {
			request(`${sandbox.origin}/`, { headers: { Host: 'rebound.example:4010' } }, (response) => {
				response.resume();
				resolve(response.statusCode ?? 0);
			}).on('error', reject).end();
		});
		expect(rebound).toBe(421);
		expect(sandbox.state.responses).toEqual([]);
	});

	it('shows reactions, media and announcements; never a secret', async () => {
		const sent = await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: 'Roof done' });
		await client.call('POST', `groups/${FIELD_TEAM}/reaction`, { referenceId: sent.body.referenceId, sourceGroupId: FIELD_TEAM, reactionType: 'Like' });
		await client.call('POST', `groups/${FIELD_TEAM}/reaction`, { referenceId: sent.body.referenceId, sourceGroupId: FIELD_TEAM, reactionType: 'Comment', comment: 'Nice <3' });
		const upload = new FormData();
		upload.append('file', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')], { type: 'image/png' }), 'roof.png');
		const media = await client.call('POST', 'media', upload);
		await client.call('POST', actionsOf(FIELD_TEAM), { actionType: 'Image', actionBody: { mediaResource: media.body.mediaResource, caption: 'The roof' } });
		await client.call('POST', actionsOf(FIELD_TEAM), { actionType: 'Announcement', actionBody: { title: 'Safety day', message: 'Helmets on', mediaResources: [media.body.mediaResource] } });

		const view = await conversation(FIELD_TEAM);
		expect(view.text).toMatch(/<div class="reactions" data-test-id="reactions">👍 1 · 💬 1<ul><li><strong>Dana Demo-Admin<\/strong>: Nice &lt;3<\/li><\/ul><\/div>/);
		expect(view.text.match(/<img class="media" src="http:\/\/127\.0\.0\.1:\d+\/media-files\/[^"]+\/roof\.png"/g)).toHaveLength(2);
		expect(view.text).toContain('Helmets on');
		const pages = [view.text, (await page('/')).text, (await page(`/phone/groups/${FIELD_TEAM}/feed`)).text];
		for (const text of pages) {
			for (const secret of [DEMO_CONNECTOR.connectorSecret, DEMO_CONNECTOR.refreshToken, client.accessToken, 'phone-callback-token']) expect(text).not.toContain(secret);
		}
	});

	it('keeps a group with 5,000 messages light: the last 50 on the page, earlier ones on request; the feed changes when a message arrives', async () => {
		for (let index = 0; index < 5000; index++) {
			sandbox.state.messages.push({ referenceId: `ref-${index}`, groupId: FIELD_TEAM, senderUserId: DEMO_USERS.fieldLead.userId, text: `Reading ${index}`, sentAt: clock.time + index, audience: { kind: 'group' } });
		}
		const started = performance.now();
		const view = await conversation(FIELD_TEAM);
		const elapsed = performance.now() - started;
		expect(view.text.match(/data-test-id="message"/g)).toHaveLength(50);
		expect(view.text).toContain('Reading 4999');
		expect(view.text).not.toContain('Reading 4949<');
		expect(view.text).toContain('Show earlier (4950 more)');
		expect(view.text.length).toBeLessThan(60_000);
		const earlier = await conversation(FIELD_TEAM, '?limit=150');
		expect(earlier.text.match(/data-test-id="message"/g)).toHaveLength(150);
		report(`phone view, 5000 messages: ${view.text.length} bytes in ${elapsed.toFixed(0)} ms`);

		const before = (await http(`${sandbox.origin}/phone/groups/${FIELD_TEAM}/feed`)).body;
		clock.advance(10_000);
		await client.call('POST', `groups/${FIELD_TEAM}/messages`, { message: 'A new one' });
		const after = (await http(`${sandbox.origin}/phone/groups/${FIELD_TEAM}/feed`)).body;
		expect(after.version).not.toBe(before.version);
		expect(after.total).toBe(5001);
		expect(after.html).toContain('A new one');
	});
});
