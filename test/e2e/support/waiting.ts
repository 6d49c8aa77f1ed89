/** What the send-and-wait and agent suites share: staging workflows, polling executions, answer links. */
import { writeFileSync } from 'fs';
import { createRequire } from 'module';
import { join } from 'path';

import type { N8nRest } from './n8n';
import { n8nCache } from './n8n';

/** Polls `probe` until it gives a value (not undefined or false). */
export async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Writes workflow definitions into `folder` as `<id>.json`, for N8nHome.importWorkflowFiles. */
export function stageWorkflows(folder: string, definitions: Array<{ id: string }>): string[] {
	return definitions.map((definition) => {
		const file = join(folder, `${definition.id}.json`);
		writeFileSync(file, JSON.stringify(definition));
		return file;
	});
}

export interface Execution {
	status: string;
	/** The run data as n8n stores it (flatted JSON text). */
	data: string;
}

/** Manual executions through n8n's REST API, without waiting for them (they may wait). */
export class Executions {
	constructor(private readonly api: N8nRest) {}

	start(workflowId: string): Promise<string> {
		return this.api.startRun(workflowId);
	}

	get(id: string): Promise<Execution> {
		return this.api.call<Execution>('GET', `/executions/${id}`);
	}

	waiting(id: string): Promise<true> {
		return until(async () => (await this.get(id)).status === 'waiting', `execution ${id} to wait`);
	}

	/** The execution once it has ended (success or not). */
	ended(id: string): Promise<Execution> {
		return until(async () => {
			const current = await this.get(id);
			return ['success', 'error', 'crashed', 'canceled'].includes(current.status) ? current : undefined;
		}, `execution ${id} to end`);
	}
}

/** The answer links of a Send and Wait message, by label ("Approve: https://…" lines). */
export function answerLinks(message: string): Record<string, string> {
	return Object.fromEntries([...message.matchAll(/^([^:\n]+): (http\S+)$/gm)].map(([, label, url]) => [label, url]));
}

/** Presses the button of an answer page (the POST that records the answer). */
export async function submitAnswer(url: string): Promise<Response> {
	return await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
}

/** A member answers a card from the sandbox's phone view, as its respond page posts it (`q<n>` per question). */
export async function answerOnPhone(phoneOrigin: string, card: { groupId: string; actionId: string }, userId: string, answers: string[]): Promise<number> {
	const form = new URLSearchParams({ as: userId });
	answers.forEach((answer, index) => form.set(`q${index}`, answer));
	const response = await fetch(`${phoneOrigin}/phone/groups/${encodeURIComponent(card.groupId)}/actions/${encodeURIComponent(card.actionId)}/respond`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
		redirect: 'manual',
	});
	return response.status;
}

type Items = Array<{ json: Record<string, unknown> }>;

/**
 * The items a node output in its last run, read from the run data n8n stored (its own copy of
 * `flatted`): its main output, or for an agent's review tool the `ai_tool` output n8n logs it under.
 */
export function lastOutputOf(execution: Execution, nodeName: string): Items {
	const flatted = createRequire(__filename)(join(n8nCache(), 'n8n/node_modules/flatted')) as { parse(text: string): unknown };
	const data = flatted.parse(execution.data) as { resultData: { runData: Record<string, Array<{ data?: Record<string, Items[]> }>> } };
	const output = data.resultData.runData[nodeName]?.at(-1)?.data ?? {};
	return (output.main ?? output.ai_tool)?.[0] ?? [];
}
