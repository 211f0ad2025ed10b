import { DateTime } from 'luxon';

/**
 * VoIPbin's times, to microseconds since the epoch. Current servers send RFC 3339 with up to nine
 * fraction digits (`2021-01-28T09:16:58.076735Z`), older ones `2021-01-28 09:16:58.076735` (UTC).
 * An unset time is absent, `null`, `""`, or the sentinel `9999-01-01 00:00:00.000000`: all give
 * `undefined`. Microseconds matter: the list cursor compares them, and ties are common.
 */
const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseVoipbinTime(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = TIME.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
	if (Number(year) >= 9999) return undefined;
	const offset = zone === 'Z' ? 'UTC' : `UTC${zone.slice(0, 3)}:${zone.slice(-2)}`;
	const base = DateTime.fromObject(
		{ year: +year, month: +month, day: +day, hour: +hour, minute: +minute, second: +second },
		{ zone: offset },
	);
	if (!base.isValid) return undefined;
	return base.toMillis() * 1000 + Number(fraction.slice(0, 6).padEnd(6, '0'));
}

/** A time in microseconds as VoIPbin's page token (`2006-01-02T15:04:05.000000Z`). */
export function pageTokenAt(micros: number): string {
	const seconds = Math.floor(micros / 1_000_000);
	const rest = micros - seconds * 1_000_000;
	const base = DateTime.fromSeconds(seconds, { zone: 'utc' }).toFormat("yyyy-LL-dd'T'HH:mm:ss");
	return `${base}.${String(rest).padStart(6, '0')}Z`;
}

export const microsOf = (date: DateTime): number => date.toMillis() * 1000;
