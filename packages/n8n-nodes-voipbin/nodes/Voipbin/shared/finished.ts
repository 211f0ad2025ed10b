import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiConnection } from '../../../core/api';
import { asNodeError } from '../../../core/items';
import { decidePoll, firstState, isPollState, listFrom, type Candidate, type PollState } from '../../../core/pollState';
import { apiRequest } from '../../../core/request';
import { nonNegativeAmount, positiveAmount, requireBinaryFieldName, requireBoolean, requireWholeNumber } from '../../../core/validation';
import { downloadRecordingAudio } from './audio';
import { isUuid } from './ids';
import { listNewestFirst } from './listing';
import { parseVoipbinTime } from './times';

const HOUR_MS = 3_600_000;
/** How long an unfinished item is followed after it left the look-back window: then it is given up. */
const MAX_PENDING_MS = 7 * 24 * HOUR_MS;

/** What the trigger watches: a list whose items appear unfinished and finish later. */
export interface Watched {
	event: 'recordingFinished' | 'transcriptionDone';
	/** `/recordings`, `/transcribes` */
	path: string;
	isDone(item: IDataObject): boolean;
}

export const WATCHED: Record<Watched['event'], Watched> = {
	recordingFinished: { event: 'recordingFinished', path: '/recordings', isDone: (item) => item.status === 'ended' },
	transcriptionDone: { event: 'transcriptionDone', path: '/transcribes', isDone: (item) => item.status === 'done' },
};

export const triggerOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Attach Audio',
			name: 'attachAudio',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/event': ['recordingFinished'] } },
			description: "Whether to attach each recording's audio (the ZIP or WAV VoIPbin serves) as binary data: one more request per recording",
		},
		{
			displayName: 'Include Items From the Last N Hours',
			name: 'catchUpHours',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'On the first poll after activation, also emit what finished among the items created this many hours before it. 0 emits only what finishes from now on.',
		},
		{
			displayName: 'Look-Back Window (Hours)',
			name: 'lookBackHours',
			type: 'number',
			typeOptions: { minValue: 0.1 },
			default: 2,
			description:
				'Each poll lists the items created this long ago or later. Items that finish later than that (long calls) are then asked for one by one until they finish.',
		},
		{
			displayName: 'Max Items per Poll',
			name: 'maxItemsPerPoll',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'At most this many items per poll, oldest first; the rest follow on the next polls',
		},
		{
			displayName: 'Put Audio in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			displayOptions: { show: { attachAudio: [true], '/event': ['recordingFinished'] } },
		},
	],
};

export interface TriggerOptions {
	attachAudio: boolean;
	binaryPropertyName: string;
	catchUpMs: number;
	windowMs: number;
	maxItems: number;
}

export function readTriggerOptions(options: IDataObject, event: Watched['event']): TriggerOptions {
	const attachAudio = event === 'recordingFinished' && requireBoolean(options.attachAudio ?? false, 'Attach Audio');
	return {
		attachAudio,
		binaryPropertyName: attachAudio ? requireBinaryFieldName(options.binaryPropertyName ?? 'data', 'Put Audio in Field') : 'data',
		catchUpMs: (nonNegativeAmount(options.catchUpHours ?? 0, 'Include Items From the Last N Hours', 'hours', 24 * 365) ?? 0) * HOUR_MS,
		windowMs: positiveAmount(options.lookBackHours ?? 2, 'Look-Back Window (Hours)', 'hours', 24 * 31) * HOUR_MS,
		maxItems: requireWholeNumber(options.maxItemsPerPoll ?? 100, 'Max Items per Poll', 1, 10_000),
	};
}

type Listed = Candidate & { item: IDataObject };

/** An item on the window's axis: its creation time (ms); an unreadable one counts as now, so it stays in the window. */
function candidateOf(item: IDataObject, now: number): Listed {
	const micros = parseVoipbinTime(item.tm_create);
	return { key: String(item.id), at: micros === undefined ? now : Math.floor(micros / 1000), item };
}

async function listSince(this: IPollFunctions, api: ApiConnection, watched: Watched, fromMs: number, now: number): Promise<Listed[]> {
	const { items } = await listNewestFirst.call(this, api, {
		path: watched.path,
		from: fromMs * 1000,
		subject: `the ${watched.path.slice(1)} list`,
	});
	return items.map((item) => candidateOf(item, now)).filter((candidate) => candidate.at >= fromMs);
}

