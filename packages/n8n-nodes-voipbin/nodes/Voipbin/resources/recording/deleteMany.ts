import { DateTime } from 'luxon';
import type { IExecuteSingleFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../../../core/api';
import { periodBefore } from '../../../../core/dates';
import { deleteEach } from '../../../../core/bulkDeletion';
import { deleteManySafetyFields } from '../../../../core/descriptions';
import { apiRequest } from '../../../../core/request';
import { nonNegativeAmount, requireBoolean, requireWholeNumber } from '../../../../core/validation';
import { isUuid } from '../../shared/ids';
import { listNewestFirst } from '../../shared/listing';
import { microsOf } from '../../shared/times';
import { recordingPath } from './get';
import { readRecordingFilters, recordingFiltersField } from './getMany';

const show = { resource: ['recording'], operation: ['deleteMany'] };

/** The most a single execution may delete, whatever the node says: a runaway filter stays bounded. */
export const DELETE_MANY_CEILING = 10_000;

const [deletionNotice, ...deletionSafety] = deleteManySafetyFields(show, {
	default: 500,
	ceiling: DELETE_MANY_CEILING,
	description: `At most this many recordings are listed or deleted per execution (at most ${DELETE_MANY_CEILING})`,
});

export const deleteManyDescription: INodeProperties[] = [
	deletionNotice,
	{
		displayName: 'Older Than (Days)',
		name: 'olderThanDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 90,
		description: 'Only recordings created more than this many days ago (the list starts there, so newer ones cost no request)',
		displayOptions: { show },
	},
	recordingFiltersField(show),
	...deletionSafety,
];

/**
 * Retention clean-up: lists the recordings older than N days that pass the filters (newest first)
 * and deletes them one by one, or with Dry Run only lists them. A failing deletion is reported on
 * its own output item and does not stop the others.
 */
export async function deleteManyRecordings(this: IExecuteSingleFunctions, api: ApiConnection, itemIndex: number): Promise<INodeExecutionData[]> {
	const olderThanDays = nonNegativeAmount(this.getNodeParameter('olderThanDays', 90), 'Older Than (Days)', 'days', 36_500) ?? 0;
	const dryRun = requireBoolean(this.getNodeParameter('dryRun', true), 'Dry Run');
	const maxDeletions = requireWholeNumber(this.getNodeParameter('maxDeletions', 500), 'Max Deletions per Execution', 1, DELETE_MANY_CEILING);
	const filters = readRecordingFilters(this.getNodeParameter('filters', {}), this.getTimezone());
	const cutoff = microsOf(periodBefore(DateTime.utc(), olderThanDays, 'days', 'Older Than (Days)')) - 1;
	const { items } = await listNewestFirst.call(this, api, {
		path: '/recordings',
		...filters,
		to: filters.to === undefined ? cutoff : Math.min(filters.to, cutoff),
		limit: maxDeletions,
		subject: 'the recordings list',
		itemIndex,
	});
	return await deleteEach(this.getNode(), items, {
		dryRun,
		itemIndex,
		summary: (recording) => ({ id: recording.id, status: recording.status, createdAt: recording.tm_create }),
		deleteOne: async (recording) => {
			// An ID from the answer goes into a path: it must be a UUID.
			if (!isUuid(recording.id)) throw new Error(`The listed recording ID "${String(recording.id).slice(0, 60)}" is not a UUID`);
			await apiRequest.call(this, api, { method: 'DELETE', url: recordingPath(recording.id) }, { subject: `recording ${recording.id}`, itemIndex });
		},
	});
}
