'use strict';
// Items kept in (createdAt, id) order, so that a page is a binary search and a short walk,
// not a sort of the whole workspace: listing 5,000 recordings page by page stays linear.

const compareKeys = (aAt, aId, bAt, bId) => aAt - bAt || (aId < bId ? -1 : aId > bId ? 1 : 0);

class OrderedIndex {
	constructor() {
		this.items = [];
	}

	/** Position of the first item whose key is greater than (at, id) (`after`) or not less (`!after`). */
	position(at, id, after) {
		let low = 0;
		let high = this.items.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			const c = compareKeys(this.items[mid].createdAt, this.items[mid].id, at, id);
			if (c < 0 || (after && c === 0)) low = mid + 1;
			else high = mid;
		}
		return low;
	}

	insert(item) {
		const last = this.items[this.items.length - 1];
		if (!last || compareKeys(last.createdAt, last.id, item.createdAt, item.id) < 0) this.items.push(item);
		else this.items.splice(this.position(item.createdAt, item.id, false), 0, item);
	}

	remove(item) {
		const at = this.position(item.createdAt, item.id, false);
		if (this.items[at] === item) this.items.splice(at, 1);
	}

	/**
	 * Walks items created at or before `until`, oldest or newest first, starting strictly after the
	 * cursor `{at, id}` when given, and yields each one.
	 */
	*walk({ newestFirst, until, cursor }) {
		const end = this.position(until, '\uffff', true); // everything created up to `until`
		if (newestFirst) {
			let i = cursor ? Math.min(end, this.position(cursor.at, cursor.id, false)) - 1 : end - 1;
			for (; i >= 0; i--) yield this.items[i];
		} else {
			let i = cursor ? this.position(cursor.at, cursor.id, true) : 0;
			for (; i < end; i++) yield this.items[i];
		}
	}
}

module.exports = { OrderedIndex };
