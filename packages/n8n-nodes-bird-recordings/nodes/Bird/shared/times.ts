import { DateTime } from 'luxon';

/**
 * Bird's Voice service writes an unset time as Go's zero time, `0001-01-01T00:00:00Z`, or leaves it
 * out. Both mean "not set"; so does anything unreadable.
 */
export function birdTimeMs(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const parsed = DateTime.fromISO(value, { zone: 'utc' });
	if (!parsed.isValid || parsed.year <= 1) return undefined;
	return parsed.toMillis();
}

/** A time for Bird's `startAt`/`endAt`: RFC 3339 UTC with milliseconds, as Bird writes its own. */
export const birdTime = (ms: number): string => DateTime.fromMillis(ms, { zone: 'utc' }).toISO()!;
