import { InvalidInputError, requireMatch } from '../../../core/validation';

/** `YYYYMM-<32 hex>`: the month of the recording's database, then a random part (kapps_call_recording). */
const RECORDING_ID = /^\d{4}(0[1-9]|1[0-2])-[0-9a-f]{32}$/i;
/** Kazoo account and user IDs are 32 hexadecimal characters. */
const KAZOO_ID = /^[0-9a-f]{32}$/i;

export const isRecordingId = (value: string): boolean => RECORDING_ID.test(value);

export function requireRecordingId(value: unknown, field = 'Recording ID'): string {
	return requireMatch(value, field, RECORDING_ID, 'the ID of a Kazoo recording, such as 202611-0af44de77453d7c1ca94e362cfec2422');
}

export function requireKazooId(value: unknown, field: string): string {
	return requireMatch(value, field, KAZOO_ID, 'a 32-character Kazoo ID, such as a2d1c4b7e9f0a3b5c6d7e8f901234567');
}

/** A field of a recording document for a `filter_<field>` query parameter: a dot path of plain names. */
export function requireDocumentField(value: unknown, field: string): string {
	const text = String(value ?? '').trim();
	if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(text)) {
		throw new InvalidInputError(field, `${field} must be a field of the recording, such as caller_id_number or custom_channel_vars.Owner-ID, not "${text.slice(0, 40)}"`);
	}
	return text;
}
