/**
 * A call from the node to its own execution's waiting webhook on n8n, the one request the
 * package sends somewhere other than Kaizala. Action → Send and Wait for Responses uses it when
 * responses arrived before Kaizala knew where to deliver them (between the send and the
 * webhook's registration): the node then asks its own webhook to read them back from Kaizala,
 * so the resume goes through the one place that decides it (the webhook claims the resume by
 * deleting the Kaizala webhook; a delivery racing it finds nothing to claim).
 *
 * It goes to the same URL Kaizala calls, so it reaches n8n wherever Kaizala's calls do (main or
 * webhook process in queue mode). Never retried: a lost call leaves the execution waiting for
 * the next response or its limit, as before.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Short: n8n answers a waiting webhook at once; the node's own run is already over. */
const OWN_WEBHOOK_TIMEOUT_MS = 10_000;

/** POSTs `body` as JSON to `url` with `headers`; returns the HTTP status n8n answered with. */
export async function postToOwnWaitingWebhook(
	ctx: IExecuteFunctions,
	url: string,
	headers: Record<string, string>,
	body: IDataObject,
): Promise<number> {
	const response = (await ctx.helpers.httpRequest({
		method: 'POST',
		url,
		headers,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: OWN_WEBHOOK_TIMEOUT_MS,
	})) as { statusCode: number };
	return response.statusCode;
}
