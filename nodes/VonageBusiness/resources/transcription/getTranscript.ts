import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordingPath, recordingsPath } from '../../shared/paths';
import { simplifyField, simplifyOne, simplifyTranscription } from '../../shared/simplify';
import { parseTranscript } from '../../shared/transcript';
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
	simplifyField(show),
];

/** The input item when it is this recording's transcription as VBC sent it (Get Many with Simplify off). */
function rawTranscriptionFromInput(input: IDataObject, recordingId: string): IDataObject | undefined {
	return String(input.recording_id) === recordingId && 'transcription_ready' in input ? input : undefined;
}

/** The input item when it is this recording's simplified transcription (Get Many's default output). */
function simplifiedTranscriptionFromInput(input: IDataObject, recordingId: string): IDataObject | undefined {
	return String(input.recordingId) === recordingId && 'transcriptionReady' in input ? input : undefined;
}

/** The simplified transcription fields of one recording, from whichever form of its transcription is known. */
function simplifiedTranscription(
	recordingId: string,
	raw: IDataObject | undefined,
	simplified: IDataObject | undefined,
	timezone: string,
): IDataObject {
	const fields = simplifyOne(raw ?? { recording_id: Number(recordingId) }, simplifyTranscription, timezone);
	if (simplified && !raw) for (const key of Object.keys(fields)) fields[key] = simplified[key] ?? null;
	return fields;
}

export const getTranscript = routedOperation(async function (api, itemIndex) {
	const recordingId = requireRecordingId(this.getNodeParameter('recordingId'));
	const options = this.getNodeParameter('transcriptOptions', {}) as IDataObject;
	const binaryPropertyName = String(options.binaryPropertyName ?? '').trim();
	const input = this.getInputData().json;
	const node = this.getNode();
	const simple = this.getNodeParameter('simple', true) as boolean;

	let entry = rawTranscriptionFromInput(input, recordingId);
	const simplifiedInput = entry ? undefined : simplifiedTranscriptionFromInput(input, recordingId);
	if (simplifiedInput) {
		entry = {
			recording_id: simplifiedInput.recordingId,
			transcription_ready: simplifiedInput.transcriptionReady,
			transcription_url: simplifiedInput.transcriptionUrl,
			transcription_error: simplifiedInput.transcriptionError,
		};
	} else if (!entry) {
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
	// With Simplify on, every item carries its transcription's fields and the transcript's, null when unknown.
	const transcription = () =>
		simplifiedTranscription(recordingId, simplifiedInput ? undefined : entry, simplifiedInput, this.getTimezone());

	const notReady = (error: string): INodeExecutionData[] => {
		if (options.ifNotReady === 'output') {
			const json: IDataObject = simple
				? { ...transcription(), ready: false, error, format: null, language: null, speakers: [], segments: [], text: null, warning: null }
				: { recording_id: Number(recordingId), ready: false, error };
			return [{ json }];
		}
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
	let json: IDataObject;
	if (!simple) {
		// As VBC sent it: its JSON object, or its text (or JSON list) under `transcript`.
		const document = transcript.document;
		json = typeof document === 'object' && document !== null && !Array.isArray(document) ? (document as IDataObject) : { transcript: (document as IDataObject[] | undefined) ?? raw };
	} else {
		json = {
			...transcription(),
			ready: true,
			error: null,
			format: transcript.format,
			language: transcript.language,
			speakers: transcript.speakers,
			segments: transcript.segments,
			text: transcript.text,
			warning: null,
		};
		if (!transcript.textFound) {
			json.warning = noTextWarning(transcript.document, raw);
			json.rawTranscript = transcript.document ?? raw;
		}
	}
	const item: INodeExecutionData = { json };
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

/** Says that no text was found and where the content is, naming the top-level keys VBC sent. */
function noTextWarning(document: unknown, raw: string): string {
	if (document === undefined) {
		return raw.trim() === '' ? 'VBC sent an empty transcript' : 'Found no transcript text: the content is kept as sent in rawTranscript';
	}
	const keys = typeof document === 'object' && document !== null && !Array.isArray(document) ? Object.keys(document) : [];
	const shape = keys.length ? `JSON with the keys ${keys.slice(0, 10).join(', ')}` : 'JSON';
	return `Found no transcript text in VBC's response (${shape}): its content is kept as sent in rawTranscript`;
}
