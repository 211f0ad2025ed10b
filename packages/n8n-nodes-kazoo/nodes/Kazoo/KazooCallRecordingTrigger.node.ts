import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { asNodeError } from '../../core/items';
import { requireBoolean } from '../../core/validation';
import { getKazooApi } from './shared/connection';
import { authenticationField, credentialsByAuthentication, requestOptionsField } from './shared/descriptions';
import { listFilters } from './shared/listing';
import { recordingsPath } from './shared/paths';
import { latestRecording, newRecordingProperties, pollNewRecordings, readTriggerOptions, shapeOutput } from './shared/newRecordings';

/**
 * Polls for new recordings. Each poll lists a look-back window of creation times (always with an
 * explicit created_from) and emits what it has not emitted before; with Attach Audio, a recording
 * whose audio is not attached yet is held back for a bounded time.
 */
export class KazooCallRecordingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kazoo Call Recording Trigger',
		name: 'kazooCallRecordingTrigger',
		icon: { light: 'file:kazoo.svg', dark: 'file:kazoo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when a Kazoo call recording appears',
		defaults: { name: 'Kazoo Call Recording Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialsByAuthentication,
		properties: [
			authenticationField,
			...newRecordingProperties(),
			requestOptionsField,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		try {
			const api = await getKazooApi.call(this);
			const options = readTriggerOptions(this.getNodeParameter('options', {}) as IDataObject);
			const scope = this.getNodeParameter('scope', 'account');
			const userId = this.getNodeParameter('userId', '');
			const path = recordingsPath(api, scope, userId);
			const qs = listFilters(this.getNodeParameter('filters', {}) as IDataObject);
			const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
			const watch = { path, qs, config: JSON.stringify(['newRecording', path, qs]) };
			const output =
				this.getMode() === 'manual'
					? await latestRecording.call(this, api, watch, options)
					: await pollNewRecordings.call(this, api, watch, options);
			const shaped = shapeOutput(output, simple, this.getTimezone());
			return shaped.length ? [shaped] : null;
		} catch (error) {
			throw asNodeError(this.getNode(), error);
		}
	}
}
