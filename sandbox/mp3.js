'use strict';
// Generates real, playable MPEG-1 Layer III audio: frames of digital silence behind an ID3v2 tag.
// A silent frame with zeroed side information decodes to silence in every MP3 decoder, so the
// bytes are valid audio of any length without shipping a media file.

const FRAME_HEADER = Buffer.from([0xff, 0xfb, 0x10, 0xc4]); // MPEG-1 L3, 32 kbit/s, 44.1 kHz, mono
const FRAME_BYTES = 104; // floor(144 * 32000 / 44100), no padding
const MS_PER_FRAME = (1152 / 44100) * 1000;

function id3Tag(title) {
	const text = Buffer.from(`\u0000${title}`, 'latin1'); // encoding byte 0 = ISO-8859-1
	const frameHeader = Buffer.alloc(10);
	frameHeader.write('TIT2', 0, 'latin1');
	frameHeader.writeUInt32BE(text.length, 4);
	const body = Buffer.concat([frameHeader, text]);
	const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
	// ID3 sizes are "syncsafe": 7 bits per byte.
	let size = body.length;
	for (let i = 9; i >= 6; i--) {
		header[i] = size & 0x7f;
		size >>= 7;
	}
	return Buffer.concat([header, body]);
}

function silentFrame() {
	const frame = Buffer.alloc(FRAME_BYTES);
	FRAME_HEADER.copy(frame, 0);
	return frame;
}

/**
 * Yields `totalBytes` bytes of MP3 in chunks of about `chunkBytes`, never holding more than one chunk.
 * The stream is a tag followed by whole frames; the last frame is cut short only when the requested
 * size is not a multiple of the frame size (decoders skip a truncated last frame).
 */
function* mp3Chunks(totalBytes, title = 'VBC sandbox recording', chunkBytes = 64 * 1024) {
	const tag = id3Tag(title);
	const frame = silentFrame();
	const framesPerChunk = Math.max(1, Math.floor(chunkBytes / FRAME_BYTES));
	const block = Buffer.concat(Array.from({ length: framesPerChunk }, () => frame));
	let remaining = totalBytes;
	const head = tag.subarray(0, Math.min(tag.length, remaining));
	remaining -= head.length;
	yield head;
	while (remaining > 0) {
		const piece = block.subarray(0, Math.min(block.length, remaining));
		remaining -= piece.length;
		yield piece;
	}
}

function mp3Buffer(totalBytes, title) {
	return Buffer.concat([...mp3Chunks(totalBytes, title)]);
}

/** Byte size of an MP3 of the given duration, as the sandbox encodes it. */
function mp3SizeForDuration(durationMs, title = 'VBC sandbox recording') {
	return id3Tag(title).length + Math.max(1, Math.round(durationMs / MS_PER_FRAME)) * FRAME_BYTES;
}

module.exports = { mp3Chunks, mp3Buffer, mp3SizeForDuration, FRAME_BYTES };
