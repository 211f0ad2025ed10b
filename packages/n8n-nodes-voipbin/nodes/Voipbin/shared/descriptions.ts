import type { INodeProperties } from 'n8n-workflow';

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

export const returnAllFields = (show: Record<string, string[]>): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
];

export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Wait on Rate Limit (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
			description: 'How long to keep waiting, in total, as VoIPbin asks (Retry-After) when it answers 429. 0 fails at once.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait for an answer to one request (downloads get at least 10 minutes: VoIPbin builds the ZIP first)',
		},
	],
};
