import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';

/** n8n's standard Simplify switch; off returns VBC's object unchanged. */
export const simplifyField = (show: NonNullable<IDisplayOptions['show']>): INodeProperties => ({
	displayName: 'Simplify',
	name: 'simple',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint: 'Simplified: readable names such as startedAt, durationSeconds and direction. Off: the object exactly as VBC sends it.',
	displayOptions: { show },
});

const DIRECTION_NAMES: Record<string, string> = {
	INBOUND: 'inbound',
	OUTBOUND: 'outbound',
	INTRA_PBX: 'internal',
};

/**
 * Writes VBC's dates (2019-01-01T00:00:00+0000) as ISO 8601 in the workflow's time zone. Finding a
 * zone's offset is most of the cost (an Intl call per date), so offsets are kept per six hours when the
 * offset is the same at both ends of those hours (no zone changes its offset twice within six hours), and
 * per quarter hour around a change: since 1970 every zone's offsets are whole quarter hours and change at
 * local whole or half hours.
 */
class ReadableDates {
	private readonly zone: Zone;
	private readonly blockOffsets = new Map<number, number | undefined>();
	private readonly quarterOffsets = new Map<number, number>();

	constructor(timezone: string) {
		this.zone = IANAZone.isValidZone(timezone) ? IANAZone.create(timezone) : FixedOffsetZone.utcInstance;
	}

	/** Unreadable values stay as sent. */
	format(value: unknown): string | undefined {
		if (typeof value !== 'string') return undefined;
		// VBC's form (+0000, no colon) is ISO 8601's basic offset, which Luxon's ISO parser reads.
		const parsed = DateTime.fromISO(value, { setZone: true });
		if (!parsed.isValid) return value;
		return parsed.setZone(FixedOffsetZone.instance(this.offsetAt(parsed.toMillis()))).toISO() ?? value;
	}

	private offsetAt(millis: number): number {
		const block = Math.floor(millis / BLOCK_MS);
		if (!this.blockOffsets.has(block)) {
			const start = this.zone.offset(block * BLOCK_MS);
			const end = this.zone.offset((block + 1) * BLOCK_MS - 1);
			this.blockOffsets.set(block, start === end ? start : undefined);
		}
		const steady = this.blockOffsets.get(block);
		if (steady !== undefined) return steady;
		const quarter = Math.floor(millis / QUARTER_HOUR_MS);
		let offset = this.quarterOffsets.get(quarter);
		if (offset === undefined) {
			offset = this.zone.offset(millis);
			this.quarterOffsets.set(quarter, offset);
		}
		return offset;
	}
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const BLOCK_MS = 6 * 60 * 60 * 1000;

const seconds = (milliseconds: unknown) =>
	typeof milliseconds === 'number' ? Math.round(milliseconds / 100) / 10 : undefined;

const direction = (value: unknown) =>
	typeof value === 'string' ? (DIRECTION_NAMES[value.toUpperCase()] ?? value.toLowerCase()) : undefined;

/** VBC sends caller_id sometimes as a string and sometimes as a number: always a string here. */
const phoneNumber = (value: unknown) => (value === undefined || value === null ? undefined : String(value));

/** Drops fields VBC did not send, so that a simplified item never invents an empty value. */
function defined(fields: IDataObject): IDataObject {
	for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
	return fields;
}

/** Sets fields VBC did not send to null, so that every item has the same fields. */
function nullWhenMissing(fields: IDataObject): IDataObject {
	for (const key of Object.keys(fields)) if (fields[key] === undefined) fields[key] = null;
	return fields;
}

/** A recording with the fields a person or an agent needs. `downloadUrl` lets Download skip a request. */
export function simplifyRecording(raw: IDataObject, dates: ReadableDates): IDataObject {
	return defined({
		id: raw.id,
		startedAt: dates.format(raw.start),
		endedAt: dates.format(raw.end),
		durationSeconds: seconds(raw.duration),
		direction: direction(raw.call_direction),
		from: phoneNumber(raw.caller_id),
		callerName: raw.cnam,
		to: phoneNumber(raw.dnis),
		extensions: raw.extensions,
		callId: raw.call_id,
		fileName: raw.file_name,
		fileSizeBytes: raw.file_size_in_bytes,
		downloadUrl: raw.download_url,
	});
}

/**
 * A transcription search result, named like a simplified recording. Every item has every field (null when
 * VBC did not send it: a pending transcription has no URL and no error), so that items of one list, and the
 * transcripts Get Transcript adds to them, share one shape.
 */
export function simplifyTranscription(raw: IDataObject, dates: ReadableDates): IDataObject {
	return nullWhenMissing({
		recordingId: raw.recording_id,
		startedAt: dates.format(raw.call_date),
		durationSeconds: seconds(raw.duration),
		direction: direction(raw.direction),
		from: phoneNumber(raw.caller_id),
		callerName: raw.cnam,
		to: phoneNumber(raw.dnis),
		callId: raw.call_id,
		transcriptionReady: raw.transcription_ready,
		transcriptionUrl: raw.transcription_url,
		transcriptionError: raw.transcription_error,
	});
}

type Simplifier = (raw: IDataObject, dates: ReadableDates) => IDataObject;

/**
 * Simplifies lists, such as the pages of one list as they arrive: one date formatter for all their
 * items, so that a zone's offsets are looked up once per six hours (or quarter hour), not once per date.
 */
export function listSimplifier(simplify: Simplifier, timezone: string): (items: IDataObject[]) => IDataObject[] {
	const dates = new ReadableDates(timezone);
	return (items) => items.map((item) => simplify(item, dates));
}

/** Simplifies one item. */
export function simplifyOne(item: IDataObject, simplify: Simplifier, timezone: string): IDataObject {
	return simplify(item, new ReadableDates(timezone));
}

/** Simplifies one list. */
export function simplifyAll(items: IDataObject[], simplify: Simplifier, timezone: string): IDataObject[] {
	return listSimplifier(simplify, timezone)(items);
}
