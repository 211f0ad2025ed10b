'use strict';
// Credentials and workflows in the JSON form `n8n import:*` takes, shared by `npm start`, the end-to-end
// suite and the benchmarks. Node types are those of the package as installed from the Community Nodes
// installer: `<package name>.<node name>`.
const { PACKAGE_NAME } = require('./n8n-instance');

const ACTION_TYPE = `${PACKAGE_NAME}.vonageBusiness`;
const TRIGGER_TYPE = `${PACKAGE_NAME}.vonageBusinessCallRecordingTrigger`;
const OAUTH2_TYPE = 'vonageBusinessOAuth2Api';
const INTEGRATION_USER_TYPE = 'vonageBusinessIntegrationUserApi';

/** An OAuth2 credential pointing at a sandbox, already connected (as after the consent screen). */
function sandboxOAuth2Credential(sandbox, { id = 'vbcSandboxOAuth2', name = 'VBC sandbox (OAuth2)', tokens = sandbox.issueTokens(), requestsPerMinute = 0 } = {}) {
	return {
		id,
		name,
		type: OAUTH2_TYPE,
		data: {
			authUrl: `${sandbox.url}/authorize`,
			accessTokenUrl: `${sandbox.url}/token`,
			baseUrl: sandbox.apiBaseUrl,
			accountId: 'self',
			clientId: sandbox.options.clientId,
			clientSecret: sandbox.options.clientSecret,
			requestsPerMinute,
			oauthTokenData: tokens,
		},
	};
}

/** An integration-user credential pointing at a sandbox; n8n fetches its token on first use. */
function sandboxIntegrationUserCredential(sandbox, { id = 'vbcSandboxUser', name = 'VBC sandbox (integration user)' } = {}) {
	return {
		id,
		name,
		type: INTEGRATION_USER_TYPE,
		data: {
			accessTokenUrl: `${sandbox.url}/token`,
			clientId: sandbox.options.clientId,
			clientSecret: sandbox.options.clientSecret,
			username: 'alice',
			password: 'alice-password',
			baseUrl: sandbox.apiBaseUrl,
			accountId: 'self',
			requestsPerMinute: 0,
		},
	};
}

function credentialRef(credential) {
	return { [credential.type]: { id: credential.id, name: credential.name } };
}

/** Stable node ids, so that imports are repeatable. */
function nodeId(workflowId, index) {
	let hash = 0;
	for (const char of `${workflowId}:${index}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	const hex = hash.toString(16).padStart(8, '0');
	return `${hex}-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

/** A chain of nodes: each entry is { name, type?, typeVersion?, parameters, credential?, extra? }. */
function chainWorkflow({ id, name = id, nodes }) {
	const built = nodes.map((node, index) => ({
		id: nodeId(id, index),
		name: node.name,
		type: node.type ?? ACTION_TYPE,
		typeVersion: node.typeVersion ?? 1,
		position: [index * 240, 0],
		parameters: node.parameters ?? {},
		...(node.credential ? { credentials: credentialRef(node.credential) } : {}),
		...(node.extra ?? {}),
	}));
	const connections = {};
	for (let i = 0; i + 1 < built.length; i++) {
		connections[built[i].name] = { main: [[{ node: built[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, nodes: built, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const manualTrigger = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} };

/**
 * Manual Trigger → the package's action node once per parameter set (`n8n execute` needs a manual start).
 * `nodeSettings` go on every action node, e.g. { onError: 'continueRegularOutput' }.
 */
function manualWorkflow(id, credential, parameterSets, nodeSettings = {}) {
	const actions = parameterSets.map((parameters, index) => ({
		name: index === 0 ? 'VBC' : `VBC ${index + 1}`,
		parameters,
		credential,
		extra: nodeSettings,
	}));
	return chainWorkflow({ id, nodes: [manualTrigger, ...actions] });
}

/** An HTTP Request node that POSTs each item's id and the execution id to a URL (a sink for tests). */
function sinkNode(url, name = 'Sink') {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ id: $json.id, execution: $execution.id }) }}',
			options: {},
		},
	};
}

/** The package's trigger, polling every minute, followed by other nodes. */
/** @param {{ id: string, name?: string, triggerName?: string, credential: object, parameters: object, then?: object[] }} options */
function triggerWorkflow({ id, name = id, triggerName = 'VBC Trigger', credential, parameters, then = [] }) {
	return chainWorkflow({
		id,
		name,
		nodes: [
			{ name: triggerName, type: TRIGGER_TYPE, parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters }, credential },
			...then,
		],
	});
}

module.exports = {
	ACTION_TYPE,
	TRIGGER_TYPE,
	sandboxOAuth2Credential,
	sandboxIntegrationUserCredential,
	chainWorkflow,
	manualWorkflow,
	sinkNode,
	triggerWorkflow,
};
