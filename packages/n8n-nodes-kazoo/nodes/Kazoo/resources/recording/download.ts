import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { binaryFieldProperty } from '../../../../core/descriptions';
import { downloadToBinary } from '../../../../core/download';
import { forEachItem } from '../../../../core/items';
import { requireBinaryFieldName } from '../../../../core/validation';
import { getKazooApi } from '../../shared/connection';
import { recordingIdField } from '../../shared/descriptions';
import { requireRecordingId } from '../../shared/ids';
import { recordingPath } from '../../shared/paths';

const show = { resource: ['recording'], operation: ['download'] };

export const downloadDescription: INodeProperties[] = [
	recordingIdField(show),
	binaryFieldProperty(show, 'audio'),
];

/**
 * Streams the audio into n8n's binary data store: one request, on the recording's own URL with
 * `Accept: audio/mpeg` (Kazoo answers JSON to n8n's default Accept). The file name comes from
 * Content-Disposition and the type from the response (a WAV recording is served as such).
 */
export async function downloadRecording(this: IExecuteFunctions) {
	const items = this.getInputData();
	return await forEachItem(this, getKazooApi, async (itemIndex, api) => {
		const recordingId = requireRecordingId(this.getNodeParameter('recordingId', itemIndex));
		const binaryPropertyName = requireBinaryFieldName(this.getNodeParameter('binaryPropertyName', itemIndex));
		const binary = await downloadToBinary.call(this, api, recordingPath(api, recordingId), {
			what: `audio of recording ${recordingId}`,
			headers: { Accept: 'audio/mpeg' },
			defaultFileName: `${recordingId}.mp3`,
			defaultMimeType: 'audio/mpeg',
			subject: `Recording ${recordingId}`,
			itemIndex,
		});
		const input = items[itemIndex].json;
		const json = input.id === recordingId ? input : { id: recordingId };
		return [{ json, binary: { [binaryPropertyName]: binary } }];
	});
}
