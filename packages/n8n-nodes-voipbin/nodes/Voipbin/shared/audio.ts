import type { IBinaryData, IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import type { ApiConnection } from '../../../core/api';
import { downloadToBinary } from '../../../core/download';

/**
 * What VoIPbin's /recordingfiles serves, told by its magic bytes: since 2024 a ZIP holding
 * `<name>_in.wav` and `<name>_out.wav` (one `_in.wav` for a conference), on older deployments one
 * WAV. A ZIP with no entry (an end-of-central-directory record at the start) is what VoIPbin builds
 * before the recording has files.
 */
export type AudioKind = 'zip' | 'wav' | 'emptyZip' | 'unknown';

export function audioKindOf(head: Buffer): AudioKind {
	const magic = head.subarray(0, 4).toString('latin1');
	if (magic === 'PK\u0003\u0004') return 'zip';
	if (magic === 'PK\u0005\u0006') return 'emptyZip';
	if (magic === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WAVE') return 'wav';
	return 'unknown';
}

/** Why there is nothing to download, and what to do. */
export function noAudioYet(recordingId: string, status?: unknown): { message: string; description: string } {
	return {
		message: `Recording ${recordingId} has nothing to download yet${status ? ` (its status is ${String(status)})` : ''}: VoIPbin has its audio only once the recording has ended`,
		description: "Wait for the recording to end (the trigger's Recording Finished event does), then download it.",
	};
}

/** Whether an item says its recording has not ended: then there is nothing to download, and no request is sent. */
export function notEndedYet(json: IDataObject, recordingId: string): boolean {
	return json.id === recordingId && typeof json.status === 'string' && json.status !== 'ended';
}

/**
 * Downloads a recording's audio into n8n's binary store: GET /recordingfiles/{id} answers 307 to a
 * signed storage URL on another host, which the core follows without any credential. The file is
 * named and typed by its content (`<id>.zip` / `<id>.wav`), not by the storage's content type.
 */
export async function downloadRecordingAudio(
	this: IExecuteFunctions | IPollFunctions,
	api: ApiConnection,
	recordingId: string,
	itemIndex?: number,
): Promise<IBinaryData> {
	return await downloadToBinary.call(this, api, `/recordingfiles/${recordingId}`, {
		what: `audio of recording ${recordingId}`,
		defaultFileName: `${recordingId}.zip`,
		subject: `recording ${recordingId}`,
		itemIndex,
		typeFromHead: (head) => {
			switch (audioKindOf(head)) {
				case 'zip':
					return { fileName: `${recordingId}.zip`, mimeType: 'application/zip' };
				case 'wav':
					return { fileName: `${recordingId}.wav`, mimeType: 'audio/wav' };
				case 'emptyZip':
					return { refused: noAudioYet(recordingId) };
				default:
					return {};
			}
		},
	});
}
