import type { IDataObject } from 'n8n-workflow';

import { isoInZone } from '../../../core/dates';
import { birdTimeMs } from './times';

const timeIn = (value: unknown, timezone: string): string | undefined => {
	const ms = birdTimeMs(value);
	return ms === undefined ? undefined : isoInZone(ms, timezone);
};

/** A caller or callee: the number as dialled (`identity`, `+31…`), else the bare number, else the contact's. */
function party(identifier: unknown): string | undefined {
	const { number, contact } = (identifier ?? {}) as { number?: IDataObject; contact?: IDataObject };
	const value = number?.identity ?? number?.number ?? contact?.identifierValue;
	return typeof value === 'string' && value !== '' ? value : undefined;
}

const compact = (object: IDataObject): IDataObject => {
	for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
	return object;
};

/**
 * The fields people use, with dates in the workflow's time zone. Unset times (absent, or Go's zero
 * time) are left out. The pre-signed `url` is left out too: it is valid for 600 s only; Download
 * asks Bird for a fresh one.
 */
export function simplifyRecording(recording: IDataObject, timezone: string): IDataObject {
	return compact({
		id: recording.id,
		status: recording.status,
		direction: recording.direction,
		from: party(recording.originator),
		to: party(recording.receiver),
		durationSeconds: recording.duration,
		createdAt: timeIn(recording.createdAt, timezone),
		startedAt: timeIn(recording.startedAt, timezone),
		endedAt: timeIn(recording.endedAt, timezone),
		source: recording.source,
		callId: recording.source === 'call' ? recording.sourceId : undefined,
		conferenceId: recording.conferenceId,
		channelId: recording.channelId,
		origin: recording.origin,
		format: recording.format,
		stereo: recording.stereo,
		hasTranscription: recording.transcription,
	});
}

export function simplifyTranscription(transcription: IDataObject, timezone: string): IDataObject {
	return compact({
		id: transcription.id,
		recordingId: transcription.recordingId,
		status: transcription.status,
		locale: transcription.locale,
		stereo: transcription.stereo,
		summary: transcription.summary,
		createdAt: timeIn(transcription.createdAt, timezone),
		updatedAt: timeIn(transcription.updatedAt, timezone),
	});
}
