import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { asNodeError } from '../../core/items';
import { requireBoolean, requireOption } from '../../core/validation';
import { CREDENTIAL_TYPE, getBirdApi } from './shared/connection';
import { requestOptionsField, simplifyField } from './shared/descriptions';
import { recordingFilters, recordingFiltersField } from './shared/listing';
import { latestItem, pollWatch, type Watch } from './shared/polling';
import { simplifyRecording, simplifyTranscription } from './shared/simplify';
import { readBirdTriggerOptions, triggerOptionsField } from './shared/triggerOptions';

const EVENTS = ['newRecording', 'transcriptionAvailable'] as const;

/**
 * Polls Bird: Bird has webhooks for call states, none for recordings or transcriptions, and a
 * recording becomes available only some time after its call completes.
 */
export class BirdCallRecordingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bird Call Recording Trigger',
		name: 'birdCallRecordingTrigger',
		icon: { light: 'file:bird.svg', dark: 'file:bird.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when a Bird call recording or transcription becomes available',
		defaults: { name: 'Bird Call Recording Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'New Recording', value: 'newRecording', description: 'A call recording became available (its audio can be downloaded)' },
					{ name: 'Transcription Available', value: 'transcriptionAvailable', description: 'A transcription finished' },
				],
				default: 'newRecording',
			},
			recordingFiltersField({ event: ['newRecording'] }, false),
			simplifyField({}),
			triggerOptionsField,
			requestOptionsField,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		try {
			const api = await getBirdApi.call(this);
			const event = requireOption(this.getNodeParameter('event', 'newRecording'), 'Event', EVENTS);
			const options = readBirdTriggerOptions(this.getNodeParameter('options', {}) as IDataObject);
			const timezone = this.getTimezone();
			const filters = { ...(this.getNodeParameter('filters', {}) as IDataObject) };
			delete filters.startAt;
			delete filters.endAt;
			const qs = event === 'newRecording' ? recordingFilters(filters, timezone) : {};
			const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
			const watch: Watch = { event, qs, config: JSON.stringify([event, api.workspaceId, qs]) };
			const output =
				this.getMode() === 'manual'
					? await latestItem.call(this, api, watch, options)
					: await pollWatch.call(this, api, watch, options);
			const simplify = event === 'newRecording' ? simplifyRecording : simplifyTranscription;
			const shaped = simple
				? output.map((item) => ({
						...item,
						json: { ...simplify(item.json, timezone), ...(item.json.audioError ? { audioError: item.json.audioError } : {}) },
					}))
				: output;
			return shaped.length ? [shaped] : null;
		} catch (error) {
			throw asNodeError(this.getNode(), error);
		}
	}
}
