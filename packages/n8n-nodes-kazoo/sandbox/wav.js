'use strict';
// Real, playable WAV audio (RIFF, 16-bit PCM, 8 kHz mono silence) of any length, in chunks, for
// recordings whose attachment is stored as WAV (kapps_call_recording.erl get_format allows wav).

const SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
const HEADER_BYTES = 44;

function wavHeader(dataBytes) {
	const h = Buffer.alloc(HEADER_BYTES);
	h.write('RIFF', 0, 'latin1');
	h.writeUInt32LE(36 + dataBytes, 4);
	h.write('WAVE', 8, 'latin1');
	h.write('fmt ', 12, 'latin1');
	h.writeUInt32LE(16, 16); // fmt chunk size
	h.writeUInt16LE(1, 20); // PCM
	h.writeUInt16LE(1, 22); // mono
	h.writeUInt32LE(SAMPLE_RATE, 24);
	h.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28);
	h.writeUInt16LE(BYTES_PER_SAMPLE, 32);
	h.writeUInt16LE(16, 34);
	h.write('data', 36, 'latin1');
	h.writeUInt32LE(dataBytes, 40);
	return h;
}

/** Byte size of a WAV of the given duration. */
function wavSizeForDuration(durationMs) {
	const samples = Math.max(1, Math.round((durationMs / 1000) * SAMPLE_RATE));
	return HEADER_BYTES + samples * BYTES_PER_SAMPLE;
}

/** Yields a WAV file of `totalBytes` bytes (header + silence) in chunks of about `chunkBytes`. */
function* wavChunks(totalBytes, chunkBytes = 64 * 1024) {
	const dataBytes = Math.max(0, totalBytes - HEADER_BYTES);
	const header = wavHeader(dataBytes);
	yield header.subarray(0, Math.min(HEADER_BYTES, totalBytes));
	const zeros = Buffer.alloc(chunkBytes);
	let remaining = dataBytes;
	while (remaining > 0) {
		const piece = zeros.subarray(0, Math.min(chunkBytes, remaining));
		remaining -= piece.length;
		yield piece;
	}
}

module.exports = { wavChunks, wavSizeForDuration };
