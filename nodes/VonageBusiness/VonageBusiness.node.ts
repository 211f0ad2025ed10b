import { NodeConnectionTypes, type INodeProperties, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { exportJobDescription } from './resources/exportJob';
import {
	authenticationField,
	credentialsByAuthentication,
	optionNameExpression,
	requestOptionsField,
} from './shared/descriptions';
import { downloadRecording, recordingDescription } from './resources/recording';
import { transcriptionDescription } from './resources/transcription';

const resourceField: INodeProperties = {
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
};

const resourceProperties = [...recordingDescription, ...transcriptionDescription, ...exportJobDescription];

export class VonageBusiness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vonage Business Call Recording',
		name: 'vonageBusiness',
		icon: { light: 'file:vonageBusiness.svg', dark: 'file:vonageBusiness.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Get Many: Recording", as the options read.
		subtitle: `={{ ${optionNameExpression('operation', resourceProperties)} + ": " + ${optionNameExpression('resource', [resourceField])} }}`,
		description: 'Work with Vonage Business Communications call recordings, transcriptions and export jobs',
		documentationUrl: 'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business#operations',
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
			resourceField,
			...resourceProperties,
			requestOptionsField,
		],
	};

	customOperations = {
		recording: { download: downloadRecording },
	};
}
