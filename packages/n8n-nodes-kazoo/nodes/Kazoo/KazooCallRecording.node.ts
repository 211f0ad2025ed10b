import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { downloadRecording, recordingDescription } from './resources/recording';
import { authenticationField, credentialsByAuthentication, requestOptionsField } from './shared/descriptions';

export class KazooCallRecording implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kazoo Call Recording',
		name: 'kazooCallRecording',
		icon: { light: 'file:kazoo.svg', dark: 'file:kazoo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with call recordings of a 2600Hz Kazoo cluster (Crossbar API)',
		defaults: { name: 'Kazoo Call Recording' },
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
				options: [{ name: 'Recording', value: 'recording' }],
				default: 'recording',
			},
			...recordingDescription,
			requestOptionsField,
		],
	};

	customOperations = {
		recording: { download: downloadRecording },
	};
}
