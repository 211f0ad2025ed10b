export function mp3Chunks(totalBytes: number, title?: string, chunkBytes?: number): Generator<Buffer>;
export function mp3Buffer(totalBytes: number, title?: string): Buffer;
export function mp3SizeForDuration(durationMs: number, title?: string): number;
export const FRAME_BYTES: number;
