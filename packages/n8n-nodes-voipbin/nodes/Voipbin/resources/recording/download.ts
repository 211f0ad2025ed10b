import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../../../../core/items';
import { requireBinaryFieldName } from '../../../../core/validation';
import { downloadRecordingAudio, noAudioYet, notEndedYet } from '../../shared/audio';
import { getVoipbinApi } from '../../shared/connection';
import { recordingIdField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';

const show = { resource: ['recording'], operation: ['download'] };

export const downloadDescription: INodeProperties[] = [
	{
		displayName:
			"VoIPbin serves a ZIP holding the two sides of the call (<name>_in.wav and <name>_out.wav); older deployments serve one WAV. To get each side as its own file, add n8n's Compression node (Decompress) after this one.",
		name: 'downloadNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	recordingIdField(show),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the ZIP or WAV file in',
		displayOptions: { show },
	},
];

/**
 * One request per recording (plus the redirect to storage, which carries no credential). An input
 * item that says its recording has not ended gets a clear error without any request.
 */
export async function downloadRecording(this: IExecuteFunctions) {
	const items = this.getInputData();
	return await forEachItem(this, getVoipbinApi, async (itemIndex, api) => {
		const recordingId = requireUuid(this.getNodeParameter('recordingId', itemIndex), 'Recording ID');
		const binaryPropertyName = requireBinaryFieldName(this.getNodeParameter('binaryPropertyName', itemIndex));
		const input = items[itemIndex].json;
		if (notEndedYet(input, recordingId)) {
			const { message, description } = noAudioYet(recordingId, input.status);
			throw new NodeOperationError(this.getNode(), message, { itemIndex, description });
		}
		const binary = await downloadRecordingAudio.call(this, api, recordingId, itemIndex);
		const json = input.id === recordingId ? input : { id: recordingId };
		return [{ json, binary: { [binaryPropertyName]: binary } }];
	});
}
