/**
 * The engine harness for every provider package: n8n-core's real WorkflowExecute, RoutingNode and
 * PollContext over real HTTP. The harness itself is the root package's (test/harness/engine.ts); its
 * node and credential registry is open, so a package registers its own classes here and gets
 * workflows built around its node.
 */
import type { ICredentialType, IConnections, IDataObject, INode, INodeParameters, INodeType } from 'n8n-workflow';

import {
	ITEMS_NODE_TYPE,
	registerCredentialType,
	registerNodeType,
	runPoll,
	runWorkflow,
	TestCredentialsHelper,
	type WorkflowRun,
} from '../../test/harness/engine';

export { TestCredentialsHelper, type WorkflowRun };

/** Registers a package's node types (by their full type name) and credential types with the engine. */
export function registerPackage(nodes: Record<string, INodeType>, credentials: ICredentialType[]): void {
	for (const [name, nodeType] of Object.entries(nodes)) registerNodeType(name, nodeType);
	for (const credential of credentials) registerCredentialType(credential);
}

/** A credentials helper holding one stored credential, as n8n's database would. */
export function storedCredential(type: string, data: IDataObject): TestCredentialsHelper {
	const helper = new TestCredentialsHelper();
	helper.set(type, data as never);
	return helper;
}

/** Items → the node, run in the engine in manual mode. */
export async function runOnItems(
	credentials: TestCredentialsHelper,
	node: INode,
	options: { items?: IDataObject[]; timezone?: string } = {},
): Promise<WorkflowRun> {
	const items: INode = {
		id: 'items',
		name: 'Items',
		type: ITEMS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const connections: IConnections = { Items: { main: [[{ node: node.name, type: 'main', index: 0 }]] } };
	return await runWorkflow([items, node], connections, credentials, { timezone: options.timezone });
}

/** A node of a type with parameters and one credential. */
export function nodeOf(
	type: string,
	name: string,
	parameters: INodeParameters,
	credential: { type: string; id?: string },
): INode {
	return {
		id: name.toLowerCase().replace(/\W+/g, '-'),
		name,
		type,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { [credential.type]: { id: credential.id ?? 'cred-1', name: `${credential.type} (test)` } },
	};
}

/** An activated polling trigger: polls share static data through `persisted`, as n8n's database would keep it. */
export function activePolling(credentials: TestCredentialsHelper, node: INode) {
	const persisted = { staticData: '{}' };
	return {
		persisted,
		node,
		poll: async (mode: 'trigger' | 'manual' = 'trigger') => await runPoll(node, credentials, persisted, { mode }),
	};
}
