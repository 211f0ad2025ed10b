import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * Editor fields every provider package's nodes have in the same words: Simplify, Return All and
 * Limit, Request Options, and the safety fields of a bulk deletion. Each package passes its own
 * `show` conditions and advice.
 */

export const simplifyField = (show: IDataObject, hint = "Simplified dates are readable, in the workflow's time zone"): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simple',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint,
	displayOptions: { show: show as never },
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

/** Request Options: how long to wait on 429 in total, and for one answer. */
export const requestOptionsField = (defaults: { maxRateLimitWaitSeconds: number; timeoutSeconds: number }, waitAdvice: string): INodeProperties => ({
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
			description: waitAdvice,
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

/** The notice, Dry Run and Max Deletions of a bulk deletion (retention clean-up). */
export const bulkDeletionFields = (show: Record<string, string[]>, ceiling: number) => ({
	notice: {
		displayName: 'Deletion is permanent. Keep Dry Run on until the output lists exactly the recordings you mean to delete.',
		name: 'deleteManyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	} as INodeProperties,
	safety: [
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
			typeOptions: { minValue: 1 },
			default: 500,
			description: `At most this many recordings are listed or deleted per execution (at most ${ceiling})`,
			displayOptions: { show },
		},
	] as INodeProperties[],
});
