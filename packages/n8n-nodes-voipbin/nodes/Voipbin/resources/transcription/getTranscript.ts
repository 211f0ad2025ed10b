import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../../../core/api';
import { asItems } from '../../../../core/items';
import { apiRequest } from '../../../../core/request';
import { requireBoolean } from '../../../../core/validation';
import { requireUuid } from '../../shared/ids';
import { readableTime } from '../../shared/simplify';
import { parseVoipbinTime } from '../../shared/times';

const show = { resource: ['transcription'], operation: ['getTranscript'] };

/** VoIPbin's /transcripts answers at most this many lines, whatever is asked. */
export const TRANSCRIPT_LINE_CAP = 100;

export const getTranscriptDescription: INodeProperties[] = [
	{
		displayName: 'Transcription ID',
		name: 'transcriptionId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		placeholder: 'a1b2c3d4-0000-4000-8000-123456789abc',
		description: 'The ID (a UUID) of the transcription, as Start or Get Many return it',
		displayOptions: { show },
	},
	{
		displayName: 'Simplify',
		name: 'simple',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		hint: 'Simplified: one item with the conversation as text and lines. Raw: one item per line, as VoIPbin sends it.',
		displayOptions: { show },
	},
];

const spokenAt = (line: IDataObject): number => parseVoipbinTime(line.tm_transcript) ?? parseVoipbinTime(line.tm_create) ?? 0;

/**
 * GET /transcripts?transcribe_id= once. VoIPbin ignores paging there and always sends a
 * next_page_token (following it returns the same page forever), so the node never follows it: it
 * sorts the lines by when they were spoken (tm_transcript), oldest first.
 */
export async function getTranscript(this: IExecuteSingleFunctions, api: ApiConnection, itemIndex: number) {
	const transcriptionId = requireUuid(this.getNodeParameter('transcriptionId'), 'Transcription ID');
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(
		this,
		api,
		{ method: 'GET', url: '/transcripts', qs: { transcribe_id: transcriptionId } },
		{ subject: `transcription ${transcriptionId}`, itemIndex },
	);
	const result = (body as IDataObject | undefined)?.result;
	const lines = (Array.isArray(result) ? (result as IDataObject[]) : []).slice().sort((a, b) => spokenAt(a) - spokenAt(b));
	if (!simple) return asItems(lines);
	const timezone = this.getTimezone();
	return [
		{
			json: {
				transcriptionId,
				lineCount: lines.length,
				// VoIPbin sends the newest 100 lines only: a longer conversation lost its beginning.
				...(lines.length >= TRANSCRIPT_LINE_CAP ? { mayBeTruncated: true } : {}),
				text: lines.map((line) => `${String(line.direction ?? '')}: ${String(line.message ?? '')}`).join('\n'),
				lines: lines.map((line) => ({ direction: line.direction, message: line.message, spokenAt: readableTime(line.tm_transcript, timezone) ?? null })),
			},
		},
	];
}
