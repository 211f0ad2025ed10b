import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../../core/items';
import { requireBinaryFieldName } from '../../../../core/validation';
import { getBirdApi } from '../../shared/connection';
import { binaryFieldName, recordingIdField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { audioOptions, downloadThroughApi } from '../../shared/media';
import { recordingAudioPath } from '../../shared/paths';

const show = { resource: ['recording'], operation: ['download'] };

export const downloadDescription: INodeProperties[] = [
	recordingIdField(show),
	binaryFieldName(show, 'The name of the output binary field to put the audio in'),
];

/**
 * Streams the MP3 into n8n's binary data store: one API request (`….mp3`, answered 307) and one
 * request to the pre-signed storage URL, which gets no access key.
 */
export async function downloadRecording(this: IExecuteFunctions) {
	const items = this.getInputData();
	return await forEachItem(this, getBirdApi, async (itemIndex, api) => {
		const recordingId = requireUuid(this.getNodeParameter('recordingId', itemIndex), 'Recording ID');
		const binaryPropertyName = requireBinaryFieldName(this.getNodeParameter('binaryPropertyName', itemIndex));
		const binary = await downloadThroughApi.call(this, api, recordingAudioPath(api, recordingId), audioOptions(recordingId, itemIndex));
		const input = items[itemIndex].json;
		const json = input.id === recordingId ? input : { id: recordingId };
		return [{ json, binary: { [binaryPropertyName]: binary } }];
	});
}
