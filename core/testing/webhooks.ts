/**
 * Webhook triggers in n8n-core's real HookContext (activation: checkExists, create, delete) and
 * WebhookContext (a delivery), with static data persisted between calls as n8n's database would
 * keep it, and a receiver on loopback that the provider's sandbox delivers to.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeType, type IWebhookData, type IWebhookResponseData } from 'n8n-workflow';

import { additionalDataFor, initBinaryData, nodeTypes, type TestCredentialsHelper } from '../../test/harness/engine';

export interface Persisted {
	staticData: string;
}

function workflowOf(node: INode, persisted: Persisted): { workflow: Workflow; key: string } {
	const key = `node:${node.name}`;
	const workflow = new Workflow({
		id: 'test-webhook-workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: { timezone: 'UTC' },
		staticData: { [key]: JSON.parse(persisted.staticData) as IDataObject },
	});
	return { workflow, key };
}

const webhookDataOf = (node: INode, workflow: Workflow): IWebhookData =>
	({
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: { name: 'default', httpMethod: 'POST', path: 'webhook' },
		workflowId: workflow.id,
		workflowExecuteAdditionalData: undefined,
	}) as unknown as IWebhookData;

/** Runs one of the node's webhook methods (checkExists, create, delete) as n8n does on activation. */
export async function runWebhookMethod(
	method: 'checkExists' | 'create' | 'delete',
	node: INode,
	credentials: TestCredentialsHelper,
	persisted: Persisted,
	webhookBaseUrl: string,
): Promise<boolean> {
	const { workflow, key } = workflowOf(node, persisted);
	const additionalData = { ...additionalDataFor(credentials), webhookBaseUrl };
	const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate', webhookDataOf(node, workflow));
	const nodeType = nodeTypes.getByName(node.type) as INodeType;
	const result = await nodeType.webhookMethods!.default![method].call(context);
	persisted.staticData = JSON.stringify(workflow.staticData[key] ?? {});
	return result;
}

/** Runs the node's webhook() for one delivery; static data is saved after it returned, as n8n does. */
export async function runWebhook(
	node: INode,
	credentials: TestCredentialsHelper,
	persisted: Persisted,
	delivery: { body: IDataObject; headers?: IncomingHttpHeaders },
): Promise<IWebhookResponseData> {
	await initBinaryData();
	const { workflow, key } = workflowOf(node, persisted);
	const sent: unknown[] = [];
	const response = { status: () => response, json: (value: unknown) => sent.push(value), send: (value: unknown) => sent.push(value), end: () => undefined };
	const additionalData = {
		...additionalDataFor(credentials),
		httpRequest: { body: delivery.body, headers: delivery.headers ?? {}, query: {}, params: {} },
		httpResponse: response,
	};
	const context = new WebhookContext(workflow, node, additionalData as never, 'webhook', webhookDataOf(node, workflow), [], null);
	const nodeType = nodeTypes.getByName(node.type) as INodeType;
	const result = await nodeType.webhook!.call(context);
	persisted.staticData = JSON.stringify(workflow.staticData[key] ?? {});
	return result;
}

/**
 * A receiver on loopback for the sandbox's deliveries. Each JSON body is handed to `onDelivery`
 * (one at a time, in arrival order), and answered 200 when it returns, 500 when it throws.
 */
export async function startReceiver(onDelivery: (body: IDataObject, headers: IncomingHttpHeaders) => Promise<void>) {
	let queue: Promise<unknown> = Promise.resolve();
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: IDataObject;
			try {
				body = JSON.parse(text || '{}') as IDataObject;
			} catch {
				body = Object.fromEntries(new URLSearchParams(text)) as IDataObject;
			}
			queue = queue.then(async () => {
				try {
					await onDelivery(body, req.headers);
					res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
				} catch {
					res.writeHead(500).end();
				}
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}
