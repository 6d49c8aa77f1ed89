/**
 * HTML for the phone view, escaped by default: `html` escapes every interpolated value unless it
 * is itself `Html` (built by this tag), so text from a workflow can only ever appear as text.
 */

export class Html {
	constructor(readonly value: string) {}
	toString(): string {
		return this.value;
	}
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

function render(value: unknown): string {
	if (value instanceof Html) return value.value;
	if (Array.isArray(value)) return value.map(render).join('');
	if (value === undefined || value === null || value === false) return '';
	return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
	let out = strings[0];
	values.forEach((value, index) => {
		out += render(value) + strings[index + 1];
	});
	return new Html(out);
}

/** An http(s) URL for an href or src; anything else (javascript:, data:, garbage) becomes '#'. */
export function safeUrl(url: unknown): string {
	if (typeof url !== 'string') return '#';
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '#';
	} catch {
		return '#';
	}
}

/** Fixed markup of the phone view itself (its style and script): never text from the model. */
export function trusted(fixedText: string): Html {
	return new Html(fixedText);
}
