/**
 * The first bytes of a streamed download, read without losing them, so the file's real type can be
 * told from its magic bytes before the stream goes to n8n's binary store.
 */
interface PeekableStream {
	read(size?: number): Buffer | string | null;
	unshift(chunk: Buffer): void;
	readableEnded?: boolean;
	once(event: string, listener: (...args: never[]) => void): unknown;
	removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

export interface Head {
	/** At least `size` bytes, unless the body is shorter. */
	head: Buffer;
	/** The whole body, when it ended within the bytes read (the stream is then used up). */
	whole?: Buffer;
}

async function nextEvent(stream: PeekableStream): Promise<'readable' | 'end'> {
	return await new Promise((resolve, reject) => {
		const done = (event: 'readable' | 'end' | Error) => {
			stream.removeListener('readable', onReadable);
			stream.removeListener('end', onEnd);
			stream.removeListener('error', onError);
			if (event instanceof Error) reject(event);
			else resolve(event);
		};
		const onReadable = () => done('readable');
		const onEnd = () => done('end');
		const onError = (error: Error) => done(error);
		stream.once('readable', onReadable);
		stream.once('end', onEnd);
		stream.once('error', onError);
	});
}

/** Reads at least `size` bytes (or the whole body, if shorter) and puts them back in front of the stream. */
export async function peekHead(body: unknown, size: number): Promise<Head> {
	const stream = body as PeekableStream;
	const chunks: Buffer[] = [];
	let length = 0;
	let ended = false;
	while (length < size && !ended) {
		const chunk = stream.read();
		if (chunk !== null) {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			chunks.push(buffer);
			length += buffer.length;
			continue;
		}
		if (stream.readableEnded) break;
		ended = (await nextEvent(stream)) === 'end';
	}
	const all = Buffer.concat(chunks);
	if (ended || stream.readableEnded) return { head: all.subarray(0, size), whole: all };
	if (all.length) stream.unshift(all);
	return { head: all.subarray(0, size) };
}
