import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { readPages } from '../../../core/paging';
import { decidePoll, firstState, holdBack, isPollState, listFrom, release, type Candidate, type PollState } from '../../../core/pollState';
import type { BirdApi } from './connection';
import { isUuid } from './ids';
import { birdPages } from './listing';
import { audioOptions, downloadThroughApi } from './media';
import { recordingsPath, transcriptionsPath } from './paths';
import { birdTime, birdTimeMs } from './times';
import { MINUTE_MS, type TriggerOptions } from './triggerOptions';

/**
 * The trigger's two watches, on the core's poll state. Bird has webhooks for call states but none for
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

type Listed = Candidate & { item: IDataObject };

/** An item's place on the window's axis: its createdAt; unset (absent or Go zero time): now, so it stays in the window. */
const candidateOf = (item: IDataObject, now: number): Listed => ({
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
async function listAvailable(this: IPollFunctions, api: BirdApi, watch: Watch, fromMs: number, now: number): Promise<Listed[]> {
	const recordings = watch.event === 'newRecording';
	const { items } = await readPages.call(this, api, birdPages, {
		path: recordings ? recordingsPath(api) : transcriptionsPath(api),
		qs: recordings ? { ...watch.qs, startAt: birdTime(fromMs - 1000) } : {},
		subject: recordings ? 'the recordings list' : 'the transcriptions list',
		stopAfter: recordings ? undefined : (page) => newestFirstPageEndsBefore(page, fromMs),
	});
	return items.filter((item) => item.status === 'available' && isUuid(item.id)).map((item) => candidateOf(item, now));
}

/** The recording with its audio, or why there is none. A failed download is reported, not thrown. */
async function withAudio(this: IPollFunctions, api: BirdApi, recording: IDataObject, binaryPropertyName: string) {
	const id = String(recording.id);
	try {
		const binary = await downloadThroughApi.call(this, api, `${recordingsPath(api)}/${id}.mp3`, audioOptions(id));
		return { item: { json: recording, binary: { [binaryPropertyName]: binary } } as INodeExecutionData };
	} catch (error) {
		return { missing: error instanceof Error ? error.message : String(error) };
	}
}

/**
 * One poll: list the window, decide with the core's poll state, attach audio (trying again later what
 * cannot be read yet, without holding up the others), and store the new state only after the list
 * was read (a poll that throws stores nothing, so it is listed again).
 */
export async function pollWatch(this: IPollFunctions, api: BirdApi, watch: Watch, options: TriggerOptions): Promise<INodeExecutionData[]> {
	const staticData = this.getWorkflowStaticData('node');
	const now = Date.now();
	const settings = { now, windowMs: options.windowMs };
	const stored = staticData.config === watch.config && isPollState(staticData.state) ? staticData.state : undefined;
	let state: PollState;
	let listed: Listed[];
	if (stored) {
		state = stored;
		listed = await listAvailable.call(this, api, watch, listFrom(state, settings), now);
	} else {
		// First activation: remember what is there, except the catch-up period if one is asked for.
		const catchUpFrom = options.catchUpMs > 0 ? now - options.catchUpMs : undefined;
		listed = await listAvailable.call(this, api, watch, Math.min(now - options.windowMs, catchUpFrom ?? Infinity), now);
		state = firstState(listed, catchUpFrom);
		if (catchUpFrom === undefined) {
			staticData.config = watch.config;
			staticData.state = state as unknown as IDataObject;
			return [];
		}
	}
	const decision = decidePoll(state, listed, { ...settings, maxItems: options.maxItems, listingWasStable: true });
	const output: INodeExecutionData[] = [];
	for (const candidate of decision.emit) {
		if (watch.event !== 'newRecording' || !options.attachAudio) {
			output.push({ json: candidate.item });
			continue;
		}
		const { item, missing } = await withAudio.call(this, api, candidate.item, options.binaryPropertyName);
		if (item) {
			release(decision.next, candidate.key);
			output.push(item);
		} else if (holdBack(decision.next, candidate, now, options.waitForAudioMs) === 'expired') {
			const waited = Math.round(options.waitForAudioMs / MINUTE_MS);
			output.push({ json: { ...candidate.item, audioError: `No audio after ${waited} min: ${missing}` } });
		}
	}
	staticData.config = watch.config;
	staticData.state = decision.next as unknown as IDataObject;
	return output;
}

/** "Fetch Test Event": the newest available item in the window, state untouched. */
export async function latestItem(this: IPollFunctions, api: BirdApi, watch: Watch, options: TriggerOptions): Promise<INodeExecutionData[]> {
	const now = Date.now();
	const listed = await listAvailable.call(this, api, watch, now - options.windowMs, now);
	if (listed.length === 0) return [];
	const newest = listed.reduce((a, b) => (b.at > a.at ? b : a));
	if (watch.event !== 'newRecording' || !options.attachAudio) return [{ json: newest.item }];
	const { item, missing } = await withAudio.call(this, api, newest.item, options.binaryPropertyName);
	return [item ?? { json: { ...newest.item, audioError: missing } }];
}
