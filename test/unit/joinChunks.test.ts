import { joinChunks } from '../../nodes/VonageBusiness/shared/transport';

async function* chunksOf(sizes: number[]) {
	let next = 0;
	for (const size of sizes) {
		yield Buffer.from(Array.from({ length: size }, () => next++ % 251));
	}
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
	const out: Buffer[] = [];
	for await (const piece of source) out.push(piece);
	return out;
}

describe('joinChunks (unit)', () => {
	it('joins small chunks into pieces of at least the size, keeping every byte in order', async () => {
		const sizes = [100, 300, 50, 700, 1, 999, 10];
		const pieces = await collect(joinChunks(chunksOf(sizes), 1000));
		expect(pieces.map((p) => p.length)).toEqual([1150, 1000, 10]);
		expect(Buffer.concat(pieces).equals(Buffer.concat(await collect(chunksOf(sizes))))).toBe(true);
	});

	it('yields nothing for an empty stream and passes a large chunk on whole', async () => {
		expect(await collect(joinChunks(chunksOf([]), 1000))).toEqual([]);
		expect((await collect(joinChunks(chunksOf([5000, 3]), 1000))).map((p) => p.length)).toEqual([5000, 3]);
	});

	it('passes on a failure of the source', async () => {
		async function* failing() {
			yield Buffer.alloc(10);
			throw new Error('socket hang up');
		}
		await expect(collect(joinChunks(failing(), 1000))).rejects.toThrow('socket hang up');
	});
});
