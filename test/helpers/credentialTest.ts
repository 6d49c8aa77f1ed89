/**
 * The credential test as n8n 2.41.0 runs it when the editor saves a credential (POST
 * /rest/credentials/test → CredentialsTester.runRequestTest in packages/cli), rebuilt from
 * n8n-core's own parts: the credential's `test` request becomes the routing of a "Temp" property
 * on a copy of the NoOp node, run by n8n-core's RoutingNode in an ExecuteContext whose
 * credentials helper hands out the values from the form. The failure is turned into the
 * editor's message the way that tester does: the response's status text, else the cause's error
 * code, else the error's message.
 *
 * What reaches the sandbox, what n8n would persist (the credential store) and the message are
 * what the tests assert on.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	INode,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { createEmptyRunExecutionData, Workflow } from 'n8n-workflow';

import { KaizalaApi } from '../../credentials/KaizalaApi.credentials';
import type { CredentialStore } from './n8n';
import { buildAdditionalData } from './n8n';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The description n8n's NoOp node contributes to the tester's copy (its name and version). */
const NO_OP = { name: 'n8n-nodes-base.noOp', displayName: 'No Operation, do nothing', version: 1 };

/**
 * Tests the stored credential `id` with the form's values: `typed` over what is stored, as n8n
 * unredacts the fields the editor did not send (the hidden session among them).
 */
export async function testCredentialAsN8nDoes(
	store: CredentialStore,
	id: string,
	typed: ICredentialDataDecryptedObject = {},
): Promise<CredentialTestResult> {
	const row = store.get(id);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: row.id,
		name: row.name,
		type: row.type,
		data: { ...row.data, ...typed },
	};
	const testRequest = new KaizalaApi().test;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP.name,
		typeVersion: NO_OP.version,
		position: [0, 0],
		credentials: { kaizalaApi: { id: row.id, name: row.name } },
	};
	const nodeType = {
		description: {
			...NO_OP,
			group: ['organization'],
			description: '',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'kaizalaApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: (): INodeType | IVersionedNodeType => nodeType,
		getByNameAndVersion: (): INodeType => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData(store, { currentNodeParameters: node.parameters });
	// n8n's tester answers getDecrypted with the form's values.
	const helper = additionalData.credentialsHelper;
	helper.getDecrypted = async () => ({ ...(credentialsDecrypted.data ?? {}) });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	try {
		await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * An execution context of a node that holds the stored credential `id`, for calling n8n-core's
 * request helpers as n8n's HTTP Request node does with "Predefined Credential Type → Kaizala
 * API" (requestWithAuthentication, legacy `uri` options).
 */
export function contextWithCredential(store: CredentialStore, id: string): ExecuteContext {
	const row = store.get(id);
	const node: INode = {
		id: 'http',
		parameters: {},
		name: 'HTTP Request',
		type: NO_OP.name,
		typeVersion: NO_OP.version,
		position: [0, 0],
		credentials: { kaizalaApi: { id: row.id, name: row.name } },
	};
	const nodeType = { description: { ...NO_OP, credentials: [{ name: 'kaizalaApi', required: true }], properties: [], inputs: ['main'], outputs: ['main'], defaults: {}, group: [], description: '' } } as unknown as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: (): INodeType | IVersionedNodeType => nodeType,
		getByNameAndVersion: (): INodeType => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return new ExecuteContext(
		workflow,
		node,
		buildAdditionalData(store),
		'manual',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
}
