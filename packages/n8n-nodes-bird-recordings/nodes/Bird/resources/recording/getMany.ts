import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimitFields } from '../../../../core/descriptions';
import { asItems } from '../../../../core/items';
import { readPages } from '../../../../core/paging';
import { requireBoolean, requireLimit } from '../../../../core/validation';
import type { BirdApi } from '../../shared/connection';
import { simplifyField } from '../../shared/descriptions';
import { birdPages, recordingFilters, recordingFiltersField } from '../../shared/listing';
import { recordingsPath } from '../../shared/paths';
import { simplifyRecording } from '../../shared/simplify';

const show = { resource: ['recording'], operation: ['getMany'] };

export const getManyDescription: INodeProperties[] = [
	...returnAllAndLimitFields(show),
	recordingFiltersField(show),
	simplifyField(show),
];

/** Pages of up to 99 on `nextPageToken`; a Limit of 99 or less is one request. */
export async function getManyRecordings(this: IExecuteSingleFunctions, api: BirdApi, itemIndex: number) {
	const returnAll = requireBoolean(this.getNodeParameter('returnAll', false), 'Return All');
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const timezone = this.getTimezone();
	const qs = recordingFilters(this.getNodeParameter('filters', {}) as IDataObject, timezone);
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { items } = await readPages.call(this, api, birdPages, {
		path: recordingsPath(api),
		qs,
		limit,
		subject: 'the recordings list',
		itemIndex,
		eachPage: simple ? (page) => page.map((recording) => simplifyRecording(recording, timezone)) : undefined,
	});
	return asItems(items);
}
