import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * Editor fields every recordings package shows the same way. Wording that differs by provider is a
 * parameter: the field names are the ones error messages quote.
 */

/** Return All, and Limit when it is off. */
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

/** n8n's standard Simplify switch. */
export const simplifySwitch = (show: IDataObject, hint: string): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simple',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint,
	displayOptions: { show: show as never },
});

/** Request Options: how long to wait out 429s in total, and the timeout of one request. */
export const requestOptionsCollection = (defaults: {
	maxRateLimitWaitSeconds: number;
	timeoutSeconds: number;
	rateLimitWaitDescription: string;
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
			default: defaults.maxRateLimitWaitSeconds,
			description: defaults.rateLimitWaitDescription,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: defaults.timeoutSeconds,
			description: 'How long to wait for an answer to one request (downloads get at least 10 minutes)',
		},
	],
});

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
