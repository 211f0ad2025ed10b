/**
 * Runs workflows through n8n's real execution engine (n8n-core's WorkflowExecute and RoutingNode,
 * and PollContext for triggers) with this package's node types, over real HTTP.
 *
 * Modelled on how n8n tests its own nodes: a node-types registry, a credentials helper that applies
 * credential defaults and expressions the way n8n's does, and the real binary data service writing
 * to disk. Nothing here fakes HTTP.
 */
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	ExecutionLifecycleHooks,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentialTypes,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type ITaskData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { VonageBusinessIntegrationUserApi } from '../../credentials/VonageBusinessIntegrationUserApi.credentials';
import { VonageBusinessOAuth2Api } from '../../credentials/VonageBusinessOAuth2Api.credentials';
import { VonageBusiness } from '../../nodes/VonageBusiness/VonageBusiness.node';
import { VonageBusinessCallRecordingTrigger } from '../../nodes/VonageBusiness/VonageBusinessCallRecordingTrigger.node';

export const PACKAGE = 'n8n-nodes-vonage-business';
export const ACTION_NODE_TYPE = `${PACKAGE}.vonageBusiness`;
export const TRIGGER_NODE_TYPE = `${PACKAGE}.vonageBusinessCallRecordingTrigger`;
export const ITEMS_NODE_TYPE = 'test.items';

/** A start node that outputs the items given in its `items` parameter (a JSON array). */
class ItemsNode implements INodeType {
	description = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Outputs fixed items',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

/**
 * The part of n8n-nodes-base's `oAuth2Api` credential that n8n's OAuth2 code reads. n8n-nodes-base is
 * not a dependency of this package, so the tests carry the parent type's fields.
 */
class OAuth2ApiParent implements ICredentialType {
	name = 'oAuth2Api';
	displayName = 'OAuth2 API';
	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'string', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'options', options: [{ name: 'Body', value: 'body' }, { name: 'Header', value: 'header' }], default: 'header' },
		{ displayName: 'Ignore SSL Issues', name: 'ignoreSSLIssues', type: 'boolean', default: false },
	];
}

const nodeTypeInstances: Record<string, INodeType> = {
	[ACTION_NODE_TYPE]: new VonageBusiness(),
	[TRIGGER_NODE_TYPE]: new VonageBusinessCallRecordingTrigger(),
	[ITEMS_NODE_TYPE]: new ItemsNode(),
};

export function registerNodeType(name: string, nodeType: INodeType) {
	nodeTypeInstances[name] = nodeType;
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => {
		const nodeType = nodeTypeInstances[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	},
	getByNameAndVersion: (type) => nodeTypes.getByName(type) as INodeType,
	getKnownTypes: () => ({}),
};

const credentialTypeInstances: Record<string, ICredentialType> = {
	oAuth2Api: new OAuth2ApiParent(),
	vonageBusinessOAuth2Api: new VonageBusinessOAuth2Api(),
	vonageBusinessIntegrationUserApi: new VonageBusinessIntegrationUserApi(),
};

export function registerCredentialType(credentialType: ICredentialType) {
	credentialTypeInstances[credentialType.name] = credentialType;
}

export const credentialTypes: ICredentialTypes = {
	recognizes: (type) => type in credentialTypeInstances,
	getByName: (type) => {
		const credentialType = credentialTypeInstances[type];
		if (!credentialType) throw new Error(`Unknown credential type ${type}`);
		return credentialType;
	},
	getSupportedNodes: () => [],
	getParentTypes: (type) => {
		const parents = credentialTypeInstances[type]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...credentialTypes.getParentTypes(parent)]);
	},
};

