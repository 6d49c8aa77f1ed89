/**
 * The phone view's pages: the group list, a group as a conversation (bubbles and action cards)
 * and an action's answer form. Everything from the model goes through `html`, which escapes it.
 */
import { createHash } from 'node:crypto';

import { responsesTo } from '../actions/actionTypes';
import { resolveMediaResource } from '../media/mediaResource';
import type { ActionRecord, GroupRecord, MessageRecord, SandboxState, UserRecord } from '../state';
import { groupFeed, groupTree, phoneOwners, reactionsTo, referenceIdOf, type FeedItem } from './feed';
import { html, safeUrl, trusted, type Html } from './html';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 2000;

interface SurveyQuestion {
	title: string;
	type: string;
	options: { title: string }[];
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#dfe6ee;color:#1b2733}
.phone{max-width:520px;margin:0 auto;min-height:100vh;background:#eef2f6;display:flex;flex-direction:column}
header{position:sticky;top:0;z-index:1;background:#2f6fb3;color:#fff;padding:10px 14px}
header a{color:#fff}header h1{font-size:18px;margin:0}header .sub{font-size:12px;opacity:.85}
header form{margin-top:6px;font-size:13px}header select{font-size:13px}
main{flex:1;padding:10px 12px}
.groups a{display:block;background:#fff;border-radius:10px;padding:10px 12px;margin:6px 0;color:inherit;text-decoration:none}
.groups .preview{color:#5b6b7b;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.groups .count{float:right;color:#5b6b7b;font-size:12px}
.item{margin:8px 0;display:flex;flex-direction:column;align-items:flex-start}
.item.mine{align-items:flex-end}
.bubble,.card{background:#fff;border-radius:12px;padding:8px 12px;max-width:88%;box-shadow:0 1px 1px rgba(0,0,0,.08)}
.item.mine .bubble{background:#d9f2d0}
.card{border-left:4px solid #2f6fb3;width:88%}
.meta{font-size:12px;color:#5b6b7b;margin-bottom:2px}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.kind{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#2f6fb3}
.title{font-weight:600;margin:2px 0;overflow-wrap:anywhere}
.answers{display:flex;gap:8px;flex-wrap:wrap;margin-top:6px}
.button{display:inline-block;background:#2f6fb3;color:#fff;border:0;border-radius:18px;padding:6px 16px;text-decoration:none;font-size:14px;cursor:pointer}
.button.secondary{background:#fff;color:#2f6fb3;border:1px solid #2f6fb3}
.reactions{font-size:12px;color:#5b6b7b;margin-top:4px}
.reactions ul{margin:2px 0 0 16px;padding:0}
ul.q{margin:4px 0;padding-left:18px}
img.media{max-width:100%;border-radius:8px;margin-top:4px;display:block}
.more{text-align:center;margin:6px}
.note{font-size:12px;color:#5b6b7b}
.error{background:#fde8e8;color:#8a1c1c;border-radius:8px;padding:8px 10px;margin:8px 0}
fieldset{border:1px solid #c9d4df;border-radius:8px;margin:10px 0;background:#fff}
legend{font-weight:600}label.opt{display:block;margin:3px 0}
input[type=text],input[type=number],input[type=date],input[type=datetime-local],textarea{width:100%;font:inherit;padding:5px}
`;

/** An ISO-like UTC time a person reads at a glance: 2026-12-04 16:40 UTC. */
function timeLabel(epochMs: number): string {
	return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function userName(state: SandboxState, userId: string): string {
	const user = state.users.get(userId);
	return user ? user.name || user.mobileNumber : 'Unknown user';
}

function ownerQuery(owner: UserRecord | undefined): string {
	return owner ? `?as=${encodeURIComponent(owner.userId)}` : '';
}

function layout(title: string, header: Html, body: Html, script?: { nonce: string; code: string }): string {
	return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${trusted(STYLE)}</style></head>
<body><div class="phone"><header>${header}</header><main>${body}</main></div>
${script ? html`<script nonce="${script.nonce}">${trusted(script.code)}</script>` : ''}</body></html>`.value;
}


// ---------------------------------------------------------------------------------------------
// The group list

export function groupListPage(state: SandboxState): string {
	const rows = groupTree(state).map(({ group, depth }) => {
		const feed = groupFeed(state, group.groupId);
		const last = feed[feed.length - 1];
		return html`<a href="/phone/groups/${encodeURIComponent(group.groupId)}" data-test-id="group-link" style="margin-left:${depth * 18}px">
<span class="count">${feed.length} ${feed.length === 1 ? 'item' : 'items'}</span>
<strong>${depth > 0 ? '↳ ' : ''}${group.groupName}</strong>${group.groupType === 'ConnectGroup' ? html` <span class="note">(public)</span>` : ''}
<div class="preview">${last ? previewOf(state, last) : group.welcomeMessage}</div></a>`;
	});
	return layout(
		'Kaizala sandbox phone',
		html`<h1>Kaizala sandbox phone</h1><div class="sub">What group members see of the workflows' messages and actions. Local only.</div>`,
		html`<div class="groups">${rows.length ? rows : html`<p class="note">No groups yet.</p>`}</div>`,
	);
}

function previewOf(state: SandboxState, item: FeedItem): string {
	const text = item.kind === 'message' ? item.message.text : `${actionKindLabel(item.action)}: ${actionTitle(item.action)}`;
	const line = `${userName(state, item.kind === 'message' ? item.message.senderUserId : item.action.senderUserId)}: ${text}`;
	return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

// ---------------------------------------------------------------------------------------------
// A group as a conversation

export interface ConversationView {
	/** The feed's HTML (the last `limit` items) and a version that changes whenever it does. */
	html: string;
	version: string;
	total: number;
	shown: number;
}

export function conversationFeed(state: SandboxState, group: GroupRecord, owner: UserRecord | undefined, limit: number): ConversationView {
	const feed = groupFeed(state, group.groupId);
	const shown = feed.slice(Math.max(0, feed.length - limit));
	const earlier = feed.length - shown.length;
	const more = earlier > 0
		? html`<div class="more"><a class="button secondary" data-test-id="show-earlier" href="/phone/groups/${encodeURIComponent(group.groupId)}?${ownerQuery(owner).slice(1)}${owner ? '&' : ''}limit=${Math.min(MAX_PAGE_SIZE, limit + 100)}">Show earlier (${earlier} more)</a></div>`
		: '';
	const body = html`${more}${shown.length === 0 ? html`<p class="note">${group.welcomeMessage || 'No messages yet.'}</p>` : ''}${shown.map((item) => renderItem(state, group, owner, item))}`.value;
	return { html: body, version: createHash('sha1').update(body).digest('hex').slice(0, 16), total: feed.length, shown: shown.length };
}

export function conversationPage(state: SandboxState, group: GroupRecord, owner: UserRecord | undefined, limit: number, nonce: string): string {
	const feed = conversationFeed(state, group, owner, limit);
	const owners = phoneOwners(state, group);
	const feedUrl = `/phone/groups/${encodeURIComponent(group.groupId)}/feed?${owner ? `as=${encodeURIComponent(owner.userId)}&` : ''}limit=${limit}`;
	const header = html`<div><a href="/">← Groups</a></div>
<h1 data-test-id="group-name">${group.groupName}</h1>
<div class="sub">${owners.length} members${group.groupType === 'ConnectGroup' ? ' · public group' : ''}</div>
<form method="get" action="/phone/groups/${encodeURIComponent(group.groupId)}" id="owner-form">
<label>This phone belongs to <select name="as" id="owner" data-test-id="owner">${owners.map(
		(user) => html`<option value="${user.userId}"${user.userId === owner?.userId ? html` selected` : ''}>${user.name || user.mobileNumber}</option>`,
	)}</select></label> <noscript><button type="submit">Switch</button></noscript></form>`;
	const body = html`<div id="feed" data-test-id="feed" data-feed-url="${feedUrl}" data-version="${feed.version}">${trusted(feed.html)}</div>`;
	return layout(`${group.groupName} · Kaizala sandbox phone`, header, body, { nonce, code: CONVERSATION_SCRIPT });
}

/** Keeps the conversation current without a reload: asks for the feed every 1.5 s and swaps it in when it changed. */
const CONVERSATION_SCRIPT = `
(() => {
  const feed = document.getElementById('feed');
  const owner = document.getElementById('owner');
  owner.addEventListener('change', () => owner.form.submit());
  const nearBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
  window.scrollTo(0, document.body.scrollHeight);
  const poll = async () => {
    try {
      const answer = await fetch(feed.dataset.feedUrl, { cache: 'no-store' });
      if (answer.ok) {
        const next = await answer.json();
        if (next.version !== feed.dataset.version) {
          const follow = nearBottom();
          feed.innerHTML = next.html;
          feed.dataset.version = next.version;
          if (follow) window.scrollTo(0, document.body.scrollHeight);
        }
      }
    } catch (error) { /* the sandbox stopped or restarts: try again */ }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1500);
})();
`;

function renderItem(state: SandboxState, group: GroupRecord, owner: UserRecord | undefined, item: FeedItem): Html {
	const senderId = item.kind === 'message' ? item.message.senderUserId : item.action.senderUserId;
	const mine = owner !== undefined && senderId === owner.userId;
	const meta = html`<div class="meta"><span data-test-id="sender">${userName(state, senderId)}</span> · <time datetime="${new Date(item.sentAt).toISOString()}">${timeLabel(item.sentAt)}</time>${audienceLabel(item)}</div>`;
	const content = item.kind === 'message' ? messageBubble(item.message) : actionCard(state, group, owner, item.action);
	return html`<div class="item${mine ? ' mine' : ''}" id="ref-${referenceIdOf(item)}" data-test-id="${item.kind === 'message' ? 'message' : 'action-card'}">${meta}${content}${reactionLine(state, referenceIdOf(item))}</div>`;
}

function audienceLabel(item: FeedItem): Html | string {
	const audience = item.kind === 'message' ? item.message.audience : item.action.audience;
	if (audience.kind === 'allSubscribers') return html` · <span class="note">to all subscribers</span>`;
	if (audience.kind === 'subscribers') return html` · <span class="note">to ${audience.mobileNumbers.length} subscriber(s)</span>`;
	return '';
}

/** Lines such as "Approve: https://…" (Message → Send and Wait for Response's answer links) become buttons. */
const ANSWER_LINK = /^([^:\n]{1,60}): (https?:\/\/\S+)$/;

function messageBubble(message: MessageRecord): Html {
	const lines = message.text.split('\n');
	const links = lines.map((line) => ANSWER_LINK.exec(line)).filter((match): match is RegExpExecArray => match !== null);
	const text = lines.filter((line) => !ANSWER_LINK.test(line)).join('\n').replace(/\n+$/, '');
	return html`<div class="bubble"><div class="text" data-test-id="message-text">${text}</div>${
		links.length
			? html`<div class="answers">${links.map(
					([, label, url]) =>
						html`<a class="button" data-test-id="answer-link" href="${safeUrl(url)}" target="_blank" rel="noopener noreferrer">${label}</a>`,
				)}</div>`
			: ''
	}</div>`;
}

function reactionLine(state: SandboxState, referenceId: string): Html | string {
	const { likes, comments } = reactionsTo(state, referenceId);
	if (likes === 0 && comments.length === 0) return '';
	return html`<div class="reactions" data-test-id="reactions">${likes ? `👍 ${likes}` : ''}${likes && comments.length ? ' · ' : ''}${
		comments.length ? `💬 ${comments.length}` : ''
	}${comments.length ? html`<ul>${comments.map((comment) => html`<li><strong>${userName(state, comment.userId)}</strong>: ${comment.comment ?? ''}</li>`)}</ul>` : ''}</div>`;
}

export function actionKindLabel(action: ActionRecord): string {
	if (action.kind === 'LetsMeet') return "Let's meet";
	if (action.kind === 'Custom') return `Custom action (${action.packageId ?? 'package'})`;
	return action.kind;
}

function actionTitle(action: ActionRecord): string {
	const body = action.body;
	const title = body.title ?? body.question ?? body.caption;
	return typeof title === 'string' && title !== '' ? title : actionKindLabel(action);
}

interface FileRef {
	url: string;
	fileName: string;
}

function mediaFiles(state: SandboxState, action: ActionRecord): FileRef[] {
	if (Array.isArray(action.body.files)) return action.body.files as FileRef[];
	// Announcements keep their mediaResources (checked when sent); the files are the uploads they name.
	const resources = action.kind === 'Announcement' ? ((action.body.mediaResources as string[] | undefined) ?? []) : [];
	return resources.flatMap((resource) => resolveMediaResource(state, resource, 'mediaResources').files);
}

function mediaBlock(state: SandboxState, action: ActionRecord): Html[] {
	return mediaFiles(state, action).map((file) =>
		/\.(png|jpe?g)$/i.test(file.fileName) || action.kind === 'Image' || action.kind === 'Album'
			? html`<img class="media" src="${safeUrl(file.url)}" alt="${file.fileName}" data-test-id="media-image">`
			: html`<div>📎 <a href="${safeUrl(file.url)}" target="_blank" rel="noopener noreferrer" data-test-id="media-file">${file.fileName}</a></div>`,
	);
}

function count(responses: number, one: string, many: string): string {
	return `${responses} ${responses === 1 ? one : many}`;
}

function actionCard(state: SandboxState, group: GroupRecord, owner: UserRecord | undefined, action: ActionRecord): Html {
	const body = action.body;
	const responses = responsesTo(state, action.actionId);
	let details: Html | string = '';
	let respond = false;
	switch (action.kind) {
		case 'Announcement':
			details = html`<div class="title">${body.title}</div><div class="text">${body.message}</div>`;
			break;
		case 'Poll': {
			const choices = (body.choices as { title: string; image?: string }[]) ?? [];
			const votes = (title: string) => responses.filter((response) => (response.body.answers as unknown[])?.[0] === title).length;
			details = html`<div class="title">${body.question}</div><ul class="q">${choices.map(
				(choice) => html`<li>${choice.title} — <span data-test-id="votes">${count(votes(choice.title), 'vote', 'votes')}</span>${choice.image ? html`<img class="media" src="${safeUrl(choice.image)}" alt="">` : ''}</li>`,
			)}</ul>`;
			respond = true;
			break;
		}
		case 'Survey': {
			const questions = (body.questions as SurveyQuestion[]) ?? [];
			details = html`<div class="title">${body.title}</div><ul class="q">${questions.map(
				(question) => html`<li>${question.title} <span class="note">(${question.type}${question.options.length ? `: ${question.options.map((option) => option.title).join(' / ')}` : ''})</span></li>`,
			)}</ul>${body.isAnonymous ? html`<div class="note">Anonymous</div>` : ''}`;
			respond = true;
			break;
		}
		case 'Job': {
			const assignees = (body.assignedTo as string[]) ?? [];
			const done = responses.filter((response) => response.body.isCompleted === true).length;
			details = html`<div class="title">${body.title}</div><div class="note">Due ${timeLabel(action.expiresAt ?? action.sentAt)} · ${done} of ${assignees.length} done</div>`;
			respond = owner !== undefined && assignees.includes(owner.mobileNumber);
			break;
		}
		case 'LetsMeet': {
			const attending = responses.filter((response) => (response.body.answers as unknown[])?.[0] === 'Attending').length;
			const place = body.place as { name?: string } | undefined;
			details = html`<div class="title">${body.title}</div><div class="note">${String(body.startingTime).replace('T', ' ').replace('Z', ' UTC')} · ${body.duration} min${place?.name ? html` · ${place.name}` : ''}</div>${body.agenda ? html`<div class="text">${body.agenda}</div>` : ''}<div class="note">${attending} attending</div>`;
			respond = true;
			break;
		}
		case 'Custom': {
			const properties = (body.properties as { name: string; value: unknown }[]) ?? [];
			details = html`<div class="title">${typeof body.title === 'string' ? body.title : ''}</div><ul class="q">${properties.map(
				(property) => html`<li>${property.name}: ${typeof property.value === 'string' ? property.value : JSON.stringify(property.value)}</li>`,
			)}</ul>`;
			break;
		}
		default:
			details = html`${body.caption ? html`<div class="text">${body.caption}</div>` : ''}`;
	}
	const countLine =
		action.kind === 'Survey' || action.kind === 'Custom' || action.kind === 'Poll' || action.kind === 'LetsMeet'
			? html`<div class="note" data-test-id="response-count">${count(responses.length, 'response', 'responses')}</div>`
			: '';
	const answered = owner !== undefined && responses.some((response) => response.responderUserId === owner.userId);
	const label = action.kind === 'Job' ? 'Mark as done' : answered && action.kind !== 'Survey' ? 'Answer again' : answered ? 'Change answer' : 'Respond';
	const respondLink = respond
		? html`<div class="answers">${answered ? html`<span class="note" data-test-id="answered">✓ You answered</span>` : ''}<a class="button" data-test-id="respond" href="/phone/groups/${encodeURIComponent(group.groupId)}/actions/${encodeURIComponent(action.actionId)}/respond${ownerQuery(owner)}">${label}</a></div>`
		: '';
	return html`<div class="card"><div class="kind">${actionKindLabel(action)}</div>${details}${mediaBlock(state, action)}${countLine}${respondLink}</div>`;
}

// ---------------------------------------------------------------------------------------------
// Answering an action as the phone's owner

export function respondPage(group: GroupRecord, owner: UserRecord, action: ActionRecord, error?: string): string {
	const back = `/phone/groups/${encodeURIComponent(group.groupId)}${ownerQuery(owner)}`;
	const header = html`<div><a href="${back}">← ${group.groupName}</a></div><h1>${actionKindLabel(action)}: ${actionTitle(action)}</h1><div class="sub">Answering as ${owner.name || owner.mobileNumber}</div>`;
	const form = html`${error ? html`<div class="error" data-test-id="error">${error}</div>` : ''}
<form method="post" action="/phone/groups/${encodeURIComponent(group.groupId)}/actions/${encodeURIComponent(action.actionId)}/respond" data-test-id="respond-form">
<input type="hidden" name="as" value="${owner.userId}">${formFields(action)}
<p><button class="button" type="submit" data-test-id="submit">Send</button> <a href="${back}">Cancel</a></p></form>`;
	return layout(`Respond · ${actionTitle(action)}`, header, form);
}

function choiceFields(name: string, legend: string, choices: string[], multiple = false): Html {
	return html`<fieldset><legend>${legend}</legend>${choices.map(
		(choice) => html`<label class="opt"><input type="${multiple ? 'checkbox' : 'radio'}" name="${name}" value="${choice}"> ${choice}</label>`,
	)}</fieldset>`;
}

function formFields(action: ActionRecord): Html {
	switch (action.kind) {
		case 'Poll':
			return choiceFields('choice', String(action.body.question), ((action.body.choices as { title: string }[]) ?? []).map((choice) => choice.title));
		case 'LetsMeet':
			return choiceFields('attending', 'Will you attend?', ['Attending', 'Not attending']);
		case 'Job':
			return html`<p>Mark “${action.body.title}” as done.</p><input type="hidden" name="isCompleted" value="true">`;
		case 'Survey':
			return html`${((action.body.questions as SurveyQuestion[]) ?? []).map((question, index) => questionField(question, index))}`;
		default:
			return html`<p class="note">This action takes no answers from the phone.</p>`;
	}
}

function questionField(question: SurveyQuestion, index: number): Html {
	const name = `q${index}`;
	const options = question.options.map((option) => option.title);
	const input = (type: string, extra = '') => html`<fieldset><legend>${question.title}</legend><input type="${type}" name="${name}"${trusted(extra)} data-test-id="answer-${index}"></fieldset>`;
	switch (question.type) {
		case 'SingleOption':
			return choiceFields(name, question.title, options);
		case 'MultiOption':
			return choiceFields(name, question.title, options, true);
		case 'Numeric':
			return input('number', ' step="any"');
		case 'Date':
			return input('date');
		case 'DateTime':
			return html`<fieldset><legend>${question.title} (UTC)</legend><input type="datetime-local" name="${name}" data-test-id="answer-${index}"></fieldset>`;
		case 'Location':
			return html`<fieldset><legend>${question.title}</legend><label>Latitude <input type="number" step="any" name="${name}.lt"></label><label>Longitude <input type="number" step="any" name="${name}.lg"></label><label>Place <input type="text" name="${name}.n"></label></fieldset>`;
		case 'AttachmentList':
			return html`<fieldset><legend>${question.title} (one link per line)</legend><textarea name="${name}" rows="3" data-test-id="answer-${index}"></textarea></fieldset>`;
		default:
			return input('text');
	}
}

/** The survey's answers from the submitted form, typed as the response API takes them (checked there). */
export function surveyAnswers(action: ActionRecord, form: URLSearchParams): unknown[] {
	return ((action.body.questions as SurveyQuestion[]) ?? []).map((question, index) => {
		const name = `q${index}`;
		const value = form.get(name) ?? '';
		switch (question.type) {
			case 'MultiOption':
				return form.getAll(name);
			case 'Numeric':
				return value.trim() === '' ? null : Number(value);
			case 'Date':
				return value === '' ? null : Date.parse(`${value}T00:00:00Z`);
			case 'DateTime':
				return value === '' ? null : Date.parse(`${value}Z`);
			case 'Location':
				return { lt: Number(form.get(`${name}.lt`)), lg: Number(form.get(`${name}.lg`)), n: form.get(`${name}.n`) ?? '' };
			case 'AttachmentList':
				return value.split(/\s*\n\s*/).filter((line) => line !== '');
			default:
				return value;
		}
	});
}
