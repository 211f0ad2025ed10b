'use strict';
// The content of a finished transcription in the four documented formats
// (GET …/transcriptions/{id}.json|.srt|.vtt|.txt, docs.bird.com get-a-transcription).
// Only the formats are documented, not their shape: the JSON below is a plausible rendering
// (research notes §2.4), so a node should pass it through rather than rely on its members.

const CONTENT_TYPES = {
	json: 'application/json',
	srt: 'application/x-subrip',
	vtt: 'text/vtt; charset=utf-8',
	txt: 'text/plain; charset=utf-8',
};
const FORMATS = Object.keys(CONTENT_TYPES);

const LINES = [
	['originator', 'Hello, thank you for calling. How can I help you today?'],
	['receiver', 'Hi, I would like to check the status of my order.'],
	['originator', 'Of course. Could you give me the order number, please?'],
	['receiver', 'It is four five one two.'],
	['originator', 'Thank you. It was shipped yesterday and arrives tomorrow.'],
];

/** Splits a recording's duration over the scripted lines, in seconds with milliseconds. */
function segmentsFor(durationSeconds) {
	const step = Math.max(1, durationSeconds) / LINES.length;
	return LINES.map(([speaker, text], i) => ({
		speaker,
		start: Math.round(i * step * 1000) / 1000,
		end: Math.round((i + 1) * step * 1000) / 1000,
		text,
	}));
}

function clockTime(seconds, separator) {
	const ms = Math.round(seconds * 1000);
	const pad = (n, width = 2) => String(n).padStart(width, '0');
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor(ms / 60_000) % 60;
	const s = Math.floor(ms / 1000) % 60;
	return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

function renderTranscript(format, transcription, durationSeconds) {
	const segments = segmentsFor(durationSeconds);
	switch (format) {
		case 'json':
			return JSON.stringify({
				id: transcription.id,
				recordingId: transcription.recordingId,
				locale: transcription.locale,
				text: segments.map((s) => s.text).join(' '),
				segments,
			});
		case 'srt':
			return segments
				.map((s, i) => `${i + 1}\n${clockTime(s.start, ',')} --> ${clockTime(s.end, ',')}\n${s.text}\n`)
				.join('\n');
		case 'vtt':
			return `WEBVTT\n\n${segments
				.map((s) => `${clockTime(s.start, '.')} --> ${clockTime(s.end, '.')}\n<v ${s.speaker}>${s.text}\n`)
				.join('\n')}`;
		default:
			return `${segments.map((s) => s.text).join('\n')}\n`;
	}
}

module.exports = { renderTranscript, CONTENT_TYPES, FORMATS };
