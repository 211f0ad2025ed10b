import type { INodeProperties } from 'n8n-workflow';

import {
	authenticationField as coreAuthenticationField,
	credentialsByAuthentication as coreCredentialsByAuthentication,
	requestOptionsField as coreRequestOptionsField,
} from '../../../core/descriptions';

import { API_KEY_CREDENTIAL, DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS, DEFAULT_TIMEOUT_SECONDS, USER_CREDENTIAL } from './connection';

export const authenticationField = coreAuthenticationField([
	{ name: 'API Key', value: 'apiKey' },
	{ name: 'User', value: 'user' },
]);

export const credentialsByAuthentication = coreCredentialsByAuthentication({ apiKey: API_KEY_CREDENTIAL, user: USER_CREDENTIAL });

/** Account-wide recordings, or one user's (those whose owner is that user). */
export const scopeFields = (show: Record<string, string[]>): INodeProperties[] => [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account', description: "All of the account's recordings" },
			{ name: 'User', value: 'user', description: 'The recordings one user owns' },
		],
		default: 'account',
		displayOptions: { show },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'c1a2b3c4d5e6f708192a3b4c5d6e7f80',
		description: 'The 32-character ID of the Kazoo user whose recordings to use',
		displayOptions: { show: { ...show, scope: ['user'] } },
	},
];

export const recordingIdField = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Recording ID',
	name: 'recordingId',
	type: 'string',
	required: true,
	default: '={{ $json.id }}',
	placeholder: '202611-0af44de77453d7c1ca94e362cfec2422',
	description: 'The ID of the recording, as in the ID field of Get Many results',
	displayOptions: { show },
});

export const requestOptionsField = coreRequestOptionsField({
	maxWaitSeconds: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	maxWaitDescription:
		'How long to keep retrying, in total, when Kazoo answers 429 (it names no wait, so the node backs off). 0 fails at once.',
	timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
	timeoutDescription: 'How long to wait for an answer to one request (downloads get at least 10 minutes)',
});
