import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../../../core/api';
import { asItems } from '../../../../core/items';
import { requireBoolean, requireLimit } from '../../../../core/validation';
import { recordingIdField, returnAllFields } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { listNewestFirst } from '../../shared/listing';
import { simplifyField, simplifyTranscription } from '../../shared/simplify';

const show = { resource: ['transcription'], operation: ['getMany'] };

export const getManyTranscriptionsDescription: INodeProperties[] = [recordingIdField(show), ...returnAllFields(show), simplifyField(show)];

/** The transcriptions of one recording, newest first (GET /transcribes with both reference parameters). */
export async function getManyTranscriptions(this: IExecuteSingleFunctions, api: ApiConnection, itemIndex: number) {
	const recordingId = requireUuid(this.getNodeParameter('recordingId'), 'Recording ID');
	const returnAll = requireBoolean(this.getNodeParameter('returnAll', false), 'Return All');
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { items } = await listNewestFirst.call(this, api, {
		path: '/transcribes',
		qs: { reference_type: 'recording', reference_id: recordingId },
		limit,
		subject: `the transcriptions of recording ${recordingId}`,
		itemIndex,
	});
	const timezone = this.getTimezone();
	return asItems(simple ? items.map((item) => simplifyTranscription(item, timezone)) : items);
}
