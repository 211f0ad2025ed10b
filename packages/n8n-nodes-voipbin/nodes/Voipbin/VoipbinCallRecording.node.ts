import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { downloadRecording, recordingDescription } from './resources/recording';
import { transcriptionDescription } from './resources/transcription';
import { authenticationField, credentialsByAuthentication, requestOptionsField } from './shared/descriptions';

export class VoipbinCallRecording implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoIPbin Call Recording',
		name: 'voipbinCallRecording',
		icon: { light: 'file:voipbin.svg', dark: 'file:voipbin.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with VoIPbin call recordings, their audio and their transcriptions',
		defaults: { name: 'VoIPbin Call Recording' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialsByAuthentication,
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			authenticationField,
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
	};
}
