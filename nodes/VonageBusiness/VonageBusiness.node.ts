import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { downloadRecording, recordingDescription } from './resources/recording';

export class VonageBusiness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vonage Business Call Recording',
		name: 'vonageBusiness',
		icon: { light: 'file:vonageBusiness.svg', dark: 'file:vonageBusiness.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'List, get, delete, export and download Vonage Business Communications call recordings',
		defaults: { name: 'Vonage Business Call Recording' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vonageBusinessOAuth2Api', required: true }],
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
				options: [{ name: 'Recording', value: 'recording' }],
				default: 'recording',
			},
			...recordingDescription,
		],
	};

	customOperations = {
		recording: { download: downloadRecording },
	};
}