/** One item asked for by ID: `undefined` when it is gone (deleted). */
async function fetchOne(this: IPollFunctions, api: ApiConnection, watched: Watched, id: string): Promise<IDataObject | undefined> {
	const answer = await apiRequest
		.call(this, api, { method: 'GET', url: `${watched.path}/${id}` }, { subject: `${watched.path.slice(1, -1)} ${id}` })
		.catch((error: unknown) => ({ failure: error }));
	if (!('failure' in answer)) return (answer.body ?? {}) as IDataObject;
	if (answer.failure instanceof NodeApiError && answer.failure.httpCode === '404') return undefined;
	throw asNodeError(this.getNode(), answer.failure);
}

interface StoredState {
	config: string;
	state: PollState;
	/** Unfinished items: ID → creation time (ms). */
	pending: Record<string, number>;
}

function storedState(staticData: IDataObject, config: string): StoredState | undefined {
	const { config: storedConfig, state, pending } = staticData as Partial<StoredState>;
	if (storedConfig !== config || !isPollState(state)) return undefined;
	return { config, state, pending: pending && typeof pending === 'object' ? { ...pending } : {} };
}

/**
 * One poll. The list is read back to the window's lower edge (creation time); finished items are
 * decided by the core's poll state (each emitted once), unfinished ones are remembered as pending.
 * A pending item that leaves the window (a long call) is asked for by ID on each poll until it
 * finishes (emitted then: it is below the edge, so the list can never bring it again), is deleted,
 * or is older than a week. The state is stored only after every request succeeded.
 */
export async function pollFinished(this: IPollFunctions, api: ApiConnection, watched: Watched, options: TriggerOptions): Promise<IDataObject[]> {
	const staticData = this.getWorkflowStaticData('node');
	const config = JSON.stringify([watched.event, api.baseUrl]);
	const now = Date.now();
	const settings = { now, windowMs: options.windowMs };
	const stored = storedState(staticData, config);
	let state: PollState;
	let listed: Listed[];
	const pending = stored?.pending ?? {};
	if (stored) {
		state = stored.state;
		listed = await listSince.call(this, api, watched, listFrom(state, settings), now);
	} else {
		const catchUpFrom = options.catchUpMs > 0 ? now - options.catchUpMs : undefined;
		listed = await listSince.call(this, api, watched, Math.min(now - options.windowMs, catchUpFrom ?? Infinity), now);
		state = firstState(listed.filter(({ item }) => watched.isDone(item)), catchUpFrom);
		if (catchUpFrom === undefined) {
			for (const { key, at, item } of listed) if (!watched.isDone(item)) pending[key] = at;
			Object.assign(staticData, { config, state, pending });
			return [];
		}
	}
	const from = listFrom(state, settings);
	const done = listed.filter(({ item }) => watched.isDone(item));
	const decision = decidePoll(state, done, { ...settings, maxItems: options.maxItems, listingWasStable: true });
	const emitted = decision.emit.map(({ item }) => item);
	const listedKeys = new Set(listed.map(({ key }) => key));
	for (const { key, at, item } of listed) if (!watched.isDone(item) && decision.next.seen[key] === undefined) pending[key] = at;
	for (const { key } of done) delete pending[key];
	for (const [key, at] of Object.entries(pending)) {
		if (at >= from) {
			// Still in the window: the list decides it; not listed means deleted.
			if (!listedKeys.has(key)) delete pending[key];
			continue;
		}
		if (now - at > MAX_PENDING_MS || !isUuid(key)) {
			delete pending[key];
			continue;
		}
		const item = await fetchOne.call(this, api, watched, key);
		if (item === undefined) delete pending[key];
		else if (watched.isDone(item)) {
			emitted.push(item);
			delete pending[key];
		}
	}
	Object.assign(staticData, { config, state: decision.next, pending });
	return emitted;
}

/** "Fetch Test Event": the most recent finished item, state untouched. */
export async function latestFinished(this: IPollFunctions, api: ApiConnection, watched: Watched): Promise<IDataObject[]> {
	const { items } = await listNewestFirst.call(this, api, { path: watched.path, keep: watched.isDone, limit: 1, subject: `the ${watched.path.slice(1)} list` });
	return items;
}

/** With Attach Audio: each recording with its audio, or with why there is none (it is emitted either way). */
export async function withAudio(this: IPollFunctions, api: ApiConnection, recordings: IDataObject[], binaryPropertyName: string): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const recording of recordings) {
		if (!isUuid(recording.id)) {
			output.push({ json: { ...recording, audioError: 'The recording ID is not a UUID' } });
			continue;
		}
		try {
			const binary = await downloadRecordingAudio.call(this, api, recording.id);
			output.push({ json: recording, binary: { [binaryPropertyName]: binary } });
		} catch (error) {
			output.push({ json: { ...recording, audioError: error instanceof Error ? error.message : String(error) } });
		}
	}
	return output;
}
