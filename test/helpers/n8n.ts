/**
 * Runs real workflows in-process with n8n-core's WorkflowExecute, the same engine n8n uses.
 * Node execution contexts, request helpers and preAuthentication plumbing are n8n-core's own.
 * What n8n's CLI would provide around them is built here as small real implementations:
 * - a node-type registry holding this package's node(s),
 * - a credentials helper backed by an in-memory credential store, persisting preAuthentication
 *   results exactly as n8n 2.41's CLI CredentialsHelper does (only when the expirable field is
 *   empty or after a 401; output merged over the stored data),
 * - a logger that records every line, so tests can prove no secret is ever logged.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	ResourceMapperFields,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, LoggerProxy, NodeHelpers, setSafeRegexEngine, Workflow } from 'n8n-workflow';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import { KaizalaApi } from '../../credentials/KaizalaApi.credentials';
import { Kaizala } from '../../nodes/Kaizala/Kaizala.node';
import { KaizalaTrigger } from '../../nodes/KaizalaTrigger/KaizalaTrigger.node';
import { installProcessedDataStore } from './processedData';

export const NODE_TYPE = 'n8n-nodes-kaizala.kaizala';
export const TRIGGER_NODE_TYPE = 'n8n-nodes-kaizala.kaizalaTrigger';

/** Every line any code logged through n8n's loggers during the test run (set KAIZALA_TEST_LOGS=1 to see them). */
export const loggedLines: string[] = [];

function installLogger() {
	const record =
		(level: string) =>
		(message: string, meta?: object): void => {
			// Only under jest: benchmarks use this harness too and must not grow a log while measuring.
			if (process.env.JEST_WORKER_ID === undefined) return;
			const line = `${level} ${message} ${meta ? JSON.stringify(meta) : ''}`;
			loggedLines.push(line);
			if (process.env.KAIZALA_TEST_LOGS === '1') process.stderr.write(`${line}\n`);
		};
	const recorder = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => recorder,
	};
	LoggerProxy.init(recorder as unknown as Parameters<typeof LoggerProxy.init>[0]);
	// Execution contexts (this.logger in a node) log through n8n-core's own Logger, winston by
	// default: the same recorder stands in, so the secret scan sees those lines too.
	Container.set(Logger, recorder as unknown as Logger);
}
installLogger();
installProcessedDataStore();

/**
 * n8n-workflow's regex engine (its parameter checks, e.g. a resource locator's GUID pattern,
 * run before every execution) falls back to a node:vm script with a 250 ms wall-clock watchdog
 * unless the host installs one (setSafeRegexEngine; its source says the backend does). On a loaded machine a
 * descheduled process trips that watchdog on a trivial pattern and an unrelated test fails with
 * "Regular expression execution timed out". The tests' patterns are the node's own, so plain
 * RegExp stands in for the host's engine.
 */
setSafeRegexEngine({
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) => input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags) => Array.from(input.matchAll(new RegExp(pattern, (flags ?? '').includes('g') ? flags : `${flags ?? ''}g`))),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
});

/** n8n-core also logs through winston straight to stdout/stderr: record those lines as well. */
function recordProcessOutput() {
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
		stream.write = ((chunk: unknown, ...rest: unknown[]) => {
			loggedLines.push(String(chunk));
			return write(chunk, ...rest);
		}) as typeof stream.write;
	}
}
// Only under jest: benchmarks use this harness too and must not grow a log while measuring.
if (process.env.JEST_WORKER_ID !== undefined) recordProcessOutput();

/** The node types of this package, by type name. */
export class PackageNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[NODE_TYPE]: new Kaizala(),
		[TRIGGER_NODE_TYPE]: new KaizalaTrigger(),
	};

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}
}

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** The credentials table: what n8n keeps encrypted in its database. */
export class CredentialStore {
	readonly rows = new Map<string, StoredCredential>();

	/** How many times n8n would have written a credential back (preAuthentication results). */
	updates = 0;

	add(row: StoredCredential): INodeCredentialsDetails {
		this.rows.set(row.id, { ...row, data: { ...row.data } });
		return { id: row.id, name: row.name };
	}

	get(id: string): StoredCredential {
		const row = this.rows.get(id);
		if (!row) throw new Error(`No credential ${id}`);
		return row;
	}
}

const credentialTypes: Record<string, ICredentialType> = { kaizalaApi: new KaizalaApi() };

export class StoreCredentialsHelper extends ICredentialsHelper {
	constructor(readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions);
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		// n8n's own "is testing" check: its credential tester runs a copy of the NoOp node whose
		// only property, `temp`, the Workflow constructor fills with its default ''.
		const isTesting = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTesting) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (!reference?.id) return undefined;
		const row = this.store.get(reference.id);
		row.data = { ...row.data, ...(output as ICredentialDataDecryptedObject) };
		this.store.updates++;
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails): Promise<ICredentials> {
		const row = this.store.get(nodeCredentials.id ?? '');
		return {
			id: row.id,
			name: row.name,
			type: row.type,
			getData: () => ({ ...row.data }),
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		return { ...this.store.get(nodeCredentials.id ?? '').data };
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.get(nodeCredentials.id ?? '').data = { ...data };
		this.store.updates++;
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type].properties;
	}
}

