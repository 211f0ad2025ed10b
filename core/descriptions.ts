import type { IDisplayOptions, INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/**
 * Node properties every provider's nodes have, with the provider's words as parameters. A property's
 * `name` is what stored workflows hold, so these keep the names the packages already use.
 */

type Show = NonNullable<IDisplayOptions['show']>;

/** How the node signs in; the triggers and the action node offer the same choice. */
export const authenticationField = (options: Array<{ name: string; value: string }>): INodeProperties => ({
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options,
	default: options[0].value,
});

/** One credential per Authentication value. */
export const credentialsByAuthentication = (byValue: Record<string, string>): INodeCredentialDescription[] =>
	Object.entries(byValue).map(([value, name]) => ({
		name,
		required: true,
		displayOptions: { show: { authentication: [value] } },
	}));

export const returnAllAndLimitFields = (show: Show): INodeProperties[] => [
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

export const simplifyField = (show: Show, hint?: string): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simple',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	...(hint ? { hint } : {}),
	displayOptions: { show },
});

/** The output binary field of a download. */
export const binaryFieldProperty = (show: Show, what = 'file'): INodeProperties => ({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: `The name of the output binary field to put the ${what} in`,
	displayOptions: { show },
});

/** Limits on waiting and retrying, for every operation, read back by `readRequestOptions` (api.ts). */
export const requestOptionsField = (words: {
	maxWaitSeconds: number;
	maxWaitDescription: string;
	timeoutSeconds: number;
	timeoutDescription: string;
}): INodeProperties => ({
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
			default: words.maxWaitSeconds,
			description: words.maxWaitDescription,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: words.timeoutSeconds,
			description: words.timeoutDescription,
		},
	],
});

/** Retention clean-up's safety: the warning, Dry Run (on by default) and a hard cap per execution. */
export const deleteManySafetyFields = (show: Show, cap: { default: number; ceiling: number; description: string }): INodeProperties[] => [
	{
		displayName: 'Deletion is permanent. Keep Dry Run on until the output lists exactly the recordings you mean to delete.',
		name: 'deleteManyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description: 'Whether to only list what would be deleted, without deleting anything',
		displayOptions: { show },
	},
	{
		displayName: 'Max Deletions per Execution',
		name: 'maxDeletions',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: cap.ceiling },
		default: cap.default,
		description: cap.description,
		displayOptions: { show },
	},
];

/**
 * A recordings trigger's Options (what core/triggerOptions.ts reads): Attach Audio, catch-up, look-back
 * window, Max Items per Poll, the audio field and Wait for Audio. `attachShow` limits the audio options
 * to the events that have audio.
 */
export function triggerOptionsCollection(text: {
	catchUpLabel: string;
	catchUpDescription: string;
	defaultWindowHours: number;
	windowDescription: string;
	waitForAudioDescription: string;
	attachShow?: Record<string, string[]>;
}): INodeProperties {
	const attach = text.attachShow ? { displayOptions: { show: text.attachShow } } : {};
	const withAudio = { displayOptions: { show: { ...text.attachShow, attachAudio: [true] } } };
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Attach Audio',
				name: 'attachAudio',
				type: 'boolean',
				default: false,
				description: "Whether to attach each recording's audio as binary data (streamed; one more request per recording)",
				...attach,
			},
			{
				displayName: text.catchUpLabel,
				name: 'catchUpHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: text.catchUpDescription,
			},
			{
				displayName: 'Look-Back Window (Hours)',
				name: 'lookBackHours',
				type: 'number',
				typeOptions: { minValue: 0.1 },
				default: text.defaultWindowHours,
				description: text.windowDescription,
			},
			{
				displayName: 'Max Items per Poll',
				name: 'maxItemsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'At most this many items per poll, oldest first; the rest follow on the next polls',
			},
			{ displayName: 'Put Audio in Field', name: 'binaryPropertyName', type: 'string', default: 'data', ...withAudio },
			{
				displayName: 'Wait for Audio (Minutes)',
				name: 'waitForAudioMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description: text.waitForAudioDescription,
				...withAudio,
			},
		],
	};
}
