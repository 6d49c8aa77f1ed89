/**
 * A real n8n-core execution context of the Kaizala node, without running a workflow: for unit
 * tests of what an operation builds from its parameters (n8n-core resolves them, expressions and
 * the description's defaults included). Nothing is sent: the tests call builders, not `execute`.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, IExecuteFunctions, INodeCredentialsDetails, INodeExecutionData, IRunExecutionData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { buildAdditionalData, CredentialStore, kaizalaNode, PackageNodeTypes } from './n8n';

/**
 * `credential` (a stored credential, e.g. a fixture's) lets the context send requests: for unit
 * tests of the transport against the sandbox.
 */
export function executeContext(
	parameters: IDataObject,
	items: IDataObject[] = [{}],
	credential?: { store: CredentialStore; credential: INodeCredentialsDetails },
): IExecuteFunctions {
	const nodeTypes = new PackageNodeTypes();
	const node = kaizalaNode(parameters, credential?.credential ?? { id: 'unused', name: 'unused' }, nodeTypes);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const input: INodeExecutionData[] = items.map((json) => ({ json }));
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	return new ExecuteContext(
		workflow,
		node,
		buildAdditionalData(credential?.store ?? new CredentialStore()),
		'manual',
		runExecutionData,
		0,
		input,
		{ main: [input] },
		{ node, data: { main: [input] }, source: null },
		[],
	);
}

/** The message of the input error that `run` throws; fails the test when it throws none. */
export function inputErrorMessage(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('expected an input error');
}
