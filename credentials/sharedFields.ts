import type { INodeProperties } from 'n8n-workflow';

/** Fields both VBC credentials share: where the API is, and its request quota. */
export const apiLocationAndQuotaFields: INodeProperties[] = [
	{
		displayName: 'API Base URL',
		name: 'baseUrl',
		type: 'string',
		default: 'https://api.vonage.com/t/vbc.prod/call_recording',
		required: true,
		description:
			'The Call Recording API root. Use https://api.vonage.com/t/vbc.prod/call_recording_india for the India region.',
	},
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		default: 'self',
		description: "Your VBC account ID, or 'self' for the account of the user who signs in",
	},
	{
		displayName: 'Request Quota (Requests per Window)',
		name: 'requestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 10,
		description:
			'How many requests VBC allows per token in one quota window (10 per minute by default). The node spreads loops of requests so they never exceed it. 0 turns this off.',
	},
	{
		displayName: 'Quota Window (Seconds)',
		name: 'quotaWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
	},
];
