'use strict';
// Deterministic randomness for seeded data: the same seed gives the same workspace on every run.

/** A small-state generator (SplitMix32); returns numbers in [0, 1). */
function createRandom(seed) {
	let state = seed | 0;
	const next = () => {
		state = (state + 0x9e3779b9) | 0;
		let z = state;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
		z ^= z >>> 16;
		return (z >>> 0) / 0x1_0000_0000;
	};
	return {
		next,
		/** A whole number in [min, max]. */
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: (list) => list[Math.floor(next() * list.length)],
		/** A version-4-shaped UUID, as Bird uses for every id. */
		uuid() {
			let hex = '';
			for (let i = 0; i < 4; i++) hex += Math.floor(next() * 0x1_0000_0000).toString(16).padStart(8, '0');
			const variant = '89ab'[Math.floor(next() * 4)];
			return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
		},
		digits(count) {
			let text = '';
			for (let i = 0; i < count; i++) text += Math.floor(next() * 10);
			return text;
		},
	};
}

module.exports = { createRandom };
