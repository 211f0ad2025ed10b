'use strict';
/**
 * WAV audio as VoIPbin records it: PCM, 8 kHz, mono, 16-bit [seed 004: sox output; doc recording_overview.rst
 * "Format: WAV (PCM) 8 kHz mono"]. The bytes are a steady tone, so a player plays something real and the two
 * directions of a call (snoop `in` and `out`) sound different.
 */

const SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
const HEADER_BYTES = 44;
const AMPLITUDE = 4000;

/** One period of a tone whose period is a whole number of samples (8000 / hz must be an integer). */
function tonePeriod(hz) {
	const samples = SAMPLE_RATE / hz;
	if (!Number.isInteger(samples)) throw new Error(`A ${hz} Hz tone has no whole-sample period at ${SAMPLE_RATE} Hz`);
	const period = Buffer.alloc(samples * BYTES_PER_SAMPLE);
	for (let i = 0; i < samples; i++) {
		period.writeInt16LE(Math.round(AMPLITUDE * Math.sin((2 * Math.PI * i) / samples)), i * BYTES_PER_SAMPLE);
	}
	return period;
}

function wavHeader(dataBytes) {
	const header = Buffer.alloc(HEADER_BYTES);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(36 + dataBytes, 4);
	header.write('WAVE', 8, 'latin1');
	header.write('fmt ', 12, 'latin1');
	header.writeUInt32LE(16, 16); // PCM format chunk size
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(SAMPLE_RATE, 24);
	header.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28); // byte rate
	header.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
	header.writeUInt16LE(8 * BYTES_PER_SAMPLE, 34); // bits per sample
	header.write('data', 36, 'latin1');
	header.writeUInt32LE(dataBytes, 40);
	return header;
}

/** A complete WAV file of `durationMs` of a `hz` tone (default 400 Hz: 20 samples a period). */
function wavBuffer(durationMs, hz = 400) {
	const dataBytes = Math.max(0, Math.round((durationMs * SAMPLE_RATE) / 1000)) * BYTES_PER_SAMPLE;
	const file = Buffer.alloc(HEADER_BYTES + dataBytes);
	wavHeader(dataBytes).copy(file, 0);
	if (dataBytes > 0) file.fill(tonePeriod(hz), HEADER_BYTES);
	return file;
}

/** Bytes of a WAV file of that duration, without building it. */
function wavSize(durationMs) {
	return HEADER_BYTES + Math.max(0, Math.round((durationMs * SAMPLE_RATE) / 1000)) * BYTES_PER_SAMPLE;
}

module.exports = { wavBuffer, wavSize, SAMPLE_RATE };
