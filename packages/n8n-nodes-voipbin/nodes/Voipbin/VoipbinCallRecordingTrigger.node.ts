import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { asNodeError } from '../../core/items';
import { requireBoolean, requireOption } from '../../core/validation';
import { getVoipbinApi } from './shared/connection';
import { authenticationField, credentialsByAuthentication, requestOptionsField } from './shared/descriptions';
import { latestFinished, pollFinished, readTriggerOptions, triggerOptionsField, WATCHED, withAudio } from './shared/finished';
import { simplifyField, simplifyRecording, simplifyTranscription } from './shared/simplify';

const EVENTS = ['recordingFinished', 'transcriptionDone'] as const;

/**
 * Polls, because VoIPbin's events (recording_finished, transcribe_done) go to the one account-wide,
 * unsigned webhook URL of the customer: a webhook trigger would overwrite the customer's own setting
 * and could not tell VoIPbin's calls from anyone else's.
 */
export class VoipbinCallRecordingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VoIPbin Call Recording Trigger',
		name: 'voipbinCallRecordingTrigger',
		icon: { light: 'file:voipbin.svg', dark: 'file:voipbin.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when a VoIPbin recording has ended or a transcription is done',
		defaults: { name: 'VoIPbin Call Recording Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialsByAuthentication,
		properties: [
			authenticationField,
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Recording Finished', value: 'recordingFinished', description: 'A recording reached the status ended (its audio can be downloaded)' },
					{ name: 'Transcription Done', value: 'transcriptionDone', description: 'A transcription reached the status done' },
				],
				default: 'recordingFinished',
			},
			simplifyField({}),
			triggerOptionsField,
			requestOptionsField,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		try {
			const event = requireOption(this.getNodeParameter('event', 'recordingFinished'), 'Event', EVENTS);
			const watched = WATCHED[event];
			const options = readTriggerOptions(this.getNodeParameter('options', {}) as IDataObject, event);
			const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
			const api = await getVoipbinApi.call(this);
			const items =
				this.getMode() === 'manual'
					? await latestFinished.call(this, api, watched)
					: await pollFinished.call(this, api, watched, options);
			if (items.length === 0) return null;
			const output = options.attachAudio
				? await withAudio.call(this, api, items, options.binaryPropertyName)
				: items.map((json) => ({ json }));
			const timezone = this.getTimezone();
			const simplify = event === 'recordingFinished' ? simplifyRecording : simplifyTranscription;
			return [
				simple
					? output.map((entry) => ({
							...entry,
							json: { ...simplify(entry.json, timezone), ...(entry.json.audioError ? { audioError: entry.json.audioError } : {}) },
						}))
					: output,
			];
		} catch (error) {
			throw asNodeError(this.getNode(), error);
		}
	}
}
