import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachItem } from '../../../../core/items';
import { apiRequest } from '../../../../core/request';
import { requireBinaryFieldName, requireOption } from '../../../../core/validation';
import { getBirdApi } from '../../shared/connection';
import { binaryFieldName } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { downloadThroughApi } from '../../shared/media';
import { transcriptContentPath } from '../../shared/paths';
import { transcriptionIdField } from './get';

const show = { resource: ['transcription'], operation: ['getContent'] };

export const CONTENT_FORMATS = ['json', 'srt', 'vtt', 'txt'] as const;
const MIME_TYPES: Record<(typeof CONTENT_FORMATS)[number], string> = {
	json: 'application/json',
	srt: 'application/x-subrip',
	vtt: 'text/vtt',
	txt: 'text/plain',
};

export const getContentDescription: INodeProperties[] = [
	transcriptionIdField(show),
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json' },
			{ name: 'SRT Subtitles', value: 'srt' },
			{ name: 'Plain Text', value: 'txt' },
			{ name: 'WebVTT Subtitles', value: 'vtt' },
		],
		default: 'txt',
		displayOptions: { show },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Text in JSON', value: 'text', description: 'The content in the output item (JSON is parsed)' },
			{ name: 'Binary File', value: 'binary', description: 'The content as a file in a binary field' },
		],
		default: 'text',
		displayOptions: { show },
	},
	binaryFieldName({ ...show, output: ['binary'] }, 'The name of the output binary field to put the transcript file in'),
];

/**
 * The transcript as a file (`….json|srt|vtt|txt`), once the transcription is available. Bird may
 * serve it directly or through a redirect to storage, which gets no access key.
 */
export async function getTranscriptContent(this: IExecuteFunctions) {
	return await forEachItem(this, getBirdApi, async (itemIndex, api) => {
		const transcriptionId = requireUuid(this.getNodeParameter('transcriptionId', itemIndex), 'Transcription ID');
		const format = requireOption(this.getNodeParameter('format', itemIndex, 'txt'), 'Format', CONTENT_FORMATS);
		const output = requireOption(this.getNodeParameter('output', itemIndex, 'text'), 'Output', ['text', 'binary'] as const);
		const path = transcriptContentPath(api, transcriptionId, format);
		const subject = `the ${format.toUpperCase()} transcript of transcription ${transcriptionId}`;
		const json: IDataObject = { id: transcriptionId, format };
		if (output === 'binary') {
			const binaryPropertyName = requireBinaryFieldName(this.getNodeParameter('binaryPropertyName', itemIndex));
			const binary = await downloadThroughApi.call(this, api, path, {
				what: subject,
				fileName: `${transcriptionId}.${format}`,
				defaultMimeType: MIME_TYPES[format],
				subject,
				itemIndex,
			});
			return [{ json, binary: { [binaryPropertyName]: binary } }];
		}
		const { body } = await apiRequest.call(
			this,
			api,
			{ method: 'GET', url: path, json: false, encoding: 'arraybuffer' },
			{ subject, itemIndex },
		);
		const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
		if (format !== 'json') return [{ json: { ...json, content: text } }];
		try {
			return [{ json: { ...json, content: JSON.parse(text) as IDataObject } }];
		} catch {
			throw new NodeOperationError(this.getNode(), `Bird sent ${subject} as something that is not JSON: choose another Format`, { itemIndex });
		}
	});
}
