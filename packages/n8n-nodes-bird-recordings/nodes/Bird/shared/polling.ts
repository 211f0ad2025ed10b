import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { readPages } from '../../../core/paging';
import { pollOnce, type ListedItem } from '../../../core/pollLoop';
import type { TriggerOptions } from '../../../core/triggerOptions';
import type { BirdApi } from './connection';
import { isUuid } from './ids';
import { birdPages } from './listing';
import { audioOptions, downloadThroughApi } from './media';
import { recordingAudioPath, recordingsPath, transcriptionsPath } from './paths';
import { birdTime, birdTimeMs } from './times';

/**
 * The trigger's two watches, on the core's poll loop. Bird has webhooks for call states but none for
 * recordings, and a recording is `available` only some time after its call ends; so each poll lists a
 * look-back window of creation times and emits, once, each item that is available and not emitted
 * before. An item that is not available yet is simply not a candidate: it blocks nothing, and is
 * decided again on the polls that follow, while it is in the window.
 */
export interface Watch {
	event: 'newRecording' | 'transcriptionAvailable';
	qs: IDataObject;
	/** Identifies what is watched: stored state is reused only for the same. */
	config: string;
}

/** An item's place on the window's axis: its createdAt; unset (absent or Go zero time): now, so it stays in the window. */
const candidateOf = (item: IDataObject, now: number): ListedItem => ({
	key: String(item.id),
	at: birdTimeMs(item.createdAt) ?? now,
	item,
});

/** A page is read in newest-first order if its times fall; only then can later pages be known to be older. */
function newestFirstPageEndsBefore(page: IDataObject[], from: number): boolean {
	if (page.length < 2) return false;
	const first = birdTimeMs(page[0].createdAt);
	const last = birdTimeMs(page[page.length - 1].createdAt);
	return first !== undefined && last !== undefined && first > last && last < from;
}

/**
 * The available items created from `fromMs` on. Recordings: Bird's `startAt` filter (a second early,
 * as its inclusivity is not documented; no `endAt`, so a clock ahead of ours hides nothing).
 * Transcriptions have no filter: their list is read down to `fromMs` when it is newest first, and
 * whole otherwise.
 */
async function listAvailable(this: IPollFunctions, api: BirdApi, watch: Watch, fromMs: number, now: number): Promise<ListedItem[]> {
	const recordings = watch.event === 'newRecording';
	const { items } = await readPages.call(this, api, birdPages, {
		path: recordings ? recordingsPath(api) : transcriptionsPath(api),
		qs: recordings ? { ...watch.qs, startAt: birdTime(fromMs - 1000) } : {},
		subject: recordings ? 'the recordings list' : 'the transcriptions list',
		isLastPage: recordings ? undefined : (page) => newestFirstPageEndsBefore(page, fromMs),
	});
	return items.filter((item) => item.status === 'available' && isUuid(item.id)).map((item) => candidateOf(item, now));
}

/** The recording with its audio, or why there is none. A failed download is reported, not thrown. */
async function withAudio(this: IPollFunctions, api: BirdApi, recording: IDataObject, binaryPropertyName: string) {
	const id = String(recording.id);
	try {
		const binary = await downloadThroughApi.call(this, api, recordingAudioPath(api, id), audioOptions(id));
		return { item: { json: recording, binary: { [binaryPropertyName]: binary } } as INodeExecutionData };
	} catch (error) {
		return { missing: error instanceof Error ? error.message : String(error) };
	}
}

const attachesAudio = (watch: Watch, options: TriggerOptions) => watch.event === 'newRecording' && options.attachAudio;

/** One poll (see the core's pollOnce): with Attach Audio, a recording whose audio cannot be read yet is tried again later. */
export async function pollWatch(this: IPollFunctions, api: BirdApi, watch: Watch, options: TriggerOptions): Promise<INodeExecutionData[]> {
	return await pollOnce.call(
		this,
		{
			config: watch.config,
			list: async (fromMs, now) => await listAvailable.call(this, api, watch, fromMs, now),
			complete: attachesAudio(watch, options)
				? async (item) => await withAudio.call(this, api, item, options.binaryPropertyName)
				: undefined,
		},
		options,
	);
}

/** "Fetch Test Event": the newest available item in the window, state untouched. */
export async function latestItem(this: IPollFunctions, api: BirdApi, watch: Watch, options: TriggerOptions): Promise<INodeExecutionData[]> {
	const now = Date.now();
	const listed = await listAvailable.call(this, api, watch, now - options.windowMs, now);
	if (listed.length === 0) return [];
	const newest = listed.reduce((a, b) => (b.at > a.at ? b : a));
	if (!attachesAudio(watch, options)) return [{ json: newest.item }];
	const { item, missing } = await withAudio.call(this, api, newest.item, options.binaryPropertyName);
	return [item ?? { json: { ...newest.item, audioError: missing } }];
}
