import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordingPath, requireScope } from '../../shared/paths';
import { downloadToBinary, forEachItem, vbcRequest } from '../../shared/transport';
import { InvalidInputError, requireRecordingId } from '../../shared/validation';

const show = { resource: ['recording'], operation: ['download'] };

export const downloadDescription: INodeProperties[] = [
	{
		displayName: 'Recording ID',
		name: 'recordingId',
		type: 'string',
		default: '={{ $json.id }}',
		placeholder: '193228',
		description:
			'The numeric ID of the recording. When the input item is that recording (from Get Many or Get, simplified or not), its download URL is used directly, which saves one request.',
		displayOptions: { show },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the audio in',
		displayOptions: { show },
	},
];

/**
 * Streams the audio into n8n's binary data store. Declarative routing would buffer the whole file,
 * so this operation is code.
 */
export async function downloadRecording(this: IExecuteFunctions) {
	const items = this.getInputData();
	return await forEachItem.call(this, async (itemIndex, api) => {
		const recordingId = requireRecordingId(this.getNodeParameter('recordingId', itemIndex));
		const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex)).trim();
		if (binaryPropertyName === '') {
			throw new InvalidInputError('Put Output File in Field', 'Put Output File in Field is empty: enter a field name such as data');
		}
		const input = items[itemIndex].json;
		// Get Many's output, raw or simplified, already holds the URL: no need to fetch the recording.
		const listedUrl = input.download_url ?? input.downloadUrl;
		let recording: IDataObject = input;
		let downloadUrl: unknown = listedUrl;
		let fileName: unknown = input.file_name ?? input.fileName;
		if (typeof listedUrl !== 'string' || String(input.id) !== recordingId) {
			const path = recordingPath(
				api,
				requireScope(this.getNodeParameter('scope', itemIndex)),
				this.getNodeParameter('userId', itemIndex, 'self'),
				recordingId,
			);
			const { body } = await vbcRequest.call(
				this,
				api,
				{ method: 'GET', url: path },
				{ subject: `recording ${recordingId}`, itemIndex },
			);
			recording = body as IDataObject;
			downloadUrl = recording.download_url;
			fileName = recording.file_name;
		}
		if (typeof downloadUrl !== 'string' || downloadUrl === '') {
			throw new InvalidInputError('Recording ID', `Recording ${recordingId} has no download_url: VBC has no audio for it`);
		}
		const binary = await downloadToBinary.call(this, api, downloadUrl, {
			what: `download_url of recording ${recordingId}`,
			fileName: typeof fileName === 'string' ? fileName : `${recordingId}.mp3`,
			subject: `the audio of recording ${recordingId}`,
			itemIndex,
			defaultMimeType: 'audio/mpeg',
		});
		return [{ json: recording, binary: { [binaryPropertyName]: binary } }];
	});
}
