import type { INodeProperties } from 'n8n-workflow';

import { exportDescription, exportRecordingsWithTranscriptions } from './export';
import { getManyDescription, getManyTranscriptions } from './getMany';
import { getTranscript, getTranscriptDescription } from './getTranscript';

export const transcriptionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcription'] } },
		options: [
			{
				name: 'Export',
				value: 'export',
				action: 'Export recordings with transcriptions',
				description: 'Create a company recordings + transcriptions export job from filters',
				routing: { send: { paginate: true }, operations: { pagination: exportRecordingsWithTranscriptions } },
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many transcriptions',
				description: 'List company call transcriptions, with filters',
				routing: { send: { paginate: true }, operations: { pagination: getManyTranscriptions } },
			},
			{
				name: 'Get Transcript',
				value: 'getTranscript',
				action: 'Get the transcript of a recording',
				description: 'Read the transcript text (and its segments) of a company recording',
				routing: { send: { paginate: true }, operations: { pagination: getTranscript } },
			},
		],
		default: 'getMany',
	},
	...getManyDescription,
	...getTranscriptDescription,
	...exportDescription,
];
