'use strict';
/**
 * Transcriptions of recordings [research §3.7; vb: paths/transcribes/*.yaml, paths/transcripts/main.yaml,
 * bin-transcribe-manager/models/transcribe/webhook.go; spec TranscribeManagerTranscribe, TranscribeManagerTranscript].
 *
 * A transcribe is `progressing` for `options.transcribeDelayMs` (sandbox clock), then `done`; its transcript
 * lines exist from then on. For `direction: both` the lines alternate `in` and `out` (the two snoop files are
 * transcribed apart); for `in` or `out` only that side is transcribed.
 */
const { MICROS_PER_MS } = require('./times');
const { NIL_UUID } = require('./recordings');

const LINES = [
	'Hello, thank you for calling. How can I help you?',
	'Hi, I would like to check the status of my order.',
	'Of course. Could you give me the order number?',
	'It is four five six, seven eight nine.',
	'Thank you. The order shipped yesterday and arrives tomorrow.',
	'Great, that is all I needed. Thanks!',
];
const DIRECTIONS = ['both', 'in', 'out'];

function createTranscribeStore({ options, clock, deriveUuid }) {
	/** id → transcribe */
	const byId = new Map();
	let created = 0;
	const nowUs = () => Math.round(clock.now() * MICROS_PER_MS);

	function doneAtUs(t) {
		return t.doneUs ?? t.createUs + options.transcribeDelayMs * MICROS_PER_MS;
	}
	const statusOf = (t, now = nowUs()) => (doneAtUs(t) <= now ? 'done' : 'progressing');

	/** Lines for a recording of `audioMs`, spoken from `startUs`; created (tm_create) in spoken order at `doneUs`. */
	function linesFor(t, recording, audioMs) {
		const count = recording.transcriptLines ?? Math.max(2, Math.round(audioMs / 5000));
		const step = Math.max(1, Math.floor(audioMs / count)) * MICROS_PER_MS;
		const lines = [];
		for (let i = 0; i < count; i++) {
			const side = t.direction === 'both' ? (i % 2 === 0 ? 'in' : 'out') : t.direction;
			lines.push({
				id: deriveUuid(`transcript:${t.id}:${i}`),
				direction: side,
				message: LINES[i % LINES.length],
				spokenUs: (recording.startUs ?? recording.createUs) + i * step,
				order: i,
			});
		}
		return lines;
	}

	/**
	 * Starts a transcription of `recording`, or returns the live one it already has in that language
	 * (the server answers 200 with the existing transcribe).
	 */
	function start({ recording, audioMs, language, direction, provider, onEndFlowId }) {
		for (const t of byId.values()) {
			if (t.deleteUs === null && t.referenceId === recording.id && t.language === language) return t;
		}
		const id = deriveUuid(`transcribe:${created++}:${recording.id}`);
		const t = {
			id,
			customerId: recording.customerId,
			referenceType: 'recording',
			referenceId: recording.id,
			language,
			direction: DIRECTIONS.includes(direction) ? direction : 'both', // an unknown direction means both
			provider: provider ?? 'gcp',
			onEndFlowId: onEndFlowId ?? NIL_UUID,
			createUs: nowUs(),
			doneUs: null,
			deleteUs: null,
		};
		t.lines = linesFor(t, recording, audioMs);
		byId.set(id, t);
		return t;
	}

	function finish(id) {
		const t = byId.get(id);
		if (!t) throw new Error(`No transcribe ${id}`);
		if (statusOf(t) !== 'done') t.doneUs = nowUs();
		return t;
	}

	/** Transcribe times are not omitempty: an unset one is `null` (legacy style: the 9999 sentinel). */
	function present(t, renderTime, unsetValue) {
		const done = statusOf(t) === 'done';
		const updated = Math.max(t.createUs, done ? doneAtUs(t) : 0, t.deleteUs ?? 0);
		return {
			id: t.id,
			customer_id: t.customerId,
			activeflow_id: NIL_UUID,
			on_end_flow_id: t.onEndFlowId,
			reference_type: t.referenceType,
			reference_id: t.referenceId,
			status: done ? 'done' : 'progressing',
			language: t.language,
			direction: t.direction,
			provider: t.provider,
			tm_create: renderTime(t.createUs),
			tm_update: renderTime(updated),
			tm_delete: t.deleteUs === null ? unsetValue : renderTime(t.deleteUs),
		};
	}

	/** The transcript lines that exist now, newest tm_create first (the server's ORDER BY tm_create DESC). */
	function linesNewestFirst(t) {
		if (statusOf(t) !== 'done') return [];
		const doneUs = doneAtUs(t);
		// Lines are stored in spoken order one millisecond apart, so "newest first" is the reverse of speech.
		return t.lines.map((line) => ({ ...line, createUs: doneUs + line.order * MICROS_PER_MS })).reverse();
	}

	function presentLine(t, line, renderTime) {
		return {
			id: line.id,
			customer_id: t.customerId,
			transcribe_id: t.id,
			direction: line.direction,
			message: line.message,
			tm_transcript: renderTime(line.spokenUs),
			tm_create: renderTime(line.createUs),
		};
	}

	return { byId, start, finish, statusOf, present, linesNewestFirst, presentLine, nowUs };
}

module.exports = { createTranscribeStore, DIRECTIONS };
