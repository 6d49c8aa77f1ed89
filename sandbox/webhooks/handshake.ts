/**
 * The callback URL validation handshake: a GET to the callback with a `validationToken` query
 * parameter, which the subscriber must echo back as plain text within the time limit
 * (5 seconds in the reference).
 */
import { newOpaqueToken } from '../ids';

export type HandshakeOutcome = { ok: true } | { ok: false; reason: string };

export async function performValidationHandshake(callbackUrl: string, timeoutMs: number): Promise<HandshakeOutcome> {
	const validationToken = newOpaqueToken('sbx-vt-');
	const url = new URL(callbackUrl);
	url.searchParams.set('validationToken', validationToken);

	let response: Response;
	let text: string;
	try {
		response = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
		text = await response.text();
	} catch (error) {
		const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
		return {
			ok: false,
			reason: timedOut ? `the callback did not answer within ${timeoutMs} ms` : 'the callback URL could not be reached',
		};
	}
	if (response.status < 200 || response.status >= 300) {
		return { ok: false, reason: `the callback answered HTTP ${response.status}` };
	}
	if (text.trim() !== validationToken) {
		return { ok: false, reason: 'the callback did not echo the validationToken as its plain-text response body' };
	}
	return { ok: true };
}
