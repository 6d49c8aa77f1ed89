/**
 * Kaizala Trigger published in queue mode. The main process registers the Kaizala webhook and
 * answers every call to it (the validationToken handshake, the kz-callback-token check, the
 * duplicate check); the executions it starts run on the workers. A delivery repeated twice at
 * once and again later starts one execution.
 */
import type { KaizalaSandbox } from '../../../sandbox';
import { DEMO_CONNECTOR, startSandbox } from '../../../sandbox';
import type { QueueCluster } from '../support/cluster';
import { getExecution, processOf, waitForExecutions } from '../support/executions';
import { until } from '../support/until';

const TRIGGER = 'kzQueueTrig0001';
const BURST = 'kzQueueBurst0001';

export function triggerScenarios(clusterOf: () => QueueCluster): void {
	describe('Kaizala Trigger in queue mode', () => {
		let sandbox: KaizalaSandbox;
		let cluster: QueueCluster;

		beforeAll(async () => {
			cluster = clusterOf();
			// The sandbox checks the callback URL with the validationToken handshake, and sends every
			// event a second time after the first delivery succeeded.
			sandbox = await startSandbox({ throttle: false, webhookValidation: true, repeatWebhookDeliveries: true });
			await cluster.editCredential({ ...DEMO_CONNECTOR, apiRoot: sandbox.apiRoot });
		});

		afterAll(async () => {
			await cluster.unpublish(BURST).catch(() => undefined);
			await cluster.unpublish(TRIGGER).catch(() => undefined);
			await sandbox?.close();
		});

		it('publishing registers the webhook through the handshake; one event delivered four times starts one execution on a worker; unpublishing deletes it', async () => {
			sandbox.clearLog();
			await cluster.publish(TRIGGER);
			await until(() => sandbox.requests.some((request) => request.route === 'POST /webhook' && request.status !== 0), 'the webhook registration');
			expect(sandbox.requests.filter((request) => request.route === 'POST /webhook').map((request) => request.status)).toEqual([200]);
			const [webhook] = [...sandbox.state.webhooks.values()];
			expect(webhook).toMatchObject({ active: true, callbackUrl: expect.stringContaining(`${cluster.baseUrl}/webhook/`) });

			// A message sent by another workflow (on a worker) raises TextMessageCreated.
			await cluster.publish(BURST, 'kz-queue-burst');
			expect((await cluster.callWebhook('kz-queue-burst', { items: ['trigger-1'] })).status).toBe(200);
			await until(() => sandbox.state.webhookDeliveries.filter((delivery) => delivery.status !== 'pending').length >= 2, 'the delivery and its repeat');
			await sandbox.webhookDeliveriesSettled();
			const [first] = sandbox.state.webhookDeliveries;

			// The same delivery twice at once (at least once, from two Kaizala front ends), then a wrong token.
			const post = (token: string) =>
				fetch(first.callbackUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'kz-callback-token': token },
					body: JSON.stringify(first.payload),
				}).then(async (response) => ({ status: response.status, text: await response.text() }));
			const twiceAtOnce = await Promise.all([post(webhook.callbackToken), post(webhook.callbackToken)]);
			const forged = await post(`${webhook.callbackToken.slice(0, -1)}x`);

			const deliveries = sandbox.state.webhookDeliveries.map((delivery) => ({ eventId: delivery.eventId, status: delivery.status, statusCode: delivery.statusCode }));
			const executions = await waitForExecutions(cluster.api, TRIGGER, 1);
			// Give any execution a duplicate would have started the time to appear.
			await new Promise((resolveWait) => setTimeout(resolveWait, 3_000));
			const finalExecutions = await waitForExecutions(cluster.api, TRIGGER, executions.length);
			const details = await Promise.all(finalExecutions.map((execution) => getExecution(cluster.api, execution.id)));
			console.log(
				`queue trigger: ${JSON.stringify({ deliveries, twiceAtOnce: twiceAtOnce.map((answer) => `${answer.status} ${answer.text}`), forged: forged.status, executions: details.map((detail) => `${detail.id}:${detail.status}:${processOf(detail)}`) })}`,
			);
			expect(deliveries).toEqual([
				{ eventId: first.eventId, status: 'delivered', statusCode: 200 },
				{ eventId: first.eventId, status: 'delivered', statusCode: 200 },
			]);
			expect(twiceAtOnce.map((answer) => answer.status)).toEqual([200, 200]);
			expect(forged.status).toBe(401);
			expect(details.map((detail) => [detail.status, detail.mode])).toEqual([['success', 'webhook']]);
			expect(processOf(details[0])).toMatch(/^worker-\d$/);

			// Unpublishing deletes the Kaizala webhook.
			sandbox.clearLog();
			await cluster.unpublish(TRIGGER);
			await until(() => sandbox.requests.some((request) => request.method === 'DELETE' && request.status !== 0), 'the webhook deletion');
			expect(sandbox.requests.filter((request) => request.route?.startsWith('DELETE /webhook')).map((request) => request.status)).toEqual([200]);
			expect(sandbox.state.webhooks.size).toBe(0);
		});
	});
}
