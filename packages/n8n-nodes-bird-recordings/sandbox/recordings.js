'use strict';
// The workspace's recordings and how each one moves through its statuses over (sandbox) time.
// A recording has a timeline: created → started → ended → processed, and then the fate it ends in.
// Its status is read off the clock: accepted (not started), ongoing (started, not ended),
// completed (ended, media not ready), then its fate: available, failed or absent [research §2.2, §2.8].
// A test may also pin any status (`paused` included) with `setStatus`.
const { OrderedIndex } = require('./ordered-index');
const { RECORDING_STATUSES } = require('./constants');
const { checkFate, findOrThrow, pinStatus } = require('./lifecycle');
const WORKSPACE_NUMBER = { type: 'pstn', number: '3197004499436', identity: '+3197004499436', countryIsoCode: 'NL' };
const COUNTRIES = [
	['NL', '316', 8],
	['PT', '3519', 8],
	['GB', '447', 9],
	['US', '1', 10],
	['DE', '4915', 9],
];

function createRecordingStore({ random, clock, options }) {
	const byId = new Map();
	const index = new OrderedIndex();

	function customerParty(withIdentity, withContact) {
		const [countryIsoCode, prefix, rest] = random.pick(COUNTRIES);
		const number = `${prefix}${random.digits(rest)}`;
		const party = { number: { type: 'pstn', number, countryIsoCode } };
		if (withIdentity) party.number.identity = `+${number}`;
		if (withContact) {
			party.contact = { id: random.uuid(), identifierKey: 'phonenumber', identifierValue: `+${number}` };
		}
		return party;
	}

	/**
	 * Adds a recording. Times are epoch ms; `Infinity` means "not yet" (a live call: `{live: true}`).
	 * Without times it is a call that ended a second ago and whose media is ready now.
	 */
	function add(fields = {}) {
		const now = clock.now();
		const sparse = options.sparseOptionalFields;
		const live = fields.live === true;
		const durationSeconds = fields.durationSeconds ?? random.int(5, 600);
		const endedAt = fields.endedAt ?? (live ? Infinity : now - 1000);
		const startedAt =
			fields.startedAt ?? (live ? now : endedAt - durationSeconds * 1000 - random.int(0, 999));
		const createdAt = fields.createdAt ?? (live ? now : startedAt + random.int(50, 200));
		const readyAt = fields.readyAt ?? (endedAt === Infinity ? Infinity : Math.max(endedAt + random.int(100, 500), createdAt));
		const source = fields.source ?? 'call';
		const direction = fields.direction === undefined ? random.pick(['incoming', 'outgoing']) : fields.direction;
		const customer = customerParty(!sparse || random.next() < 0.3, !sparse || random.next() < 0.5);
		const ours = { number: { ...WORKSPACE_NUMBER } };
		const recording = {
			id: fields.id ?? random.uuid(),
			source,
			sourceId: fields.sourceId ?? random.uuid(),
			channelId: fields.channelId === undefined ? (sparse && random.next() < 0.1 ? null : options.channelId) : fields.channelId,
			// Optional members are absent on some real items [seed 003]; null here means "absent".
			direction: direction !== null && sparse && fields.direction === undefined && random.next() < 0.1 ? null : direction,
			originator: fields.originator ?? (direction === 'incoming' ? customer : ours),
			receiver: fields.receiver ?? (direction === 'incoming' ? ours : customer),
			origin: fields.origin ?? (source === 'conference' ? 'bridge-call' : direction === 'outgoing' ? 'create-call' : 'call-command-record-call'),
			stereo: fields.stereo ?? random.next() < 0.2,
			format: fields.format ?? 'mp3',
			conferenceId: source === 'conference' ? fields.conferenceId ?? random.uuid() : undefined,
			createdAt,
			startedAt,
			endedAt,
			readyAt,
			fate: checkFate(fields.fate ?? 'available'),
			pinned: null,
			transcriptionIds: [],
		};
		if (recording.conferenceId) recording.sourceId = fields.sourceId ?? recording.conferenceId;
		byId.set(recording.id, recording);
		index.insert(recording);
		if (fields.status !== undefined) setStatus(recording.id, fields.status);
		return recording;
	}

	/** Status, the times that are set, duration (whole seconds) and updatedAt, as of now. */
	function stateOf(r) {
		const now = clock.now();
		let status;
		let updatedAt;
		if (r.pinned) {
			({ status, at: updatedAt } = r.pinned);
		} else if (now < r.startedAt) {
			[status, updatedAt] = ['accepted', r.createdAt];
		} else if (now < r.endedAt) {
			[status, updatedAt] = ['ongoing', Math.max(r.startedAt, r.createdAt)];
		} else if (now < r.readyAt) {
			[status, updatedAt] = ['completed', r.endedAt];
		} else {
			[status, updatedAt] = [r.fate, r.readyAt];
		}
		const started = status !== 'accepted' && r.startedAt <= now;
		const ended = started && !['ongoing', 'paused'].includes(status) && r.endedAt <= now;
		let duration = 0;
		if (ended) duration = Math.floor((r.endedAt - r.startedAt) / 1000);
		else if (started) duration = Math.floor((now - r.startedAt) / 1000);
		return {
			status,
			updatedAt: Math.max(updatedAt, r.createdAt),
			startedAt: started ? r.startedAt : undefined,
			endedAt: ended ? r.endedAt : undefined,
			duration,
		};
	}

	const get = (id) => findOrThrow(byId, id, 'recording');

	/** Pins a status (any of RECORDING_STATUSES) from now on, with the times it implies; `null` unpins. */
	function setStatus(id, status) {
		const r = get(id);
		const now = clock.now();
		pinStatus(r, status, RECORDING_STATUSES, now);
		if (status === null) return r;
		if (status !== 'accepted') r.startedAt = Math.min(r.startedAt, now);
		if (!['accepted', 'ongoing', 'paused'].includes(status)) r.endedAt = Math.min(r.endedAt, now);
		return r;
	}

	/** The call ends now: `completed`, and `available` after `processingMs` (never, when omitted). */
	function finish(id, processingMs) {
		const r = get(id);
		const now = clock.now();
		r.pinned = null;
		r.startedAt = Math.min(r.startedAt, now);
		r.endedAt = Math.min(r.endedAt, now);
		r.readyAt = processingMs === undefined ? Infinity : now + processingMs;
		r.fate = 'available';
		return r;
	}

	/** Processing ends now in `fate`: `available` (the media is attached), `failed` or `absent`. */
	function settle(id, fate) {
		checkFate(fate);
		const r = get(id);
		const now = clock.now();
		r.pinned = null;
		r.startedAt = Math.min(r.startedAt, now);
		r.endedAt = Math.min(r.endedAt, now);
		r.readyAt = now;
		r.fate = fate;
		return r;
	}

	function remove(id) {
		const r = byId.get(id);
		if (!r) return false;
		byId.delete(id);
		index.remove(r);
		return true;
	}

	return { byId, index, add, stateOf, setStatus, finish, settle, remove };
}

module.exports = { createRecordingStore, WORKSPACE_NUMBER };
