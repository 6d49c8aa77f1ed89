/**
 * n8n's processed-items store as its CLI provides it to n8n-core (DataDeduplicationService):
 * the `processed_data` table, one row per workflow id and context (`n:<node id>` for scope
 * `node`, '' for `workflow`), mode `entries` keeping md5 (base64) hashes of the values, the
 * oldest trimmed beyond `maxEntries`. Like n8n 2.41.0's deduplication-helper it reads the row,
 * changes it and writes it back with no lock, each step a separate round trip (an awaited
 * turn of the event loop here), so concurrent callers can overwrite each other's writes as they
 * do in n8n. The table outlives executions and "processes" (PackageNodeTypes instances), as the
 * database does; `test/queue/` runs the real store in PostgreSQL.
 */
import { createHash } from 'crypto';
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	mode: string;
	data: string[];
}

/** The processed_data table: `${workflowId}|${context}` → row; kept across jest.resetModules() like a database across restarts. */
const TABLE = Symbol.for('n8n-nodes-kaizala.test.processedData');
const holder = globalThis as unknown as Record<symbol, Map<string, Row> | undefined>;
export const processedDataTable: Map<string, Row> = (holder[TABLE] ??= new Map<string, Row>());

const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));
const hashOf = (value: DeduplicationItemTypes) => createHash('md5').update(value.toString()).digest('base64');

function rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (scope === 'node' && !contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
	return `${contextData.workflow.id}|${scope === 'node' ? `n:${contextData.node?.id}` : ''}`;
}

async function read(key: string): Promise<Row | undefined> {
	await roundTrip();
	const row = processedDataTable.get(key);
	return row ? { mode: row.mode, data: [...row.data] } : undefined;
}

async function write(key: string, row: Row): Promise<void> {
	await roundTrip();
	processedDataTable.set(key, row);
}

const deduplicator: IDataDeduplicator = {
	async checkProcessedAndRecord(items, scope, contextData, options): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error('only mode "entries" is used by this package');
		const key = rowKey(scope, contextData);
		const row = (await read(key)) ?? { mode: options.mode, data: [] };
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = hashOf(item);
			if (row.data.includes(hash)) {
				output.processed.push(item);
			} else {
				output.new.push(item);
				row.data.push(hash);
			}
		}
		if (options.maxEntries) row.data.splice(0, Math.max(0, row.data.length - options.maxEntries));
		await write(key, row);
		return output;
	},
	async removeProcessed(items, scope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		const key = rowKey(scope, contextData);
		const row = await read(key);
		if (!row) return;
		for (const hash of items.map(hashOf)) {
			const index = row.data.indexOf(hash);
			if (index !== -1) row.data.splice(index, 1);
		}
		await write(key, { ...row, mode: options.mode });
	},
	async clearAllProcessedItems(scope, contextData) {
		processedDataTable.delete(rowKey(scope, contextData));
	},
	async getProcessedDataCount(scope, contextData) {
		return processedDataTable.get(rowKey(scope, contextData))?.data.length ?? 0;
	},
};

let installed = false;

/** Gives n8n-core the store, once per test process (n8n's CLI does this at start). */
export function installProcessedDataStore(): void {
	if (installed) return;
	installed = true;
	void DataDeduplicationService.init(deduplicator);
}
