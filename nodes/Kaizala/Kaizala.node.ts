import type { DisplayCondition, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources, router } from './actions/router';
import * as methods from './methods';
import { SEND_AND_WAIT_WEBHOOKS } from './webhooks/sendAndWait';
import { waitingWebhook } from './webhooks/waiting';

/**
 * The Resource selector of each node version: a new node opens on Message (1.1); version 1 keeps
 * Access Token, the default its saved workflows were stored against (n8n stores no defaults).
 */
const resourceField = (defaultResource: string, versions: Array<number | DisplayCondition>): INodeProperties => ({
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources.map(({ name, value }) => ({ name, value })),
	default: defaultResource,
	displayOptions: { show: { '@version': versions } },
});

export class Kaizala implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kaizala',
		name: 'kaizala',
		icon: { light: 'file:kaizala.svg', dark: 'file:kaizala.dark.svg' },
		group: ['transform'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send messages, announcements, polls and surveys to Microsoft Kaizala groups, read the answers, and manage groups and members',
		defaults: { name: 'Kaizala' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kaizalaApi', required: true }],
		// Message → Send and Wait for Response and Action → Send and Wait for Responses resume here.
		webhooks: SEND_AND_WAIT_WEBHOOKS,
		properties: [
			resourceField('accessToken', [1]),
			resourceField('message', [{ _cnd: { gte: 1.1 } }]),
			...resources.flatMap(({ description }) => description),
		],
	};

	methods = methods;

	// The functions themselves, not wrappers: n8n calls them with its context as `this`.
	execute = router;

	webhook = waitingWebhook;
}
