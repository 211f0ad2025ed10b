import { DateTime } from 'luxon';
import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { periodBefore } from '../../../../core/dates';
import { deleteManySafetyFields } from '../../../../core/descriptions';
import { asNodeError } from '../../../../core/items';
import { apiRequest } from '../../../../core/request';
import { nonNegativeAmount, requireBoolean, requireWholeNumber } from '../../../../core/validation';
import type { KazooApi } from '../../shared/connection';
import { dateToGregorian } from '../../shared/gregorian';
import { requireRecordingId } from '../../shared/ids';
import { listFilters, listRecordings } from '../../shared/listing';
import { recordingPath, recordingsPath } from '../../shared/paths';
import { listFiltersField } from './getMany';

const show = { resource: ['recording'], operation: ['deleteMany'] };

/** The most a single execution may delete, whatever the node says: a runaway filter stays bounded. */
export const DELETE_MANY_CEILING = 10_000;

export const deleteManyDescription: INodeProperties[] = [
	{
		displayName: 'Older Than (Days)',
		name: 'olderThanDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 90,
		description: 'Only recordings created more than this many days ago',
		displayOptions: { show },
	},
	{
		displayName: 'Look Back (Days)',
		name: 'lookBackDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 365,
		description:
			'How far before "Older Than" to look. Kazoo lists only a given time range, 31 days per request, so retention needs an earliest date.',
		displayOptions: { show },
	},
	listFiltersField(show),
	...deleteManySafetyFields(show, {
		default: 500,
		ceiling: DELETE_MANY_CEILING,
		description: `At most this many recordings, oldest first, are listed or deleted per execution; the next execution goes on (at most ${DELETE_MANY_CEILING})`,
	}),
];

/**
 * Retention clean-up: lists the matching recordings (oldest first) and deletes them one by one, or
 * with Dry Run only lists them. One failing deletion is reported on its own output item and does not
 * stop the others.
 */
export async function deleteManyRecordings(
	this: IExecuteSingleFunctions,
	api: KazooApi,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const olderThanDays = nonNegativeAmount(this.getNodeParameter('olderThanDays', 90), 'Older Than (Days)', 'days', 36_500) ?? 0;
	const lookBackDays = requireWholeNumber(this.getNodeParameter('lookBackDays', 365), 'Look Back (Days)', 1, 36_500);
	const dryRun = requireBoolean(this.getNodeParameter('dryRun', true), 'Dry Run');
	const maxDeletions = requireWholeNumber(this.getNodeParameter('maxDeletions', 500), 'Max Deletions per Execution', 1, DELETE_MANY_CEILING);
	const qs = listFilters(this.getNodeParameter('filters', {}) as IDataObject);
	const path = recordingsPath(api, 'account', '');
	const before = periodBefore(DateTime.utc(), olderThanDays, 'days', 'Older Than (Days)');
	const from = periodBefore(before, lookBackDays, 'days', 'Look Back (Days)');
	const { items } = await listRecordings.call(this, api, {
		path,
		range: { from: dateToGregorian(from), to: dateToGregorian(before) - 1 },
		ascending: true,
		qs,
		limit: maxDeletions,
		subject: 'the recordings list',
		itemIndex,
	});
	const output: INodeExecutionData[] = [];
	for (const recording of items) {
		const summary = { id: recording.id, name: recording.name, start: recording.start };
		if (dryRun) {
			output.push({ json: { ...summary, dryRun: true, deleted: false } });
			continue;
		}
		try {
			// An ID from the answer goes into a path: it is checked like one typed in.
			const id = requireRecordingId(recording.id, 'Listed recording ID');
			await apiRequest.call(this, api, { method: 'DELETE', url: recordingPath(api, id) }, { subject: `recording ${id}`, itemIndex });
			output.push({ json: { ...summary, deleted: true } });
		} catch (error) {
			output.push({ json: { ...summary, deleted: false, error: asNodeError(this.getNode(), error, itemIndex).message } });
		}
	}
	return output;
}
