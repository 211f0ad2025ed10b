/** Wiring between the Kazoo sandbox and the engine harness: credentials, nodes and workflows. */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import {
	activePolling,
	nodeOf,
	registerPackage,
	runOnItems,
	storedCredential,
	type TestCredentialsHelper,
	type WorkflowRun,
} from '../../../../core/testing/engine';
import { KazooApiKeyApi } from '../../credentials/KazooApiKeyApi.credentials';
import { KazooUserApi } from '../../credentials/KazooUserApi.credentials';
import { KazooCallRecording } from '../../nodes/Kazoo/KazooCallRecording.node';
import { createSandbox, type KazooSandbox, type KazooSandboxOptions } from '../../sandbox/server';

export const PACKAGE = 'n8n-nodes-kazoo';
export const ACTION_NODE_TYPE = `${PACKAGE}.kazooCallRecording`;
export const TRIGGER_NODE_TYPE = `${PACKAGE}.kazooCallRecordingTrigger`;
export const API_KEY_TYPE = 'kazooApiKeyApi';
export const USER_TYPE = 'kazooUserApi';
export const NODE_NAME = 'Kazoo';

const registered: Record<string, import('n8n-workflow').INodeType> = { [ACTION_NODE_TYPE]: new KazooCallRecording() };
registerPackage(registered, [new KazooApiKeyApi(), new KazooUserApi()]);

/** Adds a node type (the trigger) to the engine's registry. */
export function registerKazooNode(type: string, nodeType: import('n8n-workflow').INodeType) {
	registerPackage({ [type]: nodeType }, []);
}

/** The sandbox on the test's clock: it follows Date.now() from now, so fake time moves both. */
export async function startSandbox(options: KazooSandboxOptions = {}): Promise<KazooSandbox> {
	return await createSandbox({ now: Date.now(), realTime: true, ...options }).start();
}

/** An API-key credential pointing at the sandbox; its token is fetched on first use. Pacing off. */
export function apiKeyCredentials(sandbox: KazooSandbox, overrides: IDataObject = {}): TestCredentialsHelper {
	return storedCredential(API_KEY_TYPE, {
		baseUrl: sandbox.apiBaseUrl,
		accountId: sandbox.account.id,
		apiKey: sandbox.account.apiKey,
		requestsPerSecond: 0,
		authToken: '',
		...overrides,
	});
}

/** A user credential (md5 sign-in) pointing at the sandbox. */
export function userCredentials(sandbox: KazooSandbox, overrides: IDataObject = {}): TestCredentialsHelper {
	return storedCredential(USER_TYPE, {
		baseUrl: sandbox.url,
		accountId: sandbox.account.id,
		username: 'alice',
		password: 'alice-secret',
		accountIdentifier: 'realm',
		accountIdentifierValue: sandbox.account.realm,
		requestsPerSecond: 0,
		authToken: '',
		...overrides,
	});
}

export function actionNode(parameters: INodeParameters): INode {
	return nodeOf(ACTION_NODE_TYPE, NODE_NAME, parameters, {
		type: parameters.authentication === 'user' ? USER_TYPE : API_KEY_TYPE,
	});
}

/** Items → Kazoo node, run in the engine. */
export async function runAction(
	credentials: TestCredentialsHelper,
	parameters: INodeParameters,
	options: { items?: IDataObject[]; timezone?: string } = {},
): Promise<WorkflowRun> {
	return await runOnItems(credentials, actionNode(parameters), options);
}

export function triggerNode(parameters: INodeParameters): INode {
	return nodeOf(TRIGGER_NODE_TYPE, 'Kazoo Trigger', parameters, {
		type: parameters.authentication === 'user' ? USER_TYPE : API_KEY_TYPE,
	});
}

export function activeTrigger(credentials: TestCredentialsHelper, parameters: INodeParameters) {
	return activePolling(credentials, triggerNode(parameters));
}

/** Requests to the recordings API (sign-ins not counted). */
export const listRequests = (sandbox: KazooSandbox) =>
	sandbox.apiRequests().filter((entry) => /\/recordings$/.test(entry.path));
export const dataRequests = (sandbox: KazooSandbox) =>
	sandbox.apiRequests().filter((entry) => !/_auth$/.test(entry.path));
