import { DateTime } from 'luxon';

import { InvalidInputError, shown } from './validation';

/**
 * Reads a date-time parameter. A value without a zone is read in the workflow's time zone, as n8n's
 * date pickers mean it; the result is in UTC. Years outside 1970–9999 are refused, so nothing
 * downstream turns into "Invalid DateTime".
 */
export function parseDateTime(value: unknown, field: string, timezone: string): DateTime {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'object' && value !== null) parsed = undefined;
	else {
		const text = String(value ?? '').trim();
		parsed = DateTime.fromISO(text, { zone: timezone, setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromRFC2822(text, { zone: timezone, setZone: true });
	}
	if (!parsed?.isValid || parsed.year < 1970 || parsed.year > 9999) {
		throw new InvalidInputError(
			field,
			`${field} is not a date and time n8n can read: "${shown(value)}". Use the date picker or an ISO 8601 value such as 2026-11-01T09:00:00Z`,
		);
	}
	return parsed.toUTC();
}

/** Optional date-time: empty gives `undefined`. */
export function optionalDateTime(value: unknown, field: string, timezone: string): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return parseDateTime(value, field, timezone);
}

/** A period ending `now` going back `amount` of `unit`, refused when it would reach before 1970. */
export function periodBefore(now: DateTime, amount: number, unit: 'days' | 'hours', field: string): DateTime {
	const start = now.minus({ [unit]: amount });
	if (!start.isValid || start.year < 1970) {
		throw new InvalidInputError(field, `${field} reaches back before 1970: enter a smaller number`);
	}
	return start;
}

/** A time shown in a time zone, in ISO 8601 (for simplified output). */
export function isoInZone(ms: number, timezone: string): string | undefined {
	const date = DateTime.fromMillis(ms, { zone: timezone });
	return date.isValid ? (date.toISO() ?? undefined) : undefined;
}
