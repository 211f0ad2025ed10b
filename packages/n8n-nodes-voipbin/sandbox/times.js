'use strict';
/**
 * VoIPbin timestamps. The server keeps MySQL DATETIME(6) values, so every instant here is an
 * integer count of **microseconds** since the epoch (a JS number holds that exactly until the year 2255).
 *
 * Renderings (research notes §3.5, §3.6):
 * - `rfc3339nano`: Go's time.RFC3339Nano in UTC, trailing zeros of the fraction trimmed
 *   (`2026-01-15T09:30:00.12345Z`, `2026-01-15T09:30:00Z`) — current server [vb: recording/webhook.go].
 * - `legacySpace`: `2021-01-28 09:16:58.076735`, always six digits — the tutorial [seed 004].
 * - page tokens: `2006-01-02T15:04:05.000000Z` (always six digits) [vb: server/recordings.go], or the
 *   legacy space form [seed 004].
 */

const MICROS_PER_MS = 1000;
const SENTINEL_9999 = '9999-01-01 00:00:00.000000';
// Accepts both token styles and any fraction length (the seed sends `.809`), with or without a zone.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

const pad = (n, width = 2) => String(n).padStart(width, '0');

function splitMicros(us) {
	const ms = Math.floor(us / MICROS_PER_MS);
	const date = new Date(ms);
	const micros = us - Math.floor(us / 1e6) * 1e6; // microseconds within the second
	const dateText = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
	const clockText = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
	return { dateText, clockText, fraction: pad(micros, 6) };
}

/** `2026-01-15T09:30:00.12345Z`: Go's RFC3339Nano, fraction without trailing zeros. */
function formatRfc3339Nano(us) {
	const { dateText, clockText, fraction } = splitMicros(us);
	const trimmed = fraction.replace(/0+$/, '');
	return `${dateText}T${clockText}${trimmed ? `.${trimmed}` : ''}Z`;
}

/** `2021-01-28 09:16:58.076735` */
function formatLegacySpace(us) {
	const { dateText, clockText, fraction } = splitMicros(us);
	return `${dateText} ${clockText}.${fraction}`;
}

/** `2021-01-28T09:16:58.076735Z`: the fixed-width form the server writes into `next_page_token`. */
function formatRfc3339Micro(us) {
	const { dateText, clockText, fraction } = splitMicros(us);
	return `${dateText}T${clockText}.${fraction}Z`;
}

/** Microseconds since the epoch, or undefined when the text is no timestamp. Zone-less text is UTC. */
function parseTimestamp(text) {
	const m = TIMESTAMP.exec(String(text).trim());
	if (!m) return undefined;
	const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8] ?? 'Z'}`);
	if (Number.isNaN(ms)) return undefined;
	const micros = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
	return ms * MICROS_PER_MS + micros;
}

/**
 * A time formatter for one sandbox configuration.
 * `unset` says how a time that has not happened is shown: `absent` (key left out), `emptyString`, `sentinel9999`.
 */
function timeStyle(format, unset) {
	const render = format === 'legacySpace' ? formatLegacySpace : formatRfc3339Nano;
	const unsetValue = unset === 'emptyString' ? '' : unset === 'sentinel9999' ? SENTINEL_9999 : undefined;
	return {
		render,
		/** Writes `key` into `target` as the recording object does (omitempty unless a legacy style is chosen). */
		put(target, key, us) {
			if (us !== null && us !== undefined) target[key] = render(us);
			else if (unsetValue !== undefined) target[key] = unsetValue;
		},
	};
}

module.exports = {
	MICROS_PER_MS,
	SENTINEL_9999,
	formatRfc3339Nano,
	formatLegacySpace,
	formatRfc3339Micro,
	parseTimestamp,
	timeStyle,
};
