/**
 * n8n's executions as saved in the cluster's database, read through the main process's REST API:
 * their status and the output of each node (n8n stores run data in the `flatted` format).
 */
import { join } from 'node:path';

import { n8nCache } from '../../e2e/support/n8n';
import type { N8nRest } from '../../e2e/support/n8n';

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
	startedAt?: string;
	stoppedAt?: string;
}

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message?: string; description?: string } }>>;

export interface ExecutionDetail extends ExecutionSummary {
	runData: RunData;
	error?: { message?: string; description?: string };
	/** The execution's custom data (what the editor shows with it), e.g. kaizala_budget_wait_ms. */
	customData: Record<string, string>;
}

const FINISHED = (status: string) => !['new', 'running', 'waiting', 'unknown'].includes(status);

/** n8n's own copy of `flatted`, the format of its saved run data. */
function unflatten(text: string): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(join(n8nCache(), 'n8n/node_modules/flatted')) as { parse(text: string): unknown };
	return flatted.parse(text);
}

export async function listExecutions(api: N8nRest, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await api.call<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}&limit=100`);
	return page.results;
}

/** Waits until `count` executions of the workflow exist and all have finished (or the time is up). */
export async function waitForExecutions(api: N8nRest, workflowId: string, count: number, timeoutMs = 90_000): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	let executions: ExecutionSummary[] = [];
	while (Date.now() < deadline) {
		executions = await listExecutions(api, workflowId);
		if (executions.length >= count && executions.every((execution) => FINISHED(execution.status))) return executions;
		await new Promise((resolveWait) => setTimeout(resolveWait, 500));
	}
	return executions;
}

export async function getExecution(api: N8nRest, id: string): Promise<ExecutionDetail> {
	const raw = await api.call<ExecutionSummary & { data: string; customData?: Record<string, string> }>('GET', `/executions/${id}`);
	const data = unflatten(raw.data) as { resultData?: { runData?: RunData; error?: { message?: string; description?: string }; metadata?: Record<string, string> } };
	return { ...raw, runData: data.resultData?.runData ?? {}, error: data.resultData?.error, customData: { ...data.resultData?.metadata, ...raw.customData } };
}

/** Output items of a node in an execution. */
export function outputOf(execution: ExecutionDetail, nodeName: string): Array<Record<string, unknown>> {
	return (execution.runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** The process (KAIZALA_QUEUE_PROCESS) that ran an execution, from its "Process" node's output. */
export function processOf(execution: ExecutionDetail): string | undefined {
	const value = outputOf(execution, 'Process')[0]?.process;
	return typeof value === 'string' ? value : undefined;
}
