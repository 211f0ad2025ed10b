'use strict';
/**
 * The recordings of the sandbox and the way VoIPbin lists them [research §3.5, §3.6].
 *
 * Listing is the server's query [vb: bin-call-manager/pkg/dbhandler/recording.go RecordingList]:
 *   WHERE customer_id = ? AND tm_delete IS NULL AND tm_create < :page_token ORDER BY tm_create DESC LIMIT :page_size
 * The recordings are kept in one array sorted by tm_create descending, so a page is a binary search plus a
 * walk of page_size items: listing 5,000 recordings costs the same per page as listing 25.
 */
const { MICROS_PER_MS } = require('./times');

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Seconds between a recording's creation and its first audio (call answered, snoop channels up). */
const DEFAULT_START_DELAY_MS = 2800;
/** A recording's audio is capped at this length, so a long-running test recording cannot eat the memory. */
const MAX_AUDIO_MS = 10 * 60 * 1000;

function createRecordingStore({ options, clock, deriveUuid, deriveNumber, parseTime }) {
	/** id → recording */
	const byId = new Map();
	/** All recordings (every customer, deleted ones too), tm_create descending; ties in insertion order. */
	const index = [];
	let insertions = 0;

	const nowUs = () => Math.round(clock.now() * MICROS_PER_MS);

	/** First position whose tm_create is below `us` (the strict `<` of the server's query). */
	function firstBelow(us) {
		let lo = 0;
		let hi = index.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (index[mid].createUs < us) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	function timeInput(value, fallbackUs) {
		if (value === undefined || value === null) return fallbackUs;
		if (typeof value === 'number') return Math.round(value * MICROS_PER_MS); // milliseconds
		if (value instanceof Date) return value.getTime() * MICROS_PER_MS;
		const us = parseTime(value);
		if (us === undefined) throw new Error(`Not a timestamp: ${value}`);
		return us;
	}

	/**
	 * Adds a recording. `status` (default 'ended') sets its times:
	 *  - 'ended': created `durationMs` + a few seconds ago (or at `createdAt`), started, ended;
	 *  - 'recording': started, no end until `endsAfterMs` pass or a test ends it;
	 *  - 'initiating': not started until `startsAfterMs` pass or a test starts it.
	 * `createdAt` is ms since the epoch, a Date or a timestamp text (microseconds kept); `tmCreateUs` wins over it.
	 */
	function addRecording(fields = {}) {
		const n = insertions++;
		const label = fields.id ?? `added:${n}`;
		const now = nowUs();
		const status = fields.status ?? 'ended';
		const durationMs = fields.durationMs ?? 5000 + Math.floor(deriveNumber(`duration:${label}`) * 55_000);
		const startDelayUs = (fields.startDelayMs ?? DEFAULT_START_DELAY_MS) * MICROS_PER_MS;
		const defaultCreate =
			status === 'ended' ? now - durationMs * MICROS_PER_MS - startDelayUs - 200_000 : status === 'recording' ? now - startDelayUs : now;
		const createUs = fields.tmCreateUs ?? timeInput(fields.createdAt, defaultCreate);
		let startUs = null;
		let endUs = null;
		if (status === 'ended' || status === 'stopping') {
			startUs = createUs + startDelayUs;
			endUs = startUs + durationMs * MICROS_PER_MS;
		} else if (status === 'recording') {
			startUs = Math.min(createUs + startDelayUs, now);
			if (fields.endsAfterMs !== undefined) endUs = now + fields.endsAfterMs * MICROS_PER_MS;
		} else if (status === 'initiating') {
			if (fields.startsAfterMs !== undefined) startUs = now + fields.startsAfterMs * MICROS_PER_MS;
			if (fields.endsAfterMs !== undefined) endUs = now + fields.endsAfterMs * MICROS_PER_MS;
		} else {
			throw new Error(`Unknown recording status ${status}`);
		}
		const id = fields.id ?? deriveUuid(`recording:${label}`);
		const referenceType = fields.referenceType ?? 'call';
		const referenceId = fields.referenceId ?? deriveUuid(`reference:${label}`);
		const recording = {
			id,
			customerId: fields.customerId ?? options.customerId,
			referenceType,
			referenceId,
			activeflowId: fields.activeflowId ?? NIL_UUID,
			onEndFlowId: fields.onEndFlowId ?? NIL_UUID,
			createUs,
			startUs,
			endUs,
			/** When the status became `ended`; null = `endUs` + options.stoppingMs; Infinity = held in `stopping`. */
			endedUs: status === 'stopping' ? Infinity : null,
			deleteUs: null,
			/** Whether storage holds its files (false: the ZIP is empty even after it ended). */
			hasFiles: fields.hasFiles ?? true,
			/** How many transcript lines a transcription of it yields. */
			transcriptLines: fields.transcriptLines,
			seq: n,
		};
		// Internal name, seen only as the ZIP's entry names [vb: recordinghandler/recording.go `call_<id>_<time>`].
		recording.name = `${referenceType === 'confbridge' ? 'confbridge' : 'call'}_${referenceId}_${new Date(Math.floor(createUs / 1000)).toISOString()}`;
		if (byId.has(id)) throw new Error(`Recording ${id} exists already`);
		byId.set(id, recording);
		index.splice(firstBelow(createUs), 0, recording);
		return recording;
	}

	function endedAtUs(r) {
		if (r.endedUs !== null) return r.endedUs;
		return r.endUs === null ? Infinity : r.endUs + options.stoppingMs * MICROS_PER_MS;
	}

	/** initiating → recording → stopping → ended, read from the times against the clock. */
	function statusOf(r, now = nowUs()) {
		if (endedAtUs(r) <= now) return 'ended';
		if (r.endUs !== null && r.endUs <= now) return 'stopping';
		if (r.startUs !== null && r.startUs <= now) return 'recording';
		return 'initiating';
	}

	/** Moves a recording to `status` now (a test control). */
	function setStatus(id, status) {
		const r = byId.get(id);
		if (!r) throw new Error(`No recording ${id}`);
		const now = nowUs();
		if (status === 'initiating') {
			r.startUs = r.endUs = r.endedUs = null;
			return r;
		}
		if (r.startUs === null || r.startUs > now) r.startUs = now;
		if (status === 'recording') {
			r.endUs = r.endedUs = null;
		} else if (status === 'stopping') {
			if (r.endUs === null || r.endUs > now) r.endUs = now;
			r.endedUs = Infinity;
		} else if (status === 'ended') {
			if (r.endUs === null || r.endUs > now) r.endUs = now;
			r.endedUs = Math.max(now, r.endUs);
		} else {
			throw new Error(`Unknown recording status ${status}`);
		}
		return r;
	}

	/** The recording as the API shows it [vb: bin-call-manager/models/recording/webhook.go]. */
	function present(r, style, ownerType) {
		const now = nowUs();
		const status = statusOf(r, now);
		const started = r.startUs !== null && r.startUs <= now ? r.startUs : null;
		const ended = status === 'ended' ? r.endUs : null;
		const transitions = [r.createUs, started, r.endUs !== null && r.endUs <= now ? r.endUs : null, status === 'ended' ? endedAtUs(r) : null, r.deleteUs];
		const updated = Math.max(...transitions.filter((t) => t !== null && Number.isFinite(t)));
		const ownerId =
			ownerType === 'customer' ? r.customerId : ownerType === 'call' ? r.referenceId : ownerType === '' ? NIL_UUID : deriveUuid(`owner:${ownerType}`);
		const item = {
			id: r.id,
			customer_id: r.customerId,
			owner_type: ownerType,
			owner_id: ownerId,
			activeflow_id: r.activeflowId,
			reference_type: r.referenceType,
			reference_id: r.referenceId,
			status,
			format: 'wav',
			on_end_flow_id: r.onEndFlowId,
		};
		style.put(item, 'tm_start', started);
		style.put(item, 'tm_end', ended);
		style.put(item, 'tm_create', r.createUs);
		style.put(item, 'tm_update', updated);
		style.put(item, 'tm_delete', r.deleteUs);
		return item;
	}

	/**
	 * One page: the customer's live recordings created before `beforeUs` (or at/before it with `inclusive`),
	 * newest first. Recordings whose tm_create is still in the future of the clock do not exist yet.
	 */
	function page(customerId, beforeUs, pageSize, inclusive) {
		const now = nowUs();
		const bound = beforeUs === undefined ? undefined : inclusive ? beforeUs + 1 : beforeUs;
		const items = [];
		for (let i = bound === undefined ? firstBelow(now + 1) : firstBelow(Math.min(bound, now + 1)); i < index.length && items.length < pageSize; i++) {
			const r = index[i];
			if (r.deleteUs === null && r.customerId === customerId) items.push(r);
		}
		return items;
	}

	/** Audio length of an ended recording, in ms. */
	function audioMs(r) {
		if (r.startUs === null || r.endUs === null) return 0;
		return Math.min(MAX_AUDIO_MS, Math.max(0, Math.round((r.endUs - r.startUs) / MICROS_PER_MS)));
	}

	return { byId, index, addRecording, setStatus, statusOf, present, page, audioMs, nowUs };
}

module.exports = { createRecordingStore, NIL_UUID };
