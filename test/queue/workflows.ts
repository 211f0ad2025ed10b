/** Nodes of n8n itself that the queue-mode workflows use after the package's nodes. */
import type { sinkNode as SinkNode } from '../../scripts/lib/workflows';

/** n8n's Read/Write Files from Disk node, writing the trigger's audio to `<dir>/<recording id>.mp3`. */
export function audioWriterNode(dir: string, binaryPropertyName = 'data', idExpression = "$('VBC Trigger').item.json.id") {
	return {
		name: 'Write Audio',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1,
		parameters: {
			operation: 'write',
			fileName: `=${dir}/{{ ${idExpression} }}.mp3`,
			dataPropertyName: binaryPropertyName,
			options: {},
		},
	};
}

/**
 * The sink node, posting the recording's id, the execution id and which n8n process ran it ($env.VBC_PROCESS,
 * set per process by the cluster).
 */
export function processSinkNode(sinkNode: typeof SinkNode, url: string, idExpression = "$('VBC Trigger').item.json.id") {
	const node = sinkNode(url);
	node.parameters.jsonBody = `={{ JSON.stringify({ id: ${idExpression}, execution: $execution.id, process: $env.VBC_PROCESS }) }}`;
	return node;
}

/** n8n's Webhook node (POST, answers at once): main receives the call and queues the execution. */
export function webhookNode(path: string) {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		extra: { webhookId: `00000000-0000-4000-8000-${Buffer.from(path).toString('hex').padEnd(12, '0').slice(0, 12)}` },
	};
}

/** n8n's Limit node: keeps the first `maxItems` items. */
export function limitNode(maxItems: number) {
	return { name: 'First', type: 'n8n-nodes-base.limit', typeVersion: 1, parameters: { maxItems } };
}

/**
 * Calls a production webhook of the main process `count` times at once; resolves with the statuses. n8n
 * answers before it has registered the active workflows' webhooks: until one call is answered with
 * anything but 404, it is asked again.
 */
export async function callWebhook(mainUrl: string, path: string, count: number, body: object = {}): Promise<number[]> {
	const call = async (index: number) => {
		const response = await fetch(`${mainUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ index, ...body }),
		});
		await response.arrayBuffer();
		return response.status;
	};
	const deadline = Date.now() + 120_000;
	let first = await call(0);
	while (first === 404 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		first = await call(0);
	}
	return [first, ...(await Promise.all(Array.from({ length: count - 1 }, (_, index) => call(index + 1))))];
}
