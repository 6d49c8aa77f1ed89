/**
 * The HTML pages behind Message → Send and Wait's answer links: small pages of their own (no
 * scripts, nothing loaded from elsewhere). A link opened with GET only shows a page; the answer
 * is the POST of that page's button, so a link-preview bot answers nothing.
 */

/** Text for an HTML page. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const PAGE_STYLE =
	'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}' +
	'p.message{white-space:pre-wrap;background:#f4f4f6;padding:1rem;border-radius:.5rem}' +
	'button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#5b4fe0;color:#fff;cursor:pointer}' +
	'textarea{width:100%;font:inherit;box-sizing:border-box}.error{color:#b00020}';

/** A small page of its own (no scripts, no outside resources); `style` adds to the common one. */
export function page(title: string, body: string, style = ''): string {
	return (
		'<!doctype html><html lang="en"><head><meta charset="utf-8">' +
		'<meta name="viewport" content="width=device-width,initial-scale=1">' +
		`<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}${style}</style></head>` +
		`<body>${body}</body></html>`
	);
}

/** The security headers of every page: nothing loads from elsewhere, nothing frames it. */
export const PAGE_HEADERS: Record<string, string> = {
	'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
	'Referrer-Policy': 'no-referrer',
};

export const THANK_YOU_PAGE = page('Thank you', '<h1>Got it, thanks</h1><p>Your answer was recorded. This page can be closed now.</p>');

/** The free-text form; with `problem`, shown again above the field. */
export function freeTextFormPage(form: { title: string; text: string; button: string; problem?: string }): string {
	return page(
		form.title,
		`<h1>${escapeHtml(form.title)}</h1><p class="message">${escapeHtml(form.text)}</p>` +
			(form.problem ? `<p class="error">${escapeHtml(form.problem)}</p>` : '') +
			'<form method="post"><p><label for="text">Response</label></p>' +
			'<p><textarea id="text" name="text" rows="5" required></textarea></p>' +
			`<p><button type="submit">${escapeHtml(form.button)}</button></p></form>`,
	);
}

/** The question and one button that POSTs the chosen answer. */
export function confirmationPage(question: string, label: string): string {
	return page(label, `<p class="message">${escapeHtml(question)}</p><form method="post"><button type="submit">${escapeHtml(label)}</button></form>`);
}