export interface RunOptions {
	/** Parameters of the Kaizala node. */
	parameters: IDataObject;
	/** Items fed into the node. */
	items?: IDataObject[] | INodeExecutionData[];
	credential: INodeCredentialsDetails;
	store: CredentialStore;
	continueOnFail?: boolean;
	/** Stands in for n8n's credentials helper (default: StoreCredentialsHelper over `store`). */
	credentialsHelper?: ICredentialsHelper;
	/** What n8n's CLI would pass besides the defaults, e.g. the waiting webhooks' base URL. */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
	/** The workflow's static data, as n8n loads it from and saves it to the database (production runs). */
	staticData?: IDataObject;
	/** The node types, built once per process as n8n does (default: new ones for this run). */
	nodeTypes?: PackageNodeTypes;
	/** The node's version as saved in the workflow (default 1). */
	typeVersion?: number;
}

export interface RunResult {
	run: IRun;
	/** The Kaizala node's output items (first output). */
	output: INodeExecutionData[];
	/** The workflow's error, when the node failed without Continue On Fail. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string };
}

let executionCounter = 0;

/**
 * What n8n's CLI passes to every node context: the credentials helper over `store`, URLs, and
 * stubs for features these tests do not use. `overrides` sets e.g. hooks, executionId, the
 * webhook base URLs, or the HTTP request/response of a webhook call.
 */
export function buildAdditionalData(
	store: CredentialStore,
	overrides: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new StoreCredentialsHelper(store),
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		variables: {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('task runners are not used in these tests');
		},
		...overrides,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The Kaizala node with `parameters` and the credential, its parameter defaults filled in the
 * way the editor and n8n's import do.
 */
export function kaizalaNode(parameters: IDataObject, credential: INodeCredentialsDetails, nodeTypes: PackageNodeTypes, extra: Partial<INode> = {}): INode {
	return packageNode({ id: 'kaizala-node', name: 'Kaizala', type: NODE_TYPE }, parameters, credential, nodeTypes, extra);
}

/** The Kaizala Trigger with `parameters`, the credential and its webhook id, defaults filled in. */
export function kaizalaTriggerNode(parameters: IDataObject, credential: INodeCredentialsDetails, nodeTypes: PackageNodeTypes, webhookId: string): INode {
	return packageNode({ id: 'trigger-node', name: 'Kaizala Trigger', type: TRIGGER_NODE_TYPE }, parameters, credential, nodeTypes, { webhookId });
}

function packageNode(
	identity: Pick<INode, 'id' | 'name' | 'type'>,
	parameters: IDataObject,
	credential: INodeCredentialsDetails,
	nodeTypes: PackageNodeTypes,
	extra: Partial<INode>,
): INode {
	const node: INode = {
		...identity,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { kaizalaApi: credential },
		...extra,
	};
	const { description } = nodeTypes.getByNameAndVersion(identity.type);
	node.parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? node.parameters;
	return node;
}

/**
 * Runs a list search of the Kaizala node the way the editor does (n8n's
 * DynamicNodeParametersService): a LoadOptionsContext over the node's current parameters.
 */
export async function runListSearch(
	options: Pick<RunOptions, 'store' | 'credential' | 'parameters'> & { method: string; filter?: string },
): Promise<INodeListSearchResult> {
	const nodeTypes = new PackageNodeTypes();
	const node = kaizalaNode(options.parameters, options.credential, nodeTypes);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData(options.store, { currentNodeParameters: node.parameters });
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const search = nodeTypes.getByNameAndVersion(NODE_TYPE).methods?.listSearch?.[options.method];
	if (!search) throw new Error(`No list search ${options.method}`);
	return await search.call(context, options.filter);
}

/**
 * Runs a resource-mapping method of the Kaizala node the way the editor does (n8n's
 * DynamicNodeParametersService.getResourceMappingFields): a LoadOptionsContext over the node's
 * current parameters.
 */
export async function runResourceMapping(
	options: Pick<RunOptions, 'store' | 'credential' | 'parameters'> & { method: string },
): Promise<ResourceMapperFields> {
	const nodeTypes = new PackageNodeTypes();
	const node = kaizalaNode(options.parameters, options.credential, nodeTypes);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData(options.store, { currentNodeParameters: node.parameters });
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const method = nodeTypes.getByNameAndVersion(NODE_TYPE).methods?.resourceMapping?.[options.method];
	if (!method) throw new Error(`No resource mapping ${options.method}`);
	return await method.call(context);
}

/** Executes a one-node workflow (the Kaizala node fed `items`) and returns its result. */
export async function runKaizalaNode(options: RunOptions): Promise<RunResult> {
	const nodeTypes = options.nodeTypes ?? new PackageNodeTypes();
	const node = kaizalaNode(options.parameters, options.credential, nodeTypes, {
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.typeVersion === undefined ? {} : { typeVersion: options.typeVersion }),
	});

	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData: options.staticData,
	});
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const additionalData = buildAdditionalData(options.store, {
		...options.additionalData,
		hooks,
		executionId,
		...(options.credentialsHelper ? { credentialsHelper: options.credentialsHelper } : {}),
	});

	const items: INodeExecutionData[] = (options.items ?? [{}]).map((item) =>
		'json' in item && typeof item.json === 'object' ? (item as INodeExecutionData) : { json: item as IDataObject },
	);
	const runExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await finished;
	const taskData = run.data.resultData.runData[node.name]?.[0];
	return {
		run,
		output: taskData?.data?.main?.[0] ?? [],
		error: (run.data.resultData.error ?? taskData?.error) as RunResult['error'],
	};
}
