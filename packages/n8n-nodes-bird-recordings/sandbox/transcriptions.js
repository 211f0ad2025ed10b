'use strict';
// Transcriptions: asynchronous ("it will take some time before the result has been generated",
// initiate-a-transcription page). Status read off the clock: accepted for the first quarter of
// `transcriptionDurationMs`, ongoing until it is done, then its fate: available, failed or absent.
const { OrderedIndex } = require('./ordered-index');
const { TRANSCRIPTION_STATUSES } = require('./constants');
const { checkFate, findOrThrow, pinStatus } = require('./lifecycle');

function createTranscriptionStore({ random, clock, options }) {
	const byId = new Map();
	const index = new OrderedIndex();

	function add(recording, fields = {}) {
		const createdAt = fields.createdAt ?? clock.now();
		const transcription = {
			id: fields.id ?? random.uuid(),
			recordingId: recording.id,
			durationSeconds: Math.max(1, Math.floor((Math.min(recording.endedAt, clock.now()) - recording.startedAt) / 1000)),
			locale: fields.locale ?? 'en-US',
			stereo: recording.stereo,
			createdAt,
			readyAt: fields.readyAt ?? createdAt + options.transcriptionDurationMs,
			fate: checkFate(fields.fate ?? 'available'),
			pinned: null,
		};
		byId.set(transcription.id, transcription);
		index.insert(transcription);
		recording.transcriptionIds.push(transcription.id);
		if (fields.status !== undefined) setStatus(transcription.id, fields.status);
		return transcription;
	}

	function stateOf(t) {
		const now = clock.now();
		if (t.pinned) return { status: t.pinned.status, updatedAt: t.pinned.at };
		if (now >= t.readyAt) return { status: t.fate, updatedAt: t.readyAt };
		const startsAt = t.createdAt + (t.readyAt - t.createdAt) / 4;
		if (now < startsAt) return { status: 'accepted', updatedAt: t.createdAt };
		return { status: 'ongoing', updatedAt: Math.round(startsAt) };
	}

	const get = (id) => findOrThrow(byId, id, 'transcription');

	/** Pins a status (any of TRANSCRIPTION_STATUSES) from now on; `null` unpins. */
	const setStatus = (id, status) => pinStatus(get(id), status, TRANSCRIPTION_STATUSES, clock.now());

	/** The transcription is done now, in `fate`. */
	function settle(id, fate = 'available') {
		checkFate(fate);
		const t = get(id);
		t.pinned = null;
		t.readyAt = Math.min(t.readyAt, clock.now());
		t.fate = fate;
		return t;
	}

	return { byId, index, add, stateOf, setStatus, settle };
}

module.exports = { createTranscriptionStore };
