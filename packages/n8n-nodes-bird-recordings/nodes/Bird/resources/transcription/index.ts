import type { INodeProperties } from 'n8n-workflow';

import { codeRouting } from '../../../../core/items';
import { getBirdApi } from '../../shared/connection';
import { createDescription, createTranscription } from './create';
import { getDescription, getTranscription } from './get';
import { getContentDescription } from './getContent';
import { getManyDescription, getManyTranscriptions } from './getMany';

export { getTranscriptContent } from './getContent';

export const transcriptionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcription'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Transcribe a recording',
				description: 'Ask Bird to transcribe a recording in a locale',
				routing: codeRouting('POST', getBirdApi, createTranscription),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a transcription',
				description: 'Get a transcription by ID (its status and summary)',
				routing: codeRouting('GET', getBirdApi, getTranscription),
			},
			{
				name: 'Get Content',
				value: 'getContent',
				action: 'Get the text of a transcription',
				description: 'Get the transcript as JSON, SRT, WebVTT or plain text, as text or as a file',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many transcriptions',
				description: 'List the transcriptions of the workspace',
				routing: codeRouting('GET', getBirdApi, getManyTranscriptions),
			},
		],
		default: 'getMany',
	},
	...createDescription,
	...getManyDescription,
	...getDescription,
	...getContentDescription,
];
