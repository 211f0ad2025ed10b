export function zipArchive(entries: Array<{ name: string; data: Buffer }>): Buffer;
export function readZipEntries(buffer: Buffer): Array<{ name: string; data: Buffer }>;
export function crc32(buffer: Buffer): number;
