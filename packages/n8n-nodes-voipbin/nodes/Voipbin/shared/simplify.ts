import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isoInZone } from '../../../core/dates';
import { simplifyField as sharedSimplifyField } from '../../../core/descriptions';
import { parseVoipbinTime } from './times';

export const simplifyField = (show: IDataObject): INodeProperties =>
	sharedSimplifyField(show as Parameters<typeof sharedSimplifyField>[0], "Simplified dates are ISO 8601, in the workflow's time zone; unset times are left out");

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A VoIPbin time in the workflow's time zone, whatever style the server used; unset gives undefined. */
export function readableTime(value: unknown, timezone: string): string | undefined {
	const micros = parseVoipbinTime(value);
	return micros === undefined ? undefined : isoInZone(Math.floor(micros / 1000), timezone);
}

function withoutEmpty(fields: IDataObject): IDataObject {
	for (const key of Object.keys(fields)) if (fields[key] === undefined || fields[key] === NIL_UUID || fields[key] === '') delete fields[key];
	return fields;
}

export function simplifyRecording(recording: IDataObject, timezone: string): IDataObject {
	const start = parseVoipbinTime(recording.tm_start);
	const end = parseVoipbinTime(recording.tm_end);
	return withoutEmpty({
		id: recording.id,
		status: recording.status,
		referenceType: recording.reference_type,
		referenceId: recording.reference_id,
		format: recording.format,
		createdAt: readableTime(recording.tm_create, timezone),
		startedAt: readableTime(recording.tm_start, timezone),
		endedAt: readableTime(recording.tm_end, timezone),
		durationSeconds: start !== undefined && end !== undefined ? Math.round((end - start) / 1000) / 1000 : undefined,
		ownerType: recording.owner_type,
		ownerId: recording.owner_id,
		activeflowId: recording.activeflow_id,
	});
}

export function simplifyTranscription(transcribe: IDataObject, timezone: string): IDataObject {
	return withoutEmpty({
		id: transcribe.id,
		status: transcribe.status,
		recordingId: transcribe.reference_type === 'recording' ? transcribe.reference_id : undefined,
		referenceType: transcribe.reference_type,
		referenceId: transcribe.reference_id,
		language: transcribe.language,
		direction: transcribe.direction,
		provider: transcribe.provider,
		createdAt: readableTime(transcribe.tm_create, timezone),
		updatedAt: readableTime(transcribe.tm_update, timezone),
	});
}
