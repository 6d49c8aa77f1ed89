/**
 * Delivers platform events to matching webhooks, asynchronously and at least once, the way the
 * reference describes: POST the JSON payload with the `kz-callback-token` header; any answer
 * other than 2xx (or no answer) is retried with growing waits; when every retry has failed the
 * webhook is disabled until someone re-activates it with PUT /webhook/{id}.
 * Every delivery is recorded in `state.webhookDeliveries`.
 */
import { newId } from '../ids';
import type { SandboxState, WebhookDeliveryRecord, WebhookRecord } from '../state';
import { buildPayload, eventTypeFor, type PlatformEvent } from './events';

/** Six retries with doubling waits: the real schedule (6 retries over two days), compressed. */
export const DEFAULT_RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];
const ATTEMPT_TIMEOUT_MS = 10_000;

export class WebhookDispatcher {
	private readonly inFlight = new Set<Promise<void>>();
	private readonly shutdown = new AbortController();

	constructor(
		private readonly state: SandboxState,
		private readonly now: () => number,
		private readonly retryDelaysMs: number[],
		private readonly repeatDeliveries = false,
	) {}

	/** Queues deliveries of `event` to every active, unexpired webhook subscribed to it. */
	publish(event: PlatformEvent): void {
		if (this.shutdown.signal.aborted) return;
		const eventId = newId();
		for (const webhook of this.state.webhooks.values()) {
			if (!webhook.active || webhook.validity <= this.now()) continue;
			const eventType = eventTypeFor(webhook, event);
			if (!eventType) continue;
			const delivery: WebhookDeliveryRecord = {
				deliveryId: newId(),
				webhookId: webhook.webhookId,
				eventId,
				eventType,
				callbackUrl: webhook.callbackUrl,
				payload: buildPayload(webhook, event, eventType, eventId),
				status: 'pending',
				attempts: [],
			};
			this.state.webhookDeliveries.push(delivery);
			this.track(this.deliver(webhook, delivery));
		}
	}

	/** Resolves when no delivery is pending, including ones queued while waiting. */
	async settled(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
	}

	/** Abandons pending retries; in-flight requests are aborted. */
	async close(): Promise<void> {
		this.shutdown.abort();
		await this.settled();
	}

	private track(task: Promise<void>): void {
		this.inFlight.add(task);
		void task.finally(() => this.inFlight.delete(task));
	}

	private async deliver(webhook: WebhookRecord, delivery: WebhookDeliveryRecord): Promise<void> {
		// Deliver after the API response that caused the event, as the real service did.
		await sleep(0, this.shutdown.signal);
		for (let attempt = 0; ; attempt++) {
			if (this.shutdown.signal.aborted) return this.finish(delivery, 'failed');
			if (!this.state.webhooks.has(webhook.webhookId) || !webhook.active) return this.finish(delivery, 'failed');

			const statusCode = await this.attempt(webhook, delivery);
			if (statusCode >= 200 && statusCode < 300) {
				this.finish(delivery, 'delivered');
				if (this.repeatDeliveries && delivery.repeatOf === undefined) this.track(this.repeat(webhook, delivery));
				return;
			}

			if (attempt >= this.retryDelaysMs.length) {
				webhook.active = false;
				webhook.disabledReason = `Disabled after ${attempt + 1} failed delivery attempts (last status ${statusCode})`;
				return this.finish(delivery, 'failed');
			}
			await sleep(this.retryDelaysMs[attempt], this.shutdown.signal);
		}
	}

	/** The same event once more, one attempt, whether or not the webhook still exists. */
	private async repeat(webhook: WebhookRecord, original: WebhookDeliveryRecord): Promise<void> {
		const copy: WebhookDeliveryRecord = { ...original, deliveryId: newId(), repeatOf: original.deliveryId, status: 'pending', attempts: [] };
		delete copy.statusCode;
		this.state.webhookDeliveries.push(copy);
		await sleep(0, this.shutdown.signal);
		if (this.shutdown.signal.aborted) return this.finish(copy, 'failed');
		const statusCode = await this.attempt(webhook, copy);
		this.finish(copy, statusCode >= 200 && statusCode < 300 ? 'delivered' : 'failed');
	}

	private async attempt(webhook: WebhookRecord, delivery: WebhookDeliveryRecord): Promise<number> {
		const headers: Record<string, string> = { 'Content-Type': 'application/json' };
		if (webhook.callbackToken) headers['kz-callback-token'] = webhook.callbackToken;
		const time = Date.now();
		let statusCode = 0;
		let error: string | undefined;
		try {
			const response = await fetch(delivery.callbackUrl, {
				method: 'POST',
				headers,
				body: JSON.stringify(delivery.payload),
				redirect: 'manual',
				signal: AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
			});
			statusCode = response.status;
			await response.arrayBuffer();
		} catch (caught) {
			error = (caught as Error).name === 'TimeoutError' ? `no answer within ${ATTEMPT_TIMEOUT_MS} ms` : 'callback unreachable';
		}
		delivery.attempts.push(error === undefined ? { time, statusCode } : { time, statusCode, error });
		delivery.statusCode = statusCode;
		return statusCode;
	}

	private finish(delivery: WebhookDeliveryRecord, status: 'delivered' | 'failed'): void {
		delivery.status = status;
	}
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done(): void {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, { once: true });
	});
}
