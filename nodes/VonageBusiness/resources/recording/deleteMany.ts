import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { recordingFiltersField } from '../../shared/descriptions';
import { recordingPath, recordingsPath, requireScope } from '../../shared/paths';
import { asNodeError, getAllPages, routedOperation, vbcRequest } from '../../shared/transport';
import {
	formatVbcDate,
	InvalidInputError,
	MAX_DAYS,
	nonNegativeAmount,
	parseDateTime,
	requireLimit,
	recordingFilters,
	type RecordingFilterInput,
} from '../../shared/validation';

const show = { resource: ['recording'], operation: ['deleteMany'] };

/** The most a single execution may delete, whatever the node says: a runaway filter stays bounded. */
export const DELETE_MANY_CEILING = 10_000;

export const deleteManyDescription: INodeProperties[] = [
	{
		displayName:
			'Deletion is permanent. Keep Dry Run on until the output lists exactly the recordings you mean to delete.',
		name: 'deleteManyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Older Than (Days)',
		name: 'olderThanDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 90,
		description: 'Only recordings of calls that started more than this many days ago. 0 means any age.',
		displayOptions: { show },
	},
	{
		displayName: 'Shorter Than (Seconds)',
		name: 'shorterThanSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Only recordings shorter than this, such as missed or hung-up calls. 0 means any length.',
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
		typeOptions: { minValue: 1, maxValue: DELETE_MANY_CEILING },
		default: 100,
		description:
			'A hard cap: at most this many recordings, oldest first, are deleted (or listed) per execution; the next execution goes on. Each deletion is one API request, paced under the quota.',
		displayOptions: { show },
	},
	recordingFiltersField('recording', ['deleteMany'], { displayName: 'Additional Filters' }),
];

function readCap(value: unknown): number {
	const cap = requireLimit(value, 'Max Deletions per Execution');
	if (cap > DELETE_MANY_CEILING) {
		throw new InvalidInputError('Max Deletions per Execution', `Max Deletions per Execution can be at most ${DELETE_MANY_CEILING}, not ${cap}`);
	}
	return cap;
}

/** The list query: the user's filters narrowed by the age and length conditions. */
export function deleteManyQuery(
	filters: RecordingFilterInput,
	olderThanDays: number,
	shorterThanSeconds: number,
	timezone: string,
	now: DateTime = DateTime.now(),
): IDataObject {
	if (olderThanDays === 0 && shorterThanSeconds === 0 && Object.keys(filters).length === 0) {
		throw new InvalidInputError(
			'Older Than (Days)',
			'Set Older Than (Days), Shorter Than (Seconds) or a filter: without any condition every recording would match',
		);
	}
	const qs = recordingFilters(filters, timezone);
	if (olderThanDays > 0) {
		const cutoff = now.minus({ days: olderThanDays });
		// Keep the user's own Start Before when it is the earlier of the two.
		const userBefore = filters.startBefore ? parseDateTime(filters.startBefore, 'Start Before', timezone) : undefined;
		qs['start:lte'] = formatVbcDate(userBefore && userBefore < cutoff ? userBefore : cutoff);
	}
	if (shorterThanSeconds > 0) {
		const below = Math.round(shorterThanSeconds * 1000) - 1;
		const userMax = typeof qs['duration:lte'] === 'number' ? qs['duration:lte'] : undefined;
		qs['duration:lte'] = userMax === undefined ? below : Math.min(userMax, below);
	}
	qs.order = 'start:ASC';
	return qs;
}

/** Failures after which the next deletions would fail the same way: stop instead of trying each. */
function stopsTheRun(error: { failure?: { cause?: string }; httpCode?: string | null }): boolean {
	const cause = error.failure?.cause;
	return cause === 'rate-limited' || cause === 'credential-invalid' || error.httpCode === '401' || error.httpCode === '403';
}

export const deleteManyRecordings = routedOperation(async function (api, itemIndex) {
	const scope = requireScope(this.getNodeParameter('scope'));
	const userId = this.getNodeParameter('userId', 'self');
	const cap = readCap(this.getNodeParameter('maxDeletions', 100));
	const dryRun = this.getNodeParameter('dryRun', true) as boolean;
	const qs = deleteManyQuery(
		this.getNodeParameter('filters', {}) as RecordingFilterInput,
		nonNegativeAmount(this.getNodeParameter('olderThanDays', 90), 'Older Than (Days)', 'days', MAX_DAYS) ?? 0,
		nonNegativeAmount(this.getNodeParameter('shorterThanSeconds', 0), 'Shorter Than (Seconds)') ?? 0,
		this.getTimezone(),
	);
	const matches = await getAllPages.call(this, api, {
		path: recordingsPath(api, scope, userId),
		qs,
		limit: cap,
		subject: 'the recordings list',
	});
	const summary = (recording: IDataObject): IDataObject => ({
		id: recording.id,
		start: recording.start,
		duration: recording.duration,
		call_direction: recording.call_direction,
		file_name: recording.file_name,
	});
	if (dryRun) return matches.map((recording) => ({ json: { ...summary(recording), deleted: false, dryRun: true } }));

	const results: INodeExecutionData[] = [];
	let stoppedBy: string | undefined;
	for (const recording of matches) {
		if (stoppedBy) {
			results.push({ json: { ...summary(recording), deleted: false, error: `Not attempted: ${stoppedBy}` } });
			continue;
		}
		try {
			await vbcRequest.call(
				this,
				api,
				{ method: 'DELETE', url: recordingPath(api, scope, userId, String(recording.id)) },
				{ subject: `recording ${String(recording.id)}`, itemIndex },
			);
			results.push({ json: { ...summary(recording), deleted: true } });
		} catch (error) {
			// Only a DELETE that succeeded counts as deleted; the rest say why not.
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			results.push({ json: { ...summary(recording), deleted: false, error: nodeError.message } });
			if (stopsTheRun(nodeError as { failure?: { cause?: string }; httpCode?: string | null })) {
				stoppedBy = `an earlier deletion failed (${nodeError.message})`;
			}
		}
	}
	return results;
});
