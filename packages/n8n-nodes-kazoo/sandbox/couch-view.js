'use strict';
/**
 * A CouchDB view as Crossbar reads it: rows sorted by key in CouchDB collation, read from a start
 * key towards an end key (both inclusive) in either direction, `limit` rows at a time. The sandbox
 * keeps one per listing view (`recordings/crossbar_listing` keyed `[pvt_created, _id]` and
 * `recordings/listing_by_user` keyed `[owner_id, pvt_created, _id]`, kazoo_modb
 * priv/couchdb/views/recordings.json), so a page costs O(log n + page size) even with 5,000 rows.
 */

// CouchDB collation: null < false < true < numbers < strings < arrays < objects.
function rank(value) {
	if (value === null || value === undefined) return 0;
	if (value === false) return 1;
	if (value === true) return 2;
	if (typeof value === 'number') return 3;
	if (typeof value === 'string') return 4;
	if (Array.isArray(value)) return 5;
	return 6;
}

function compareKeys(a, b) {
	const ra = rank(a);
	const rb = rank(b);
	if (ra !== rb) return ra < rb ? -1 : 1;
	if (ra === 3) return a === b ? 0 : a < b ? -1 : 1;
	if (ra === 4) return a === b ? 0 : a < b ? -1 : 1;
	if (ra === 5) {
		const n = Math.min(a.length, b.length);
		for (let i = 0; i < n; i++) {
			const c = compareKeys(a[i], b[i]);
			if (c !== 0) return c;
		}
		return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
	}
	if (ra === 6) {
		// Only the empty object (the "highest" sentinel Crossbar appends to end keys) is used here.
		const ka = Object.keys(a).length;
		const kb = Object.keys(b).length;
		return ka === kb ? 0 : ka < kb ? -1 : 1;
	}
	return 0;
}

class CouchView {
	/** @param {(row: any) => unknown[]} keyOf */
	constructor(keyOf) {
		this.keyOf = keyOf;
		this.rows = [];
	}

	/** Index of the first row whose key is >= key (or > key when `after`). */
	lowerBound(key, after = false) {
		let lo = 0;
		let hi = this.rows.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const c = compareKeys(this.keyOf(this.rows[mid]), key);
			if (c < 0 || (after && c === 0)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	insert(row) {
		this.rows.splice(this.lowerBound(this.keyOf(row), true), 0, row);
	}

	remove(row) {
		const i = this.rows.indexOf(row, this.lowerBound(this.keyOf(row)));
		if (i !== -1) this.rows.splice(i, 1);
	}

	/** Bulk load: add all rows, then sort once. */
	load(rows) {
		this.rows.push(...rows);
		this.rows.sort((x, y) => compareKeys(this.keyOf(x), this.keyOf(y)));
	}

	/**
	 * Rows from startKey towards endKey (inclusive), at most `limit` (undefined: all), skipping rows
	 * `skip(row)` says are not in the view (soft-deleted documents).
	 */
	read({ startKey, endKey, descending, limit, skip }) {
		const out = [];
		if (descending) {
			let i = startKey === undefined ? this.rows.length - 1 : this.lowerBound(startKey, true) - 1;
			for (; i >= 0 && (limit === undefined || out.length < limit); i--) {
				const row = this.rows[i];
				if (endKey !== undefined && compareKeys(this.keyOf(row), endKey) < 0) break;
				if (!skip(row)) out.push(row);
			}
		} else {
			let i = startKey === undefined ? 0 : this.lowerBound(startKey);
			for (; i < this.rows.length && (limit === undefined || out.length < limit); i++) {
				const row = this.rows[i];
				if (endKey !== undefined && compareKeys(this.keyOf(row), endKey) > 0) break;
				if (!skip(row)) out.push(row);
			}
		}
		return out;
	}
}

module.exports = { CouchView, compareKeys };
