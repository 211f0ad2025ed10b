'use strict';
// What recordings and transcriptions have in common: each ends in a fate, a test may pin its status,
// and a control names it by id.

const FATES = ['available', 'failed', 'absent'];

function checkFate(fate) {
	if (!FATES.includes(fate)) throw new Error(`fate must be one of ${FATES.join(', ')}`);
	return fate;
}

function findOrThrow(byId, id, what) {
	const item = byId.get(id);
	if (!item) throw new Error(`no ${what} ${id} in the sandbox`);
	return item;
}

/** Pins `status` (one of `allowed`) from `now` on; `null` unpins and the clock decides again. */
function pinStatus(item, status, allowed, now) {
	if (status !== null && !allowed.includes(status)) throw new Error(`status must be one of ${allowed.join(', ')}`);
	item.pinned = status === null ? null : { status, at: now };
	return item;
}

/** A clock that starts at `start` and moves with real time (when `realTime`) and by `advance(ms)`. */
function createClock(start, realTime) {
	let base = start;
	const realStart = Date.now();
	return {
		now: () => (realTime ? base + Date.now() - realStart : base),
		advance(ms) {
			base += ms;
		},
	};
}

module.exports = { FATES, checkFate, findOrThrow, pinStatus, createClock };
