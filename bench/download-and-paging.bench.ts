/**
 * Benchmarks, each against a peer in the same run:
 *  1. API requests for common jobs (the VBC quota is 10 per minute): this node vs a client that pages with
 *     the API's default page size (10) and fetches each recording before downloading it.
 *  2. Memory while downloading a large recording: this node's streamed Download vs a peer node that buffers
 *     the body (encoding 'arraybuffer') before handing it to n8n, both in n8n's engine.
 * Run: npm run bench   (BENCH_AUDIO_MB sets the audio size, default 200)
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { registerNodeType, runWorkflow } from '../test/harness/engine';
import { oauth2Credentials, runAction, runActionChain, startSandbox, OAUTH2_TYPE } from '../test/harness/vbc';

const MB = 1024 * 1024;

/** The peer: the same download, but buffered, as a plain `httpRequestWithAuthentication` call does it. */
class BufferedDownload implements INodeType {
	description = {
		displayName: 'Buffered Download',
		name: 'bufferedDownload',
		group: ['transform'],
		version: 1,
		description: 'peer',
		defaults: { name: 'Buffered Download' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: OAUTH2_TYPE, required: true }],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const url = this.getNodeParameter('url', 0) as string;
		const body = (await this.helpers.httpRequestWithAuthentication.call(this, OAUTH2_TYPE, {
			url,
			encoding: 'arraybuffer',
			json: false,
		})) as ArrayBuffer;
		const binary = await this.helpers.prepareBinaryData(Buffer.from(body), 'peer.mp3', 'audio/mpeg');
		return [[{ json: {}, binary: { data: binary } }]];
	}
}

async function peakRssDuring(work: () => Promise<unknown>): Promise<number> {
	global.gc?.();
	const base = process.memoryUsage().rss;
	let peak = base;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	peak = Math.max(peak, process.memoryUsage().rss);
	return (peak - base) / MB;
}

it('prints request counts and download memory, against peers', async () => {
	registerNodeType('bench.bufferedDownload', new BufferedDownload());
	const sandbox = await startSandbox({ companyRecordings: 250 });
	try {
		const creds = oauth2Credentials(sandbox);
		const count = async (work: () => Promise<unknown>) => {
			sandbox.resetLog();
			await work();
			return sandbox.apiRequests().length;
		};
		const returnAll = await count(() => runAction(creds, { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true }));
		const limit5 = await count(() => runAction(creds, { resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 5 }));
		const listAndDownload = await count(() =>
			runActionChain(creds, [
				{ resource: 'recording', operation: 'getMany', scope: 'company', returnAll: false, limit: 5 },
				{ resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
			]),
		);
		// The peer: default page size 10, and a Get before each download.
		const peerReturnAll = Math.ceil(250 / 10);
		const peerListAndDownload = 1 + 5 * 2;
		console.log(
			[
				'API requests (quota: 10 per minute)',
				`  Return All, 250 recordings: ${returnAll} (peer paging by 10: ${peerReturnAll})`,
				`  Limit 5: ${limit5} (peer: 1)`,
				`  Get Many 5 → Download 5: ${listAndDownload} (peer fetching each recording first: ${peerListAndDownload})`,
			].join('\n'),
		);
		expect(returnAll).toBe(3);
		expect(limit5).toBe(1);
		expect(listAndDownload).toBe(6);

		const size = Number(process.env.BENCH_AUDIO_MB ?? 200) * MB;
		const big = sandbox.addRecording({ start: sandbox.clock.now() - 3_600_000, duration: 60_000, file_size_in_bytes: size });
		const streamed = await peakRssDuring(() =>
			runAction(creds, { resource: 'recording', operation: 'download', scope: 'company', recordingId: String(big.id), binaryPropertyName: 'data' }),
		);
		const buffered = await peakRssDuring(() =>
			runWorkflow(
				[
					{
						id: 'p',
						name: 'Peer',
						type: 'bench.bufferedDownload',
						typeVersion: 1,
						position: [0, 0],
						parameters: { url: `${sandbox.apiBaseUrl}/api/audio/recording/${big.id}` },
						credentials: { [OAUTH2_TYPE]: { id: 'cred-1', name: 'VBC sandbox' } },
					},
				],
				{},
				creds,
			),
		);
		console.log(
			`Download of a ${size / MB} MB recording, peak RSS growth: streamed ${streamed.toFixed(0)} MB, buffered peer ${buffered.toFixed(0)} MB`,
		);
		expect(streamed).toBeLessThan(buffered);
	} finally {
		await sandbox.stop();
	}
}, 600_000);
