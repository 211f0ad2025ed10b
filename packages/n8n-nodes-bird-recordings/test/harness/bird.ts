/** Wiring between the Bird sandbox and the engine harness: credential, nodes and workflows. */
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
import { BirdRecordingsApi } from '../../credentials/BirdRecordingsApi.credentials';
import { BirdCallRecording } from '../../nodes/Bird/BirdCallRecording.node';
import { BirdCallRecordingTrigger } from '../../nodes/Bird/BirdCallRecordingTrigger.node';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export const PACKAGE = 'n8n-nodes-bird-recordings';
export const ACTION_NODE_TYPE = `${PACKAGE}.birdCallRecording`;
export const TRIGGER_NODE_TYPE = `${PACKAGE}.birdCallRecordingTrigger`;
export const CREDENTIAL_TYPE = 'birdRecordingsApi';
export const NODE_NAME = 'Bird';

const nodes: Record<string, INodeType> = {
	[ACTION_NODE_TYPE]: new BirdCallRecording(),
	[TRIGGER_NODE_TYPE]: new BirdCallRecordingTrigger(),
};
registerPackage(nodes, [new BirdRecordingsApi()]);

/** The sandbox on the test's clock: it follows Date.now() from now, so fake time moves both. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await createSandbox({ now: Date.now(), realTime: true, seedMaxDurationSeconds: 10, ...options }).start();
}

/** A credential pointing at the sandbox, pacing off. */
export function birdCredentials(sandbox: Sandbox, overrides: IDataObject = {}): TestCredentialsHelper {
	return storedCredential(CREDENTIAL_TYPE, {
		baseUrl: sandbox.url,
		workspaceId: sandbox.workspaceId,
		apiKey: sandbox.accessKey,
		requestsPerSecond: 0,
		...overrides,
	});
}

export const actionNode = (parameters: INodeParameters): INode =>
	nodeOf(ACTION_NODE_TYPE, NODE_NAME, parameters, { type: CREDENTIAL_TYPE });

/** Items → Bird node, run in the engine. */
export async function runAction(
	credentials: TestCredentialsHelper,
	parameters: INodeParameters,
	options: { items?: IDataObject[]; timezone?: string } = {},
): Promise<WorkflowRun> {
	return await runOnItems(credentials, actionNode(parameters), options);
}

export function activeTrigger(credentials: TestCredentialsHelper, parameters: INodeParameters) {
	return activePolling(credentials, nodeOf(TRIGGER_NODE_TYPE, 'Bird Trigger', parameters, { type: CREDENTIAL_TYPE }));
}

export const listRequests = (sandbox: Sandbox) => sandbox.apiRequests().filter((entry) => /\/recordings$/.test(entry.path));
