import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { exportJobDescription } from './resources/exportJob';
import { authenticationField, credentialsByAuthentication, requestOptionsField } from './shared/descriptions';
import { downloadRecording, recordingDescription } from './resources/recording';
import { transcriptionDescription } from './resources/transcription';

export class VonageBusiness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vonage Business Call Recording',
		name: 'vonageBusiness',
		icon: { light: 'file:vonageBusiness.svg', dark: 'file:vonageBusiness.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with Vonage Business Communications call recordings, transcriptions and export jobs',
		defaults: { name: 'Vonage Business Call Recording' },
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
					{ name: 'Export Job', value: 'exportJob' },
					{ name: 'Recording', value: 'recording' },
					{ name: 'Transcription', value: 'transcription' },
				],
				default: 'recording',
			},
			...recordingDescription,
			...transcriptionDescription,
			...exportJobDescription,
			requestOptionsField,
		],
	};

	customOperations = {
		recording: { download: downloadRecording },
	};
}
