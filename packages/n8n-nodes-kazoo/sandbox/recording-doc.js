'use strict';
/**
 * Call-recording documents as media_mgr writes them (kazoo media_recording.erl
 * store_recording_meta; schema call_recordings.json; research notes §1.5) and as Crossbar shows
 * them (kz_doc public_fields: no `_*`/`pvt_*` keys, plus `id`).
 */
const { mp3SizeForDuration } = require('../../../sandbox/mp3');
const { wavSizeForDuration } = require('./wav');

/** Gregorian seconds (year 0) = Unix seconds + 62167219200 (doc basics.md "Timestamps"). */
const GREGORIAN_OFFSET_SECONDS = 62_167_219_200;
const toGregorian = (ms) => Math.floor(ms / 1000) + GREGORIAN_OFFSET_SECONDS;
const fromGregorian = (seconds) => (seconds - GREGORIAN_OFFSET_SECONDS) * 1000;

const FIRST_NAMES = ['Jesus Home', 'Ana Silva', 'Front Desk', 'Support Line', 'Wei Chen', 'Olga K', ''];

function hex(random, length) {
	let s = '';
	for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
	return s;
}

/** `YYYYMM-<32 hex>`: the month database (MODB) of the document and a random part (kapps_call_recording.erl). */
function recordingId(createdAtMs, random) {
	const d = new Date(createdAtMs);
	return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}-${hex(random, 32)}`;
}

/**
 * A recording: the public document plus what the sandbox keeps beside it (when the document was
 * created, whether it was deleted, the stored audio attachment or none).
 *
 * @param {object} fields overrides: id, createdAt (ms), durationMs, ownerId (null: no owner),
 *   direction, mediaType ('mp3'|'wav'), audio (false: no attachment yet), url (stored on an
 *   external URL, never attached), caller/callee numbers and names, user_metadata, call_id
 */
function makeRecording(fields, ctx) {
	const { random, account, wavContentType, sourceType } = ctx;
	const createdAt = fields.createdAt;
	const durationMs = fields.durationMs ?? Math.round(5_000 + random() * 600_000);
	const mediaType = fields.mediaType ?? ctx.defaultMediaType;
	const contentType = mediaType === 'wav' ? wavContentType : 'audio/mpeg';
	const id = fields.id ?? recordingId(createdAt, random);
	const direction = fields.direction ?? (random() < 0.5 ? 'inbound' : 'outbound');
	const callId = fields.call_id ?? `${hex(random, 10)}@10.0.0.${1 + Math.floor(random() * 250)}`;
	const name = fields.name ?? `${hex(random, 32)}.${mediaType}`;
	const extension = String(1000 + Math.floor(random() * 9));
	const outside = `1415555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
	const callerNumber = fields.caller_id_number ?? (direction === 'inbound' ? `+${outside}` : extension);
	const calleeNumber = fields.callee_id_number ?? (direction === 'inbound' ? extension : `+${outside}`);
	const durationSeconds = Math.floor(durationMs / 1000);
	const ownerId = fields.ownerId === undefined ? null : fields.ownerId;
	const doc = {
		id,
		name,
		description: `recording ${name}`,
		content_type: contentType,
		media_type: mediaType,
		media_source: 'recorded',
		source_type: sourceType,
		from: `${callerNumber}@${account.realm}`,
		to: `${calleeNumber}@${account.realm}`,
		request: `${calleeNumber}@${account.realm}`,
		direction,
		// start = when the recording began: the save time minus the duration (media_recording.erl).
		start: toGregorian(createdAt) - durationSeconds,
		duration: durationSeconds,
		duration_ms: durationMs,
		caller_id_number: callerNumber,
		caller_id_name: fields.caller_id_name ?? FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)],
		callee_id_number: calleeNumber,
		callee_id_name: fields.callee_id_name ?? '',
		call_id: callId,
		cdr_id: `${id.slice(0, 6)}-${callId}`,
		interaction_id: `${toGregorian(createdAt) - durationSeconds - 2}-${hex(random, 8)}`,
		origin: fields.origin ?? (direction === 'inbound' ? 'inbound from onnet to user' : 'outbound to offnet from endpoint'),
		custom_channel_vars: {
			'Account-ID': account.id,
			'Call-ID': callId,
			'Media-Recording-ID': id,
			...(ownerId ? { 'Owner-ID': ownerId } : {}),
		},
	};
	if (ownerId) doc.owner_id = ownerId;
	if (fields.url) doc.url = fields.url;
	if (fields.user_metadata !== undefined) doc.user_metadata = fields.user_metadata;
	const attached = fields.audio !== false && !fields.url;
	return {
		id,
		createdAt,
		ownerId,
		deleted: false,
		doc,
		attachment: attached ? attachmentFor(doc) : null,
	};
}

/** The audio attachment media_mgr stores on the document (one per recording; Crossbar serves the first). */
function attachmentFor(doc) {
	const size = doc.media_type === 'wav' ? wavSizeForDuration(doc.duration_ms) : mp3SizeForDuration(doc.duration_ms, doc.name);
	return { name: doc.name, contentType: doc.content_type, size };
}

module.exports = { makeRecording, attachmentFor, recordingId, toGregorian, fromGregorian, GREGORIAN_OFFSET_SECONDS, hex };
