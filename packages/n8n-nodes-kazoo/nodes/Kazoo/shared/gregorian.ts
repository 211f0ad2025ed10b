import type { DateTime } from 'luxon';

/**
 * Kazoo's timestamps are Gregorian seconds: seconds since 0001-01-01T00:00:00Z, which is Unix time
 * plus 62,167,219,200 (Crossbar basics, "Timestamps").
 */
export const GREGORIAN_UNIX_OFFSET_SECONDS = 62_167_219_200;

export const toGregorianSeconds = (ms: number): number => Math.floor(ms / 1000) + GREGORIAN_UNIX_OFFSET_SECONDS;

export const dateToGregorian = (date: DateTime): number => toGregorianSeconds(date.toMillis());

export const gregorianToMs = (seconds: number): number => (seconds - GREGORIAN_UNIX_OFFSET_SECONDS) * 1000;

/**
 * The widest range Kazoo lists at once: `crossbar.maximum_range`, 31 days and 1 hour by default. A
 * longer range is walked in windows of 31 days, which stay under it with an hour to spare.
 */
export const LISTING_WINDOW_SECONDS = 31 * 24 * 3600;
