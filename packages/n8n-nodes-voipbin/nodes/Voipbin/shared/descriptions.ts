import type { INodeProperties } from 'n8n-workflow';

import { requestOptionsField as sharedRequestOptions } from '../../../core/descriptions';

import { ACCESS_KEY_CREDENTIAL, DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS, DEFAULT_TIMEOUT_SECONDS, LOGIN_CREDENTIAL } from './connection';

export const authenticationField: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Access Key', value: 'accessKey' },
		{ name: 'Login (Username and Password)', value: 'login' },
	],
	default: 'accessKey',
};

export const credentialsByAuthentication = [
	{ name: ACCESS_KEY_CREDENTIAL, required: true, displayOptions: { show: { authentication: ['accessKey'] } } },
	{ name: LOGIN_CREDENTIAL, required: true, displayOptions: { show: { authentication: ['login'] } } },
];

export const recordingIdField = (show: Record<string, string[]>, name = 'recordingId'): INodeProperties => ({
	displayName: 'Recording ID',
	name,
	type: 'string',
	required: true,
	default: '={{ $json.id }}',
	placeholder: 'f27d65bc-2f10-49e1-a49d-a7762965df13',
	description: 'The ID (a UUID) of the recording, as in the ID field of Get Many results',
	displayOptions: { show },
});

export { returnAllAndLimitFields as returnAllFields } from '../../../core/descriptions';

export const requestOptionsField = sharedRequestOptions({
	maxWaitSeconds: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	maxWaitDescription: 'How long to keep waiting, in total, as VoIPbin asks (Retry-After) when it answers 429. 0 fails at once.',
	timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
	timeoutDescription: 'How long to wait for an answer to one request (downloads get at least 10 minutes)',
});