/**
 * Stores credentials the way n8n's database would and hands them out the way n8n's credentials
 * helper does: parent-type fields first, defaults applied, `={{ }}` defaults resolved with `$self`.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	/** Every token update n8n's OAuth2 code persisted, in order. */
	readonly tokenUpdates: IDataObject[] = [];

	set(type: string, data: ICredentialDataDecryptedObject) {
		this.stored.set(type, structuredClone(data));
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getParentTypes(name: string): string[] {
		return credentialTypes.getParentTypes(name);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const own = credentialTypes.getByName(type);
		const inherited = (own.extends ?? []).flatMap((parent) => this.getCredentialsProperties(parent));
		const byName = new Map<string, INodeProperties>();
		for (const property of [...inherited, ...own.properties]) byName.set(property.name, property);
		return [...byName.values()];
	}

	/** How many times a token was fetched through a credential's preAuthentication. */
	preAuthentications = 0;

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const credentialType = credentialTypes.getByName(typeName);
		if (typeof credentialType.authenticate === 'function') {
			return await credentialType.authenticate(credentials, requestOptions);
		}
		// Generic authentication, as n8n applies it: `={{ }}` values resolved with $credentials.
		const generic = credentialType.authenticate;
		if (generic?.type === 'generic') {
			const resolve = (value: unknown) =>
				typeof value === 'string' ? resolveWithCredentials(value, credentials) : value;
			for (const [place, values] of Object.entries(generic.properties)) {
				const target = ((requestOptions as unknown as Record<string, IDataObject>)[place] ??= {});
				for (const [key, value] of Object.entries(values as IDataObject)) target[key] = resolve(value) as string;
			}
		}
		return requestOptions;
	}

	/** n8n's rule: a credential with an expirable hidden field gets it from preAuthentication when empty or rejected. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (!credentialsExpired && credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined) {
			return undefined;
		}
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.preAuthentications++;
		const updated = { ...credentials, ...output } as ICredentialDataDecryptedObject;
		this.set(typeName, { ...(this.stored.get(typeName) ?? {}), ...output } as ICredentialDataDecryptedObject);
		return updated;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const original = structuredClone(this.stored.get(type) ?? {});
		if (raw) return original;
		return this.applyDefaultsAndOverwrites(original, type, mode);
	}

	applyDefaultsAndOverwrites(
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode = 'internal',
	): ICredentialDataDecryptedObject {
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) withDefaults.oauthTokenData = original.oauthTokenData;
		const { node: mockNode, workflow } = expressionWorkflow();
		return workflow.expression.getComplexParameterValue(
			mockNode,
			withDefaults as INodeParameters,
			mode,
			{},
			undefined,
			undefined,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.set(type, data);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const current = this.stored.get(type) ?? {};
		current.oauthTokenData = structuredClone(data.oauthTokenData);
		this.stored.set(type, current);
		this.tokenUpdates.push(structuredClone(data.oauthTokenData as IDataObject));
	}
}

/** A one-node workflow whose only use is evaluating credential expressions, as n8n does outside a run. */
function expressionWorkflow(): { node: INode; workflow: Workflow } {
	const node: INode = { id: 'credential', name: 'credential', type: ITEMS_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	return { node, workflow: new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes }) };
}

function resolveWithCredentials(value: string, credentials: ICredentialDataDecryptedObject): unknown {
	if (!value.startsWith('=')) return value;
	const { node: mockNode, workflow } = expressionWorkflow();
	return workflow.expression.getSimpleParameterValue(mockNode, value, 'internal', {
		$credentials: credentials,
	} as never);
}

let binaryDataReady: Promise<void> | undefined;

/** n8n's own binary data service, in filesystem mode: binary output is streamed to disk, as in n8n. */
export async function initBinaryData(): Promise<BinaryDataService> {
	const service = Container.get(BinaryDataService);
	binaryDataReady ??= service.init();
	await binaryDataReady;
	return service;
}

export function additionalDataFor(
	credentialsHelper: TestCredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used here');
		},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		variables: {},
		getRunExecutionData: async () => undefined,
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used here');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface WorkflowRun {
	run: IRun;
	/** Output items of a node's first run, first output. */
	output(nodeName: string): INodeExecutionData[];
	/** The error a node ended with, if any. */
	error(nodeName: string): ITaskData['error'];
}

/** Executes a workflow in manual mode from its first node, as "Execute Workflow" in the editor does. */
export async function runWorkflow(
	nodes: INode[],
	connections: IConnections,
	credentialsHelper: TestCredentialsHelper,
	options: { timezone?: string } = {},
): Promise<WorkflowRun> {
	await initBinaryData();
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1', timezone: options.timezone ?? 'UTC' },
	});
	const hooks = new ExecutionLifecycleHooks('manual', `exec-${Date.now()}`, {
		id: 'test-workflow',
		name: 'test',
		active: false,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const workflowExecute = new WorkflowExecute(
		additionalDataFor(credentialsHelper, hooks),
		'manual',
		runExecutionData,
	);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await finished;
	return {
		run,
		output: (nodeName) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
		error: (nodeName) => run.data.resultData.runData[nodeName]?.[0]?.error,
	};
}

/**
 * Runs one poll of a polling trigger in n8n-core's PollContext. `persisted` plays n8n's database:
 * the node's static data is loaded from it before the poll and saved back as JSON after a poll that
 * returned normally (n8n does not save static data of a poll that threw).
 */
export async function runPoll(
	node: INode,
	credentialsHelper: TestCredentialsHelper,
	persisted: { staticData: string },
	options: { mode?: 'trigger' | 'manual'; timezone?: string } = {},
): Promise<INodeExecutionData[][] | null> {
	await initBinaryData();
	const key = `node:${node.name}`;
	const workflow = new Workflow({
		id: 'test-trigger-workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: { timezone: options.timezone ?? 'UTC' },
		staticData: { [key]: JSON.parse(persisted.staticData) as IDataObject },
	});
	const nodeType = nodeTypes.getByName(node.type) as INodeType;
	const context = new PollContext(
		workflow,
		node,
		additionalDataFor(credentialsHelper),
		options.mode ?? 'trigger',
		'activate',
	);
	const result = await nodeType.poll!.call(context);
	persisted.staticData = JSON.stringify(workflow.staticData[key] ?? {});
	return result;
}
