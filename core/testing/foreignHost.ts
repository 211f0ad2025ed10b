import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another host on loopback that records what it was sent, as a storage host or an attacker's server
 * would: leak tests redirect a request there and check that no credential came along.
 */
export async function foreignHost() {
	const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
	const server: Server = createServer((req, res) => {
		seen.push({ url: req.url ?? '', headers: req.headers });
		res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': 4 });
		res.end(Buffer.from('ID3\u0003'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { seen, origin, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}
