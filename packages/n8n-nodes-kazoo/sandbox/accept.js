'use strict';
/**
 * Whether GET …/recordings/{id} answers with the JSON document or the audio, as cb_recordings.erl
 * `action_lookup` decides it: the `accept` query value (the "tunneled" Accept, seed 002 and doc
 * basics.md) wins over the header; the media ranges are ordered by q, highest first (ties in
 * reverse order: `lists:reverse(lists:keysort(2, …))`); the first of application/json,
 * application/x-json or *\/* means JSON, the first of audio/mpeg or audio/mp3 means audio, other
 * types are skipped, and nothing left means JSON.
 */

const AUDIO_TYPES = ['audio/mpeg', 'audio/mp3'];
const JSON_TYPES = ['application/json', 'application/x-json', '*/*'];

/** Media ranges of an Accept value, or undefined when it does not parse. */
function parseAccept(value) {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const ranges = [];
	for (const part of value.split(',')) {
		const [type, ...params] = part.trim().split(';').map((s) => s.trim());
		if (!/^[\w.+*-]+\/[\w.+*-]+$/.test(type)) return undefined;
		let q = 1;
		for (const p of params) {
			const m = /^q=([\d.]+)$/i.exec(p);
			if (m) q = Number(m[1]);
		}
		ranges.push({ type: type.toLowerCase(), q });
	}
	return ranges;
}

function orderedRanges(headerValue, tunneledValue) {
	const ranges = parseAccept(tunneledValue) ?? parseAccept(headerValue) ?? [{ type: 'application/json', q: 1 }];
	// A stable sort by q ascending, then reversed: equal q end up in reverse order, as in Crossbar.
	return ranges
		.map((r, i) => ({ ...r, i }))
		.sort((a, b) => a.q - b.q || a.i - b.i)
		.reverse();
}

/** 'read' (JSON document) or 'download' (audio). */
function recordingAction(headerValue, tunneledValue) {
	for (const range of orderedRanges(headerValue, tunneledValue)) {
		if (JSON_TYPES.includes(range.type)) return 'read';
		if (AUDIO_TYPES.includes(range.type)) return 'download';
	}
	return 'read';
}

/**
 * Whether cowboy's content negotiation finds a type the resource provides (JSON types and the
 * two audio types) in the Accept *header*; when not, cowboy answers 406 before Crossbar runs
 * [inference: cowboy_rest content_types_provided].
 */
function headerIsAcceptable(headerValue) {
	const ranges = parseAccept(headerValue);
	if (!ranges) return true;
	return ranges.some(
		(r) =>
			r.q > 0 &&
			(r.type === '*/*' ||
				r.type === 'application/*' ||
				r.type === 'audio/*' ||
				JSON_TYPES.includes(r.type) ||
				AUDIO_TYPES.includes(r.type)),
	);
}

module.exports = { recordingAction, headerIsAcceptable, parseAccept };
