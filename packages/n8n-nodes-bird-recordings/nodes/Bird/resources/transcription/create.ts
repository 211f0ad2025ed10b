import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../../../../core/request';
import { requireBoolean, requireOption } from '../../../../core/validation';
import type { BirdApi } from '../../shared/connection';
import { recordingIdField, simplifyField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { TRANSCRIPTION_LOCALES } from '../../shared/locales';
import { recordingTranscriptionsPath } from '../../shared/paths';
import { simplifyTranscription } from '../../shared/simplify';

const show = { resource: ['transcription'], operation: ['create'] };

export const createDescription: INodeProperties[] = [
	recordingIdField(show),
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'options',
		options: [...TRANSCRIPTION_LOCALES].sort().map((locale) => ({ name: locale, value: locale })),
		default: 'en-US',
		description: 'The language spoken in the recording, from the locales Bird transcribes',
		displayOptions: { show },
	},
	simplifyField(show),
];

/** Bird answers 202 with the transcription (status accepted); it becomes available a little later. */
export async function createTranscription(this: IExecuteSingleFunctions, api: BirdApi, itemIndex: number) {
	const recordingId = requireUuid(this.getNodeParameter('recordingId'), 'Recording ID');
	const locale = requireOption(this.getNodeParameter('locale', 'en-US'), 'Locale', TRANSCRIPTION_LOCALES);
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(
		this,
		api,
		{ method: 'POST', url: recordingTranscriptionsPath(api, recordingId), body: { locale } },
		{ subject: `recording ${recordingId}`, itemIndex },
	);
	const transcription = body as IDataObject;
	return [{ json: simple ? simplifyTranscription(transcription, this.getTimezone()) : transcription }];
}
