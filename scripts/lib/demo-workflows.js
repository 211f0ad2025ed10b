'use strict';
// The workflows `npm start` imports next to the demo credential: one live trigger and three to run by hand.
const { chainWorkflow, manualWorkflow, triggerWorkflow, ACTION_TYPE } = require('./workflows');

function demoWorkflows(credential) {
	return [
		triggerWorkflow({
			id: 'vbcDemoTrigger',
			name: 'VBC demo: every new recording, with its audio',
			credential,
			parameters: { event: 'newRecording', scope: 'company', options: { attachAudio: true } },
		}),
		rename(
			manualWorkflow('vbcDemoListDownload', credential, [
				{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 5 },
				{ resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
			]),
			'VBC demo: the 5 newest recordings, downloaded',
		),
		rename(
			manualWorkflow('vbcDemoTranscripts', credential, [
				{ resource: 'transcription', operation: 'getMany', returnAll: false, limit: 5, filters: { status: 'ready' } },
				{ resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.recordingId }}' },
			]),
			'VBC demo: ready transcripts',
		),
		rename(
			chainWorkflow({
				id: 'vbcDemoExport',
				nodes: [
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
					{
						name: 'Export inbound recordings',
						type: ACTION_TYPE,
						credential,
						parameters: {
							resource: 'recording',
							operation: 'export',
							scope: 'company',
							filters: { callDirection: 'INBOUND' },
							exportOptions: { waitAndDownload: true, pollIntervalSeconds: 2, timeoutSeconds: 120 },
						},
					},
				],
			}),
			'VBC demo: export inbound recordings and download the ZIP',
		),
	];
}

function rename(workflow, name) {
	return { ...workflow, name };
}

module.exports = { demoWorkflows };
