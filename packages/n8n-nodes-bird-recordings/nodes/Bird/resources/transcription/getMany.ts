import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimitFields } from '../../../../core/descriptions';
import { asItems } from '../../../../core/items';
import { readPages } from '../../../../core/paging';
import { requireBoolean, requireLimit } from '../../../../core/validation';
import type { BirdApi } from '../../shared/connection';
import { simplifyField } from '../../shared/descriptions';
import { birdPages } from '../../shared/listing';
import { transcriptionsPath } from '../../shared/paths';
import { simplifyTranscription } from '../../shared/simplify';

const show = { resource: ['transcription'], operation: ['getMany'] };

export const getManyDescription: INodeProperties[] = [...returnAllAndLimitFields(show), simplifyField(show)];

/** The workspace's transcriptions, pages of up to 99 on `nextPageToken` (Bird has no filters here). */
export async function getManyTranscriptions(this: IExecuteSingleFunctions, api: BirdApi, itemIndex: number) {
	const returnAll = requireBoolean(this.getNodeParameter('returnAll', false), 'Return All');
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const timezone = this.getTimezone();
	const { items } = await readPages.call(this, api, birdPages, {
		path: transcriptionsPath(api),
		limit,
		subject: 'the transcriptions list',
		itemIndex,
		eachPage: simple ? (page) => page.map((transcription) => simplifyTranscription(transcription, timezone)) : undefined,
	});
	return asItems(items);
}
