import type { INodeProperties } from 'n8n-workflow';

import { codeRouting } from '../../../../core/items';
import { getVoipbinApi } from '../../shared/connection';
import { getManyTranscriptions, getManyTranscriptionsDescription } from './getMany';
import { getTranscript, getTranscriptDescription } from './getTranscript';
import { startDescription, startTranscription } from './start';

export const transcriptionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcription'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many transcriptions of a recording',
				description: 'List the transcriptions of a recording, newest first',
				routing: codeRouting('GET', getVoipbinApi, getManyTranscriptions),
			},
			{
				name: 'Get Transcript',
				value: 'getTranscript',
				action: 'Get the transcript of a transcription',
				description: 'Get the lines of a transcription, in the order they were spoken (one request)',
				routing: codeRouting('GET', getVoipbinApi, getTranscript),
			},
			{
				name: 'Start',
				value: 'start',
				action: 'Start a transcription of a recording',
				description: 'Ask VoIPbin to transcribe an ended recording',
				routing: codeRouting('POST', getVoipbinApi, startTranscription),
			},
		],
		default: 'start',
	},
	...startDescription,
	...getManyTranscriptionsDescription,
	...getTranscriptDescription,
];
