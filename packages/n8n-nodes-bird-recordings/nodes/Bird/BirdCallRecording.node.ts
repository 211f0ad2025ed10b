import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { downloadRecording, recordingDescription } from './resources/recording';
import { getTranscriptContent, transcriptionDescription } from './resources/transcription';
import { CREDENTIAL_TYPE } from './shared/connection';
import { requestOptionsField } from './shared/descriptions';

export class BirdCallRecording implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bird Call Recording',
		name: 'birdCallRecording',
		icon: { light: 'file:bird.svg', dark: 'file:bird.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Work with the call recordings and transcriptions of a Bird workspace (api.bird.com)",
		defaults: { name: 'Bird Call Recording' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Recording', value: 'recording' },
					{ name: 'Transcription', value: 'transcription' },
				],
				default: 'recording',
			},
			...recordingDescription,
			...transcriptionDescription,
			requestOptionsField,
		],
	};

	customOperations = {
		recording: { download: downloadRecording },
		transcription: { getContent: getTranscriptContent },
	};
}
