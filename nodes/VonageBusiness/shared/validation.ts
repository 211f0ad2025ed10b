import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

/**
 * Pure checks of user input. They throw InvalidInputError, which names the field and says what is
 * expected; the node turns it into a NodeOperationError before any request is sent.
 */
export class InvalidInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'InvalidInputError';
	}
}

const RECORDING_ID = /^\d{1,19}$/;
const ACCOUNT_OR_USER_ID = /^(self|\d{1,19})$/;

export function requireRecordingId(value: unknown, field = 'Recording ID'): string {
	const text = String(value ?? '').trim();
	if (text === '') {
		throw new InvalidInputError(field, `${field} is empty: enter the numeric ID of a recording, such as 193228`);
	}
	if (!RECORDING_ID.test(text)) {
		throw new InvalidInputError(
			field,
			`${field} must be the numeric ID of a recording, such as 193228, not "${truncate(text)}"`,
		);
	}
	return text;
}

export function requireAccountOrUserId(value: unknown, field: string): string {
	const text = String(value ?? '').trim();
	if (!ACCOUNT_OR_USER_ID.test(text)) {
		throw new InvalidInputError(
			field,
			`${field} must be 'self' or a numeric ID, such as 745249, not "${truncate(text)}"`,
		);
	}
	return text;
}

export function requireLimit(value: unknown, field = 'Limit'): number {
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1) {
		throw new InvalidInputError(field, `${field} must be a whole number of 1 or more, not "${truncate(String(value))}"`);
	}
	return limit;
}

/**
 * A value that must be one of a parameter's options. An expression or imported workflow JSON can
 * hold anything; an unknown value is refused rather than read as the default.
 */
export function requireOption(value: unknown, field: string, allowed: readonly string[]): string {
	if (typeof value !== 'string' || !allowed.includes(value)) {
		throw new InvalidInputError(
			field,
			`${field} must be one of ${allowed.join(', ')}, not "${truncate(typeof value === 'object' ? JSON.stringify(value) ?? '' : String(value))}"`,
		);
	}
	return value;
}

/** The date format the API documents: yyyy-MM-ddTHH:mm:ssZ, e.g. 2019-01-01T00:00:00+0000. */
export const VBC_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ssZZZ";

/**
 * Reads a date-time parameter. A value without a zone is read in the workflow's time zone, as n8n's
 * date pickers mean it; the result is in UTC.
 */
export function parseDateTime(value: unknown, field: string, timezone: string): DateTime {
	if (DateTime.isDateTime(value)) return value.toUTC();
	if (value instanceof Date) return DateTime.fromJSDate(value).toUTC();
	const text = String(value ?? '').trim();
	// ISO 8601 covers VBC's own form (2019-01-01T00:00:00+0000).
	let parsed = DateTime.fromISO(text, { zone: timezone, setZone: true });
	if (!parsed.isValid) parsed = DateTime.fromRFC2822(text, { zone: timezone, setZone: true });
	if (!parsed.isValid) {
		throw new InvalidInputError(
			field,
			`${field} is not a date and time n8n can read: "${truncate(text)}". Use the date picker or an ISO 8601 value such as 2026-11-01T09:00:00Z`,
		);
	}
	return parsed.toUTC();
}

export function formatVbcDate(date: DateTime): string {
	return date.toUTC().toFormat(VBC_DATE_FORMAT);
}

export interface RecordingFilterInput {
	callDirection?: string;
	callId?: string;
	callerId?: string;
	cnam?: string;
	dnis?: string;
	extension?: string | number;
	minDurationSeconds?: number;
	maxDurationSeconds?: number;
	startAfter?: string;
	startBefore?: string;
}

const DIRECTIONS = ['INBOUND', 'OUTBOUND', 'INTRA_PBX'];

/** A number of `unit` of 0 or more, and at most `max`; empty means not set. */
export function nonNegativeAmount(value: unknown, field: string, unit = 'seconds', max = MAX_SECONDS): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const amount = Number(value);
	if (!Number.isFinite(amount) || amount < 0) {
		throw new InvalidInputError(field, `${field} must be a number of ${unit} of 0 or more, not "${truncate(String(value))}"`);
	}
	if (amount > max) {
		throw new InvalidInputError(field, `${field} must be at most ${max} ${unit}, not "${truncate(String(value))}"`);
	}
	return amount;
}

/** Ten years: longer durations or ages are typing errors, and would not make a number or date the API reads. */
export const MAX_SECONDS = 315_360_000;
export const MAX_DAYS = 3_650;

/**
 * The API's recording filters (as query parameters or an export body) from the node's "Filters"
 * collection. Durations are entered in seconds and sent in milliseconds; dates are sent in UTC.
 */
export function recordingFilters(input: RecordingFilterInput, timezone: string): IDataObject {
	const filters: IDataObject = {};
	if (input.callDirection) {
		if (typeof input.callDirection !== 'string' || !DIRECTIONS.includes(input.callDirection)) {
			throw new InvalidInputError('Call Direction', `Call Direction must be one of ${DIRECTIONS.join(', ')}`);
		}
		filters.call_direction = input.callDirection;
	}
	const text: Array<[keyof RecordingFilterInput, string, string]> = [
		['callId', 'call_id', 'Call ID'],
		['callerId', 'caller_id', 'Caller ID'],
		['cnam', 'cnam', 'Caller Name (CNAM)'],
		['dnis', 'dnis', 'Dialed Number (DNIS)'],
		['extension', 'extension', 'Extension'],
	];
	for (const [key, apiName, field] of text) {
		const value: unknown = input[key];
		if (value === undefined || value === null || String(value).trim() === '') continue;
		if (typeof value !== 'string' && typeof value !== 'number') {
			// An expression that gives an object or list would otherwise be sent as "[object Object]".
			throw new InvalidInputError(field, `${field} must be text or a number, not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`);
		}
		filters[apiName] = String(value).trim();
	}

	const min = nonNegativeAmount(input.minDurationSeconds, 'Minimum Duration (Seconds)');
	const max = nonNegativeAmount(input.maxDurationSeconds, 'Maximum Duration (Seconds)');
	if (min !== undefined && max !== undefined && min > max) {
		throw new InvalidInputError(
			'Minimum Duration (Seconds)',
			`Minimum Duration (${min} s) is longer than Maximum Duration (${max} s): swap them or widen the range`,
		);
	}
	if (min !== undefined) filters['duration:gte'] = Math.round(min * 1000);
	if (max !== undefined) filters['duration:lte'] = Math.round(max * 1000);

	const after = input.startAfter ? parseDateTime(input.startAfter, 'Start After', timezone) : undefined;
	const before = input.startBefore ? parseDateTime(input.startBefore, 'Start Before', timezone) : undefined;
	if (after && before && after > before) {
		throw new InvalidInputError(
			'Start After',
			`Start After (${after.toISO()}) is later than Start Before (${before.toISO()}): no recording can match`,
		);
	}
	if (after) filters['start:gte'] = formatVbcDate(after);
	if (before) filters['start:lte'] = formatVbcDate(before);
	return filters;
}

function truncate(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
