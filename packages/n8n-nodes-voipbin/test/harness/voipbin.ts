/** Wiring between the VoIPbin sandbox and the engine harness: credentials, nodes and workflows. */
import type { IDataObject, INode, INodeParameters, INodeType } from 'n8n-workflow';

import {
	activePolling,
	nodeOf,
	registerPackage,
	runOnItems,
	storedCredential,
	type TestCredentialsHelper,
	type WorkflowRun,
} from '../../../../core/testing/engine';
import { VoipbinAccessKeyApi } from '../../credentials/VoipbinAccessKeyApi.credentials';
import { VoipbinLoginApi } from '../../credentials/VoipbinLoginApi.credentials';
import { VoipbinCallRecording } from '../../nodes/Voipbin/VoipbinCallRecording.node';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export const PACKAGE = 'n8n-nodes-voipbin';
export const ACTION_NODE_TYPE = `${PACKAGE}.voipbinCallRecording`;
export const TRIGGER_NODE_TYPE = `${PACKAGE}.voipbinCallRecordingTrigger`;
export const ACCESS_KEY_TYPE = 'voipbinAccessKeyApi';
export const LOGIN_TYPE = 'voipbinLoginApi';
export const NODE_NAME = 'VoIPbin';

registerPackage({ [ACTION_NODE_TYPE]: new VoipbinCallRecording() }, [new VoipbinAccessKeyApi(), new VoipbinLoginApi()]);

export function registerVoipbinNode(type: string, nodeType: INodeType) {
	registerPackage({ [type]: nodeType }, []);
}

/**
 * The sandbox on the test's clock (it follows Date.now() from now). Its per-customer rate limit is
 * off unless a test is about it; tests that are turn it on with `limited()`.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await createSandbox({ now: Date.now(), realTime: true, customerRateLimit: null, ...options }).start();
}

/** The sandbox's own rate limits, as VoIPbin's defaults. */
export const limited = (options: SandboxOptions = {}): SandboxOptions => ({ customerRateLimit: { perSecond: 16.7, burst: 33 }, ...options });

/** An access-key credential pointing at the sandbox. Pacing off unless given. */
export function accessKeyCredentials(sandbox: Sandbox, overrides: IDataObject = {}): TestCredentialsHelper {
	return storedCredential(ACCESS_KEY_TYPE, {
		baseUrl: sandbox.url,
		apiKey: sandbox.options.accessKey,
		requestsPerSecond: 0,
		burst: 33,
		...overrides,
	});
}

/** A login credential pointing at the sandbox; its JWT is fetched on first use. */
export function loginCredentials(sandbox: Sandbox, overrides: IDataObject = {}): TestCredentialsHelper {
	return storedCredential(LOGIN_TYPE, {
		baseUrl: sandbox.url,
		username: 'admin@voipbin.test',
		password: 'sandbox-password',
		requestsPerSecond: 0,
		burst: 33,
		token: '',
		...overrides,
	});
}

export function actionNode(parameters: INodeParameters): INode {
	return nodeOf(ACTION_NODE_TYPE, NODE_NAME, parameters, { type: parameters.authentication === 'login' ? LOGIN_TYPE : ACCESS_KEY_TYPE });
}

export async function runAction(
	credentials: TestCredentialsHelper,
	parameters: INodeParameters,
	options: { items?: IDataObject[]; timezone?: string } = {},
): Promise<WorkflowRun> {
	return await runOnItems(credentials, actionNode(parameters), options);
}

export function triggerNode(parameters: INodeParameters): INode {
	return nodeOf(TRIGGER_NODE_TYPE, 'VoIPbin Trigger', parameters, { type: parameters.authentication === 'login' ? LOGIN_TYPE : ACCESS_KEY_TYPE });
}

export function activeTrigger(credentials: TestCredentialsHelper, parameters: INodeParameters) {
	return activePolling(credentials, triggerNode(parameters));
}

export const listRequests = (sandbox: Sandbox) => sandbox.apiRequests().filter((entry) => entry.path === '/v1.0/recordings');

/** Adds `count` ended recordings, one second apart going back from `newestUs`; returns them newest first. */
export function addRecordings(sandbox: Sandbox, count: number, newestUs = (sandbox.clock.now() - 60_000) * 1000) {
	return Array.from({ length: count }, (_, i) => sandbox.addRecording({ tmCreateUs: newestUs - i * 1_000_000 }));
}
