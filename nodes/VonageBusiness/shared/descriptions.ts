import type { INodeProperties } from 'n8n-workflow';

/** Company and On-Demand recordings differ only in their endpoints, so scope is one parameter. */
export const scopeFields = (resource: string, operations: string[]): INodeProperties[] => [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Company',
				value: 'company',
				description: 'Recordings made by company call recording rules (needs the Company Call Recording permission)',
			},
			{
				name: 'On-Demand',
				value: 'onDemand',
				description: "Recordings a user started on demand, in that user's own list",
			},
		],
		default: 'company',
		displayOptions: { show: { resource: [resource], operation: operations } },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: 'self',
		description: "The VBC user whose on-demand recordings to use: 'self' for the connected user, or a numeric user ID",
		displayOptions: { show: { resource: [resource], operation: operations, scope: ['onDemand'] } },
	},
];

export const recordingIdField = (resource: string, operations: string[]): INodeProperties => ({
	displayName: 'Recording ID',
	name: 'recordingId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '193228',
	description: 'The numeric ID of the recording, as in the ID field of Get Many results',
	displayOptions: { show: { resource: [resource], operation: operations } },
});

export const returnAllAndLimitFields = (resource: string, operations: string[]): INodeProperties[] => [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { resource: [resource], operation: operations } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: [resource], operation: operations, returnAll: [false] } },
	},
];

/** The API's recording filters, shared by listing and exporting. */
export const recordingFilterOptions: INodeProperties[] = [
	{
		displayName: 'Call Direction',
		name: 'callDirection',
		type: 'options',
		options: [
			{ name: 'Inbound', value: 'INBOUND' },
			{ name: 'Internal (Intra-PBX)', value: 'INTRA_PBX' },
			{ name: 'Outbound', value: 'OUTBOUND' },
		],
		default: 'INBOUND',
	},
	{
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		default: '',
		placeholder: 'c91150a6-8cc4-4e73-9fef-17fd925c6448',
	},
	{
		displayName: 'Caller ID',
		name: 'callerId',
		type: 'string',
		default: '',
		placeholder: '17325550100',
		description: 'The phone number of the caller',
	},
	{
		displayName: 'Caller Name (CNAM)',
		name: 'cnam',
		type: 'string',
		default: '',
		placeholder: 'JOHN SMITH',
	},
	{
		displayName: 'Dialed Number (DNIS)',
		name: 'dnis',
		type: 'string',
		default: '',
		placeholder: '17325550100',
	},
	{
		displayName: 'Extension',
		name: 'extension',
		type: 'string',
		default: '',
		placeholder: '101',
	},
	{
		displayName: 'Maximum Duration (Seconds)',
		name: 'maxDurationSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 3600,
		description: 'Only calls that lasted at most this many seconds',
	},
	{
		displayName: 'Minimum Duration (Seconds)',
		name: 'minDurationSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		description: 'Only calls that lasted at least this many seconds',
	},
	{
		displayName: 'Start After',
		name: 'startAfter',
		type: 'dateTime',
		default: '',
		description: "Only calls that started at or after this time (in the workflow's time zone unless the value says otherwise)",
	},
	{
		displayName: 'Start Before',
		name: 'startBefore',
		type: 'dateTime',
		default: '',
		description: "Only calls that started at or before this time (in the workflow's time zone unless the value says otherwise)",
	},
];

/** Poll interval and timeout of a job wait, shared by Wait for Completion and the Export option. */
export const jobWaitTimeFields: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 0.1 },
		default: 10,
		description: 'How long to wait between two reads of the job. Each read is one API request.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 900,
		description: 'How long to wait for the job at most before failing',
	},
];

export const exportOptionsField = (resource: string): INodeProperties => ({
	displayName: 'Options',
	name: 'exportOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: [resource], operation: ['export'] } },
	options: [
		{
			displayName: 'Download Archive',
			name: 'waitAndDownload',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until each export job is complete and then output its ZIP archive as binary data (create, wait and download in one node), instead of only the job IDs',
		},
		...jobWaitTimeFields,
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field to put the archive in',
		},
	],
});

/** How the node signs in; the trigger and the action node offer the same choice. */
export const authenticationField: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'OAuth2', value: 'oAuth2' },
		{ name: 'Integration User', value: 'integrationUser' },
	],
	default: 'oAuth2',
};

export const credentialsByAuthentication = [
	{
		name: 'vonageBusinessOAuth2Api',
		required: true,
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	{
		name: 'vonageBusinessIntegrationUserApi',
		required: true,
		displayOptions: { show: { authentication: ['integrationUser'] } },
	},
];

/** Limits on waiting and retrying, for every operation. */
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
			default: 120,
			description:
				"When VBC answers 429 (quota used up), how long to wait in total (as its Retry-After asks, or with backoff) before failing",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'How long to wait for VBC to answer one request; reads that time out are retried',
		},
	],
};

/** A Filters collection of the recording filters for some operations (Get Many, Delete Many, Export). */
export const recordingFiltersField = (
	resource: string,
	operations: string[],
	{ displayName = 'Filters', description }: { displayName?: string; description?: string } = {},
): INodeProperties => ({
	displayName,
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	...(description ? { description } : {}),
	displayOptions: { show: { resource: [resource], operation: operations } },
	options: recordingFilterOptions,
});

/**
 * An expression for a node's subtitle that shows the option names of `parameter` as users read them
 * ("Get Many"), not their values ("getMany"). The names come from every `options` property of that name.
 */
export function optionNameExpression(parameter: string, properties: INodeProperties[]): string {
	const names: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== parameter || property.type !== 'options') continue;
		for (const option of property.options ?? []) {
			if ('value' in option && typeof option.value === 'string') names[option.value] = option.name;
		}
	}
	const value = `$parameter[${JSON.stringify(parameter)}]`;
	return `(${JSON.stringify(names)}[${value}] || ${value})`;
}
