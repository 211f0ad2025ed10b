'use strict';
/**
 * Crossbar's paging keys. Since Kazoo 4.2 `start_key`/`next_start_key` are the view key run through
 * Erlang's `term_to_binary` and URL-safe base64 (api_util.erl `encode_start_key`, doc basics.md
 * "Encoded Start Keys"), e.g. `g2wAAAACbgUAvn1W1A5tAAAACDk4MDE2ODAwag`. This file writes and reads
 * the few term types a CouchDB view key holds: integers, binaries, lists and the empty JSON object
 * (`{[]}` in kz_json), so the sandbox emits keys of the same shape as a real cluster.
 */

const VERSION = 131;
const SMALL_INTEGER_EXT = 97;
const INTEGER_EXT = 98;
const SMALL_TUPLE_EXT = 104;
const NIL_EXT = 106;
const STRING_EXT = 107;
const LIST_EXT = 108;
const BINARY_EXT = 109;
const SMALL_BIG_EXT = 110;

function encodeTerm(value, out) {
	if (Number.isInteger(value)) {
		if (value >= 0 && value <= 255) {
			out.push(Buffer.from([SMALL_INTEGER_EXT, value]));
		} else if (value >= -(2 ** 31) && value < 2 ** 31) {
			const b = Buffer.alloc(5);
			b[0] = INTEGER_EXT;
			b.writeInt32BE(value, 1);
			out.push(b);
		} else {
			let magnitude = BigInt(Math.abs(value));
			const digits = [];
			while (magnitude > 0n) {
				digits.push(Number(magnitude & 0xffn));
				magnitude >>= 8n;
			}
			out.push(Buffer.from([SMALL_BIG_EXT, digits.length, value < 0 ? 1 : 0, ...digits]));
		}
		return;
	}
	if (typeof value === 'string') {
		const bytes = Buffer.from(value, 'utf8');
		const head = Buffer.alloc(5);
		head[0] = BINARY_EXT;
		head.writeUInt32BE(bytes.length, 1);
		out.push(head, bytes);
		return;
	}
	if (Array.isArray(value)) {
		if (value.length === 0) {
			out.push(Buffer.from([NIL_EXT]));
			return;
		}
		const head = Buffer.alloc(5);
		head[0] = LIST_EXT;
		head.writeUInt32BE(value.length, 1);
		out.push(head);
		for (const item of value) encodeTerm(item, out);
		out.push(Buffer.from([NIL_EXT]));
		return;
	}
	if (value && typeof value === 'object' && Object.keys(value).length === 0) {
		// kz_json's empty object is the tuple {[]}.
		out.push(Buffer.from([SMALL_TUPLE_EXT, 1, NIL_EXT]));
		return;
	}
	throw new TypeError(`cannot encode ${JSON.stringify(value)} as a view key`);
}

function encodeStartKey(key) {
	const out = [Buffer.from([VERSION])];
	encodeTerm(key, out);
	return Buffer.concat(out).toString('base64url');
}

function decodeTerm(buf, pos) {
	const tag = buf[pos.i++];
	switch (tag) {
		case SMALL_INTEGER_EXT:
			return buf[pos.i++];
		case INTEGER_EXT: {
			const v = buf.readInt32BE(pos.i);
			pos.i += 4;
			return v;
		}
		case SMALL_BIG_EXT: {
			const n = buf[pos.i++];
			const sign = buf[pos.i++];
			let v = 0n;
			for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(buf[pos.i + k]);
			pos.i += n;
			return Number(sign ? -v : v);
		}
		case BINARY_EXT: {
			const len = buf.readUInt32BE(pos.i);
			pos.i += 4;
			const s = buf.subarray(pos.i, pos.i + len);
			if (s.length !== len) throw new RangeError('short binary');
			pos.i += len;
			return s.toString('utf8');
		}
		case STRING_EXT: {
			const len = buf.readUInt16BE(pos.i);
			pos.i += 2;
			const items = [...buf.subarray(pos.i, pos.i + len)];
			pos.i += len;
			return items;
		}
		case NIL_EXT:
			return [];
		case LIST_EXT: {
			const len = buf.readUInt32BE(pos.i);
			pos.i += 4;
			const items = [];
			for (let k = 0; k < len; k++) items.push(decodeTerm(buf, pos));
			if (buf[pos.i++] !== NIL_EXT) throw new RangeError('improper list');
			return items;
		}
		case SMALL_TUPLE_EXT: {
			const arity = buf[pos.i++];
			const items = [];
			for (let k = 0; k < arity; k++) items.push(decodeTerm(buf, pos));
			if (arity === 1 && Array.isArray(items[0]) && items[0].length === 0) return {};
			throw new RangeError('unsupported tuple');
		}
		default:
			throw new RangeError(`unsupported term tag ${tag}`);
	}
}

/** The key, or undefined when the text is not an encoded term (Crossbar then uses the text itself). */
function decodeStartKey(text) {
	try {
		const buf = Buffer.from(text, 'base64url');
		if (buf[0] !== VERSION) return undefined;
		const pos = { i: 1 };
		const value = decodeTerm(buf, pos);
		return pos.i === buf.length ? value : undefined;
	} catch {
		return undefined;
	}
}

module.exports = { encodeStartKey, decodeStartKey };
