/** Wiring between the sandbox and the engine harness: credentials, nodes and workflows. */
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { createSandbox, type Sandbox, type SandboxOptions, type TokenResponse } from '../../sandbox/server';
import { sandboxIntegrationUserCredential, sandboxOAuth2Credential } from '../../scripts/lib/workflows';
import {
	ACTION_NODE_TYPE,
	ITEMS_NODE_TYPE,
	TRIGGER_NODE_TYPE,
	runPoll,
	runWorkflow,
	TestCredentialsHelper,
	type WorkflowRun,
} from './engine';

export const OAUTH2_TYPE = 'vonageBusinessOAuth2Api';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await createSandbox(options).start();
}

/** A connected OAuth2 credential pointing at the sandbox, as n8n stores it after the consent screen. */
export function oauth2Credentials(
	sandbox: Sandbox,
	tokens: TokenResponse = sandbox.issueTokens(),
	overrides: IDataObject = {},
): TestCredentialsHelper {
	const helper = new TestCredentialsHelper();
	// The same credential data that the end-to-end suite imports into real n8n; pacing is off there too
	// (pacing has its own tests; elsewhere it would only slow the suite down).
	helper.set(OAUTH2_TYPE, { ...sandboxOAuth2Credential(sandbox, { tokens: { ...tokens } }).data, ...overrides });
	return helper;
}

export const INTEGRATION_USER_TYPE = 'vonageBusinessIntegrationUserApi';

/** An integration-user credential pointing at the sandbox; its token is fetched on first use. */
export function integrationUserCredentials(sandbox: Sandbox, overrides: IDataObject = {}): TestCredentialsHelper {
	const helper = new TestCredentialsHelper();
	helper.set(INTEGRATION_USER_TYPE, { ...sandboxIntegrationUserCredential(sandbox).data, accessToken: '', ...overrides });
	return helper;
}

export function actionNode(parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return {
		id: 'vbc',
		name: 'VBC',
		type: ACTION_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials:
			parameters.authentication === 'integrationUser'
				? { [INTEGRATION_USER_TYPE]: { id: 'cred-2', name: 'VBC integration user' } }
				: { [OAUTH2_TYPE]: { id: 'cred-1', name: 'VBC sandbox' } },
		...extra,
	};
}

/** Items → VBC node, run in the engine. */
export async function runAction(
	credentials: TestCredentialsHelper,
	parameters: INodeParameters,
	options: { items?: IDataObject[]; node?: Partial<INode>; timezone?: string } = {},
): Promise<WorkflowRun> {
	const items: INode = {
		id: 'items',
		name: 'Items',
		type: ITEMS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const connections: IConnections = {
		Items: { main: [[{ node: 'VBC', type: 'main', index: 0 }]] },
	};
	return await runWorkflow([items, actionNode(parameters, options.node)], connections, credentials, {
		timezone: options.timezone,
	});
}

/** Items → VBC → VBC 2 → …: each parameter set becomes one node, chained in order. */
export async function runActionChain(
	credentials: TestCredentialsHelper,
	steps: INodeParameters[],
	options: { items?: IDataObject[]; timezone?: string } = {},
): Promise<WorkflowRun & { names: string[] }> {
	const names = steps.map((_, index) => (index === 0 ? 'VBC' : `VBC ${index + 1}`));
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: ITEMS_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		...steps.map((parameters, index) =>
			actionNode(parameters, { id: `vbc-${index}`, name: names[index], position: [200 * (index + 1), 0] }),
		),
	];
	const order = ['Items', ...names];
	const connections: IConnections = {};
	for (let i = 0; i < order.length - 1; i++) {
		connections[order[i]] = { main: [[{ node: order[i + 1], type: 'main', index: 0 }]] };
	}
	const run = await runWorkflow(nodes, connections, credentials, { timezone: options.timezone });
	return { ...run, names };
}

export function triggerNode(parameters: INodeParameters): INode {
	return {
		id: 'vbc-trigger',
		name: 'VBC Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [OAUTH2_TYPE]: { id: 'cred-1', name: 'VBC sandbox' } },
	};
}

/** An activated trigger: polls share static data through `persisted`, as n8n's database would keep it. */
export function activeTrigger(credentials: TestCredentialsHelper, parameters: INodeParameters) {
	const persisted = { staticData: '{}' };
	const node = triggerNode(parameters);
	return {
		persisted,
		poll: async (mode: 'trigger' | 'manual' = 'trigger') => await runPoll(node, credentials, persisted, { mode }),
	};
}
