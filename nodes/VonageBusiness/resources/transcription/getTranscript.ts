import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordingPath, recordingsPath } from '../../shared/paths';
import { getAllPages, routedOperation, vbcRequest } from '../../shared/transport';
import { requireRecordingId } from '../../shared/validation';

const show = { resource: ['transcription'], operation: ['getTranscript'] };

export const getTranscriptDescription: INodeProperties[] = [
	{
		displayName: 'Recording ID',
		name: 'recordingId',
		type: 'string',
		default: '={{ $json.recording_id ?? $json.recordingId ?? $json.id }}',
		placeholder: '193228',
		description:
			'The company recording whose transcript to read. When the input item is its transcription (from Get Many), its transcription_url is used: one request.',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'transcriptOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'If Not Ready or Failed',
				name: 'ifNotReady',
				type: 'options',
				options: [
					{ name: 'Fail', value: 'error', description: 'Stop with an error that says why' },
					{
						name: 'Output Ready False With the Reason',
						value: 'output',
						description: 'Go on with an item { ready: false, error } that says the transcript is not ready, or why it failed',
					},
				],
				default: 'error',
			},
			{
				displayName: 'Put Transcript in Binary Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: '',
				placeholder: 'transcript',
				description:
					'Also output the transcript as a file (JSON or text, as VBC sends it) in this binary field. Leave empty for none.',
			},
		],
	},
];

interface Segment {
	speaker?: string;
	text?: string;
	[key: string]: unknown;
}

/** The text and structure of a transcript body, whichever format VBC sent. */
export function parseTranscript(raw: string, contentType: string): IDataObject {
	const looksJson = /json/i.test(contentType) || /^\s*[{[]/.test(raw);
	if (looksJson) {
		try {
			const parsed = JSON.parse(raw) as IDataObject | Segment[];
			const document: IDataObject = Array.isArray(parsed) ? { segments: parsed } : parsed;
			const segments = Array.isArray(document.segments) ? (document.segments as Segment[]) : undefined;
			const text =
				typeof document.text === 'string'
					? document.text
					: (segments ?? []).map((s) => (s.speaker ? `${s.speaker}: ${s.text ?? ''}` : (s.text ?? ''))).join('\n');
			const speakers = segments ? [...new Set(segments.map((s) => s.speaker).filter(Boolean))] : undefined;
			return {
				format: 'json',
				text,
				...(segments ? { segments: segments as IDataObject[], speakers: speakers as string[] } : {}),
				...(typeof document.language === 'string' ? { language: document.language } : {}),
			};
		} catch {
			// Not JSON after all: keep it as text.
		}
	}
	return { format: 'text', text: raw };
}

/** The input item when it is this recording's transcription, raw or simplified (Get Many's output). */
function transcriptionFromInput(input: IDataObject, recordingId: string): IDataObject | undefined {
	if (String(input.recording_id) === recordingId && 'transcription_ready' in input) return input;
	if (String(input.recordingId) === recordingId && 'transcriptionReady' in input) {
		return {
			recording_id: input.recordingId,
			transcription_ready: input.transcriptionReady,
			transcription_url: input.transcriptionUrl,
			transcription_error: input.transcriptionError,
		};
	}
	return undefined;
}

export const getTranscript = routedOperation(async function (api, itemIndex) {
	const recordingId = requireRecordingId(this.getNodeParameter('recordingId'));
	const options = this.getNodeParameter('transcriptOptions', {}) as IDataObject;
	const binaryPropertyName = String(options.binaryPropertyName ?? '').trim();
	const input = this.getInputData().json;
	const node = this.getNode();

	let entry = transcriptionFromInput(input, recordingId);
	if (!entry) {
		// The transcription list has no recording filter, so find the call first and list its transcriptions.
		const recording = (
			await vbcRequest.call(
		this,
		api,
		{ method: 'GET', url: recordingPath(api, 'company', 'self', recordingId) },
				{ subject: `recording ${recordingId}`, itemIndex },
			)
		).body as IDataObject;
		const candidates = await getAllPages.call(this, api, {
			path: `${recordingsPath(api, 'company')}/transcriptions`,
			qs: { call_id: String(recording.call_id ?? '') },
			subject: `the transcriptions of call ${String(recording.call_id)}`,
		});
		entry = candidates.find((t) => String(t.recording_id) === recordingId);
	}

	const notReady = (error: string): INodeExecutionData[] => {
		if (options.ifNotReady === 'output') return [{ json: { recording_id: Number(recordingId), ready: false, error } }];
		throw new NodeOperationError(node, error, {
			itemIndex,
			description: 'Transcripts appear some time after the call ends. The Transcription Ready trigger starts a workflow when one is ready.',
		});
	};
	if (!entry) return notReady(`Recording ${recordingId} has no transcription: VBC did not transcribe this call`);
	if (entry.transcription_error) {
		return notReady(`VBC could not transcribe recording ${recordingId}: ${String(entry.transcription_error)}`);
	}
	if (!entry.transcription_ready || typeof entry.transcription_url !== 'string') {
		return notReady(`The transcript of recording ${recordingId} is not ready yet: VBC is still transcribing it`);
	}

	const response = await vbcRequest.call(
		this,
		api,
		{ method: 'GET', url: entry.transcription_url, json: false, encoding: 'text' },
		{ subject: `the transcript of recording ${recordingId}`, itemIndex, what: `transcription_url of recording ${recordingId}` },
	);
	const raw = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
	const contentType = String(response.headers['content-type'] ?? '');
	const transcript = parseTranscript(raw, contentType);
	const item: INodeExecutionData = {
		json: { recording_id: Number(recordingId), ready: true, ...transcript },
	};
	if (binaryPropertyName !== '') {
		const isJson = transcript.format === 'json';
		item.binary = {
			[binaryPropertyName]: await this.helpers.prepareBinaryData(
				Buffer.from(raw, 'utf8'),
				`${recordingId}.${isJson ? 'json' : 'txt'}`,
				isJson ? 'application/json' : 'text/plain',
			),
		};
	}
	return [item];
});
