import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../../../core/api';
import { apiRequest } from '../../../../core/request';
import { requireBoolean, requireMatch, requireOption } from '../../../../core/validation';
import { recordingIdField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { simplifyField, simplifyTranscription } from '../../shared/simplify';

const show = { resource: ['transcription'], operation: ['start'] };

export const DIRECTIONS = ['both', 'in', 'out'] as const;
/** A BCP 47 language tag as VoIPbin's providers take it: en-US, de-DE, ja-JP. */
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const startDescription: INodeProperties[] = [
	recordingIdField(show),
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		required: true,
		default: 'en-US',
		placeholder: 'en-US',
		description: 'The language spoken, as a BCP 47 tag such as en-US or de-DE',
		displayOptions: { show },
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Both Sides', value: 'both' },
			{ name: 'Incoming Side', value: 'in' },
			{ name: 'Outgoing Side', value: 'out' },
		],
		default: 'both',
		displayOptions: { show },
	},
	simplifyField(show),
];

/**
 * POST /transcribes for a recording. VoIPbin returns the transcription (status progressing); for a
 * recording that already has one in that language it returns the existing one.
 */
export async function startTranscription(this: IExecuteSingleFunctions, api: ApiConnection, itemIndex: number) {
	const recordingId = requireUuid(this.getNodeParameter('recordingId'), 'Recording ID');
	const language = requireMatch(this.getNodeParameter('language', 'en-US'), 'Language', LANGUAGE, 'a language tag such as en-US');
	const direction = requireOption(this.getNodeParameter('direction', 'both'), 'Direction', DIRECTIONS);
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(
		this,
		api,
		{ method: 'POST', url: '/transcribes', body: { reference_type: 'recording', reference_id: recordingId, language, direction } },
		{ subject: `recording ${recordingId}`, itemIndex },
	);
	const transcribe = (body ?? {}) as IDataObject;
	return [{ json: simple ? simplifyTranscription(transcribe, this.getTimezone()) : transcribe }];
}
