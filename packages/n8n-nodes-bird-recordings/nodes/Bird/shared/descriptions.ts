import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS, DEFAULT_TIMEOUT_SECONDS } from './connection';

export const idField = (
	name: string,
	displayName: string,
	show: Record<string, string[]>,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '={{ $json.id }}',
	placeholder: '5b74ee9e-9d45-473a-82cd-f1f7feea6bbd',
	description,
	displayOptions: { show },
});

export const recordingIdField = (show: Record<string, string[]>) =>
	idField('recordingId', 'Recording ID', show, 'The ID of the recording, as in the ID field of Get Many results');

export const binaryFieldName = (show: Record<string, string[]>, hint: string): INodeProperties => ({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint,
	displayOptions: { show },
});

export const simplifyField = (show: IDataObject): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simple',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint: "Simplified dates are in the workflow's time zone; unset times are left out",
	displayOptions: { show: show as never },
});

export const limitFields = (show: Record<string, string[]>): INodeProperties[] => [
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
			description:
				'How long to keep retrying, in total, when Bird answers 429 (as long as its Retry-After asks, or backing off). 0 fails at once.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait for an answer to one request (downloads get at least 10 minutes)',
		},
	],
};
