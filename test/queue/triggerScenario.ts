/** The New Recording set-up that scenarios 1-3 share: the workflow, the recordings they add, the figures. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Sandbox } from '../../sandbox/server';
import type { QueueCluster } from '../../scripts/lib/queue-cluster';
import { sandboxOAuth2Credential, sinkNode, triggerWorkflow } from '../../scripts/lib/workflows';
import { readBytes, servedAudio, sha256 } from './harness';
import { audioWriterNode, processSinkNode } from './workflows';

type Sink = { url: string; received: Array<{ id: number; execution: string; [key: string]: unknown }> };

/** New Recording with Attach Audio → n8n's Read/Write Files (the audio to disk) → the sink; imported and activated. */
export async function activateAudioTrigger(cluster: QueueCluster, sandbox: Sandbox, sink: Sink, id: string): Promise<void> {
	const credential = sandboxOAuth2Credential(sandbox);
	await cluster.main.importCredentials([credential]);
	await cluster.main.importWorkflows([
		triggerWorkflow({
			id,
			credential,
			parameters: { event: 'newRecording', scope: 'company', options: { attachAudio: true } },
			then: [audioWriterNode(cluster.outputDir), processSinkNode(sinkNode, sink.url)],
		}),
	]);
	await cluster.main.activateWorkflow(id);
}

/** Recordings the scenario adds to the sandbox, and what the sink and the sandbox saw of them. */
export function recordingFeed(sandbox: Sandbox, sink: Sink) {
	const added: number[] = [];
	const addNow = (start = sandbox.clock.now() - 40_000) => {
		const id = sandbox.addRecording({ start, duration: 30_000 }).id;
		added.push(id);
		return id;
	};
	return {
		added,
		addNow,
		/** Scenario 1's batch: three now, two in the same second, and a late one (visible only in 75 s). */
		addBatch() {
			addNow();
			addNow();
			addNow();
			const sameSecond = sandbox.clock.now() - 50_000;
			addNow(sameSecond);
			addNow(sameSecond);
			const now = sandbox.clock.now();
			added.push(sandbox.addRecording({ start: now - 600_000, duration: 60_000, visibleAt: now + 75_000 }).id);
		},
		received: () => new Set(sink.received.map((r) => r.id)),
		/** List requests: one per poll. */
		lists: () => sandbox.apiRequests().filter((r) => r.path.endsWith('/company_call_recordings')).length,
	};
}

/** Lost, duplicated, and the files the workflow wrote compared byte for byte with what the sandbox served. */
export function deliveryFigures(sandbox: Sandbox, sink: Sink, added: number[], outputDir: string) {
	const ids = sink.received.map((r) => r.id);
	const files = readdirSync(outputDir);
	const wrongBytes = files.filter((file) => {
		const id = Number(file.replace(/\.mp3$/, ''));
		return sha256(readBytes(join(outputDir, file))) !== sha256(servedAudio(sandbox, id));
	});
	return {
		ids,
		lost: added.filter((id) => !ids.includes(id)),
		duplicates: ids.length - new Set(ids).size,
		files,
		wrongBytes,
		processes: [...new Set(sink.received.map((r) => String(r.process)))],
	};
}
