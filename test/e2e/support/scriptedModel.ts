/**
 * A scripted OpenAI-compatible chat model on loopback (POST /v1/chat/completions, GET /v1/models):
 * no model, no network. Each request is answered by the next step of a script from what the
 * agent sent: first a call of the tool the agent offers, then, once the tool's result is in the
 * conversation, a final message built from it. Streaming requests get the same answer as
 * server-sent events. Every request is kept for assertions (tools offered, messages).
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

export interface ChatRequest {
	model: string;
	messages: Array<{ role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
	tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
	stream?: boolean;
}

export type ScriptStep =
	| { toolCall: (request: ChatRequest) => { name: string; arguments: Record<string, unknown> } }
	| { reply: (request: ChatRequest) => string };

export class ScriptedModel {
	readonly requests: ChatRequest[] = [];
	url = '';
	private readonly server: Server;
	private step = 0;

	private constructor(private readonly script: ScriptStep[]) {
		this.server = createServer(async (request, response) => {
			const chunks: Buffer[] = [];
			for await (const chunk of request) chunks.push(chunk as Buffer);
			if (request.method === 'GET' && request.url?.startsWith('/v1/models')) {
				response.writeHead(200, { 'Content-Type': 'application/json' });
				return void response.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model' }] }));
			}
			if (request.method !== 'POST' || !request.url?.startsWith('/v1/chat/completions')) {
				response.writeHead(404, { 'Content-Type': 'application/json' });
				return void response.end(JSON.stringify({ error: { message: `not scripted: ${request.method} ${request.url}` } }));
			}
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			this.requests.push(body);
			const step = this.script[Math.min(this.step++, this.script.length - 1)];
			const message =
				'toolCall' in step
					? (() => {
							const call = step.toolCall(body);
							return {
								role: 'assistant',
								content: null,
								tool_calls: [{ id: `call_${this.step}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }],
							};
						})()
					: { role: 'assistant', content: step.reply(body) };
			const finish = 'toolCall' in step ? 'tool_calls' : 'stop';
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (body.stream) {
				response.writeHead(200, { 'Content-Type': 'text/event-stream' });
				const delta =
					'tool_calls' in message
						? { role: 'assistant', tool_calls: message.tool_calls!.map((call, index) => ({ index, ...call })) }
						: { role: 'assistant', content: message.content };
				const chunk = (choice: unknown) =>
					`data: ${JSON.stringify({ id: `chatcmpl-${this.step}`, object: 'chat.completion.chunk', created: 0, model: body.model, choices: [choice] })}\n\n`;
				response.write(chunk({ index: 0, delta, finish_reason: null }));
				response.write(chunk({ index: 0, delta: {}, finish_reason: finish }));
				return void response.end('data: [DONE]\n\n');
			}
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(
				JSON.stringify({
					id: `chatcmpl-${this.step}`,
					object: 'chat.completion',
					created: 0,
					model: body.model,
					choices: [{ index: 0, message, finish_reason: finish }],
					usage,
				}),
			);
		});
	}

	static async start(script: ScriptStep[]): Promise<ScriptedModel> {
		const model = new ScriptedModel(script);
		await new Promise<void>((resolve) => model.server.listen(0, '127.0.0.1', resolve));
		model.url = `http://127.0.0.1:${(model.server.address() as AddressInfo).port}/v1`;
		return model;
	}

	/** Starts the script again (a new conversation). */
	reset(script?: ScriptStep[]): void {
		this.step = 0;
		this.requests.length = 0;
		if (script) this.script.splice(0, this.script.length, ...script);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

/** The text of the last tool result the agent sent back to the model. */
export function lastToolResult(request: ChatRequest): string {
	const tool = [...request.messages].reverse().find((message) => message.role === 'tool');
	return typeof tool?.content === 'string' ? tool.content : JSON.stringify(tool?.content ?? '');
}
