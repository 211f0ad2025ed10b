/** Wiring between the sandbox and the engine harness: credentials, nodes and workflows. */
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { createSandbox, type Sandbox, type SandboxOptions, type TokenResponse } from '../sandbox/server';
import {
	ACTION_NODE_TYPE,
	ITEMS_NODE_TYPE,
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
	helper.set(OAUTH2_TYPE, {
		environment: 'custom',
		customAuthUrl: `${sandbox.url}/authorize`,
		customAccessTokenUrl: `${sandbox.url}/token`,
		baseUrl: sandbox.apiBaseUrl,
		accountId: 'self',
		clientId: sandbox.options.clientId,
		clientSecret: sandbox.options.clientSecret,
		oauthTokenData: { ...tokens },
		...overrides,
	});
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
		credentials: { [OAUTH2_TYPE]: { id: 'cred-1', name: 'VBC sandbox' } },
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
