import { DateTime } from 'luxon';
import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { periodBefore } from '../../../../core/dates';
import { DELETE_MANY_CEILING, deleteListed, deleteManyNotice, deleteManySafetyFields } from '../../../../core/deleteMany';
import { readPages } from '../../../../core/paging';
import { apiRequest } from '../../../../core/request';
import { nonNegativeAmount, requireBoolean, requireWholeNumber } from '../../../../core/validation';
import type { BirdApi } from '../../shared/connection';
import { requireUuid } from '../../shared/ids';
import { birdPages, recordingFilters, recordingFiltersField } from '../../shared/listing';
import { recordingPath, recordingsPath } from '../../shared/paths';
import { birdTime, birdTimeMs } from '../../shared/times';

const show = { resource: ['recording'], operation: ['deleteMany'] };

export const deleteManyDescription: INodeProperties[] = [
	deleteManyNotice(show),
	{
		displayName: 'Older Than (Days)',
		name: 'olderThanDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 90,
		description: 'Only recordings created more than this many days ago',
		displayOptions: { show },
	},
	recordingFiltersField(show, false),
	...deleteManySafetyFields(show),
];

/**
 * Retention clean-up: lists the recordings before the cut-off (Bird's endAt) and deletes them one by
 * one, or with Dry Run only lists them. Bird does not document which time endAt compares, so each
 * listed recording's createdAt is checked against the cut-off too; one with no readable createdAt is
 * left alone. One failing deletion is reported on its own output item and does not stop the others.
 */
export async function deleteManyRecordings(
	this: IExecuteSingleFunctions,
	api: BirdApi,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const olderThanDays = nonNegativeAmount(this.getNodeParameter('olderThanDays', 90), 'Older Than (Days)', 'days', 36_500) ?? 0;
	const dryRun = requireBoolean(this.getNodeParameter('dryRun', true), 'Dry Run');
	const maxDeletions = requireWholeNumber(this.getNodeParameter('maxDeletions', 500), 'Max Deletions per Execution', 1, DELETE_MANY_CEILING);
	const filters = { ...(this.getNodeParameter('filters', {}) as IDataObject) };
	delete filters.startAt;
	delete filters.endAt;
	const qs = recordingFilters(filters, this.getTimezone());
	const cutOff = periodBefore(DateTime.utc(), olderThanDays, 'days', 'Older Than (Days)').toMillis();
	const { items } = await readPages.call(this, api, birdPages, {
		path: recordingsPath(api),
		qs: { ...qs, endAt: birdTime(cutOff) },
		limit: maxDeletions,
		subject: 'the recordings list',
		itemIndex,
	});
	return await deleteListed(this.getNode(), items.filter((listed) => (birdTimeMs(listed.createdAt) ?? Infinity) < cutOff), {
		dryRun,
		itemIndex,
		summary: (recording) => ({ id: recording.id, createdAt: recording.createdAt, status: recording.status }),
		// An ID from the answer goes into a path: it is checked like one typed in.
		remove: async (recording) => {
			const id = requireUuid(recording.id, 'Listed recording ID');
			await apiRequest.call(this, api, { method: 'DELETE', url: recordingPath(api, id) }, { subject: `recording ${id}`, itemIndex });
		},
	});
}
