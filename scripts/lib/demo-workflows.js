'use strict';
// The workflows `npm start` imports next to the demo credentials: one live trigger and four to run by hand.
// Node names say what each node does, as a user would name them.
const { chainWorkflow, triggerWorkflow, ACTION_TYPE } = require('./workflows');

/** Requests a minute the main demo credential allows: enough for a person clicking through the demos. */
const DEMO_QUOTA = 60;
/** VBC's own default quota per token, which the quota demo runs under. */
const VBC_DEFAULT_QUOTA = 10;
/** The quota demo makes this many requests (one list + downloads), a few more than VBC's default quota. */
const QUOTA_DEMO_REQUESTS = 13;

const start = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} };

function demoWorkflows({ credential, quotaCredential }) {
	const action = (name, parameters, withCredential = credential) => ({ name, type: ACTION_TYPE, credential: withCredential, parameters });
	return [
		{
			...triggerWorkflow({
				id: 'vbcDemoTrigger',
				name: 'VBC demo: every new recording, with its audio',
				triggerName: 'On New Recording (With Audio)',
				credential,
				parameters: { event: 'newRecording', scope: 'company', options: { attachAudio: true } },
			}),
			// Every demo start is a first activation: the trigger starts from the recordings the sandbox has now,
			// instead of state saved by an earlier demo run against an earlier sandbox.
			staticData: null,
		},
		chainWorkflow({
			id: 'vbcDemoListDownload',
			name: 'VBC demo: the 5 newest recordings, downloaded',
			nodes: [
				start,
				action('Get 5 Newest Recordings', { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 5 }),
				action('Download Audio', { resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' }),
			],
		}),
		chainWorkflow({
			id: 'vbcDemoTranscripts',
			name: 'VBC demo: ready transcripts',
			nodes: [
				start,
				action('Get 5 Ready Transcriptions', { resource: 'transcription', operation: 'getMany', returnAll: false, limit: 5, filters: { status: 'ready' } }),
				action('Get Transcript', { resource: 'transcription', operation: 'getTranscript', recordingId: '={{ $json.recordingId }}' }),
			],
		}),
		chainWorkflow({
			id: 'vbcDemoExport',
			name: 'VBC demo: export inbound recordings and download the ZIP',
			nodes: [
				start,
				action('Export Inbound Recordings and Download the ZIP', {
					resource: 'recording',
					operation: 'export',
					scope: 'company',
					filters: { callDirection: 'INBOUND' },
					exportOptions: { waitAndDownload: true, pollIntervalSeconds: 2, timeoutSeconds: 120 },
				}),
			],
		}),
		chainWorkflow({
			id: 'vbcDemoQuota',
			name: `VBC demo: ${QUOTA_DEMO_REQUESTS} requests under VBC's default quota of ${VBC_DEFAULT_QUOTA} a minute (pauses on purpose)`,
			nodes: [
				start,
				action(
					`Get ${QUOTA_DEMO_REQUESTS - 1} Newest Recordings`,
					{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: QUOTA_DEMO_REQUESTS - 1 },
					quotaCredential,
				),
				action(
					'Download Audio (Paced Under the Quota)',
					{ resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
					quotaCredential,
				),
			],
		}),
	];
}

module.exports = { demoWorkflows, DEMO_QUOTA, VBC_DEFAULT_QUOTA };
