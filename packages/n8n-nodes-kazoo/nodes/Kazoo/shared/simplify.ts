import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isoInZone } from '../../../core/dates';
import { simplifyField as coreSimplifyField } from '../../../core/descriptions';
import { gregorianToMs } from './gregorian';

export const simplifyField = (show: IDataObject): INodeProperties =>
	coreSimplifyField(show as never, "Simplified dates are readable, in the workflow's time zone");

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * The fields people use, with Gregorian seconds turned into readable dates in the workflow's time
 * zone. `hasAudio` is there only for listed recordings: Kazoo adds `_read_only.content_types` to list
 * items, not to a single recording.
 */
export function simplifyRecording(recording: IDataObject, timezone: string): IDataObject {
	const start = number(recording.start);
	const duration = number(recording.duration);
	const contentTypes = (recording._read_only as IDataObject | undefined)?.content_types;
	const simple: IDataObject = {
		id: recording.id,
		name: recording.name,
		direction: recording.direction,
		startedAt: start !== undefined ? isoInZone(gregorianToMs(start), timezone) : undefined,
		endedAt:
			start !== undefined && duration !== undefined ? isoInZone(gregorianToMs(start + duration), timezone) : undefined,
		durationSeconds: duration,
		callerNumber: recording.caller_id_number,
		callerName: recording.caller_id_name,
		calleeNumber: recording.callee_id_number,
		calleeName: recording.callee_id_name,
		ownerId: recording.owner_id,
		callId: recording.call_id,
		mediaType: recording.media_type,
		contentType: recording.content_type,
	};
	if (Array.isArray(contentTypes)) simple.hasAudio = contentTypes.length > 0;
	if (recording.user_metadata !== undefined) simple.userMetadata = recording.user_metadata;
	for (const key of Object.keys(simple)) if (simple[key] === undefined) delete simple[key];
	return simple;
}
