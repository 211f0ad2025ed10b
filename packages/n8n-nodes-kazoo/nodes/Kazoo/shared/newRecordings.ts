import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** The polling trigger polls; the instant trigger runs the same reconciliation on each webhook. */
type TriggerFunctions = IPollFunctions | IWebhookFunctions;

import { downloadToBinary } from '../../../core/download';
import {
	decidePoll,
	firstState,
	holdBack,
	isPollState,
	listFrom,
	release,
	type Candidate,
	type PollState,
} from '../../../core/pollState';
import { InvalidInputError, positiveAmount, requireBinaryFieldName, requireBoolean, requireWholeNumber, nonNegativeAmount } from '../../../core/validation';
import type { KazooApi } from './connection';
import { gregorianToMs, LISTING_WINDOW_SECONDS, toGregorianSeconds } from './gregorian';
import { listRecordings } from './listing';
import { isRecordingId } from './ids';
import { recordingPath } from './paths';
import { scopeFields } from './descriptions';
import { simplifyField, simplifyRecording } from './simplify';
import { listFiltersField } from '../resources/recording/getMany';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Created_to a little after our now: a Kazoo clock ahead of n8n's would otherwise hide its newest recordings. */
const CLOCK_SKEW_MS = 5 * MINUTE_MS;

/**
 * What both triggers ask: the event, the scope and filters of the list, Simplify, and the options
 * (`withoutOptions` names options a trigger does not have).
 */
export function newRecordingProperties(withoutOptions: string[] = []): INodeProperties[] {
	const show = { event: ['newRecording'] };
	return [
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			options: [{ name: 'New Recording', value: 'newRecording', description: 'A call recording was stored' }],
			default: 'newRecording',
		},
		...scopeFields(show),
		listFiltersField(show),
		simplifyField(show),
		{ ...triggerOptionsField, options: (triggerOptionsField.options ?? []).filter((option) => !withoutOptions.includes(option.name)) },
	];
}

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
			description: "Whether to attach each recording's audio as binary data (streamed; one more request per recording)",
		},
		{
			displayName: 'Include Recordings From the Last N Hours',
			name: 'catchUpHours',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'On the first poll after activation, also emit what was stored in this many hours before it. 0 emits only what is new from now on.',
		},
		{
			displayName: 'Look-Back Window (Hours)',
			name: 'lookBackHours',
			type: 'number',
			typeOptions: { minValue: 0.1 },
			default: 2,
			description:
				'How far back each poll looks, in creation time, for recordings that became visible late. Must be more than twice Wait for Audio.',
		},
		{
			displayName: 'Max Items per Poll',
			name: 'maxItemsPerPoll',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'At most this many recordings per poll, oldest first; the rest follow on the next polls',
		},
		{
			displayName: 'Put Audio in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			displayOptions: { show: { attachAudio: [true] } },
		},
		{
			displayName: 'Wait for Audio (Minutes)',
			name: 'waitForAudioMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description:
				'Kazoo stores a recording before its audio. With Attach Audio, a recording without audio is held back for up to this long, then emitted without it (with audioError).',
			displayOptions: { show: { attachAudio: [true] } },
		},
	],
};

export interface TriggerOptions {
	attachAudio: boolean;
	binaryPropertyName: string;
	catchUpMs: number;
	windowMs: number;
	maxItems: number;
	waitForAudioMs: number;
}

export function readTriggerOptions(options: IDataObject): TriggerOptions {
	const windowMs = positiveAmount(options.lookBackHours ?? 2, 'Look-Back Window (Hours)', 'hours', 24 * 365) * HOUR_MS;
	const catchUpMs = (nonNegativeAmount(options.catchUpHours ?? 0, 'Include Recordings From the Last N Hours', 'hours', 24 * 365) ?? 0) * HOUR_MS;
	const maxItems = requireWholeNumber(options.maxItemsPerPoll ?? 100, 'Max Items per Poll', 1, 10_000);
	const attachAudio = requireBoolean(options.attachAudio ?? false, 'Attach Audio');
	const waitForAudioMs = (nonNegativeAmount(options.waitForAudioMinutes ?? 10, 'Wait for Audio (Minutes)', 'minutes', 24 * 60) ?? 0) * MINUTE_MS;
	if (attachAudio && waitForAudioMs * 2 >= windowMs) {
		throw new InvalidInputError(
			'Look-Back Window (Hours)',
			'Look-Back Window (Hours) must be more than twice Wait for Audio (Minutes), so a recording held back for its audio is still in the window when its audio arrives',
		);
	}
	return {
		attachAudio,
		binaryPropertyName: attachAudio ? requireBinaryFieldName(options.binaryPropertyName ?? 'data', 'Put Audio in Field') : 'data',
		catchUpMs,
		windowMs,
		maxItems,
		waitForAudioMs,
	};
}

export interface Watch {
	path: string;
	qs: IDataObject;
	/** Identifies what is watched: stored state is reused only for the same. */
	config: string;
}

/**
 * A recording's time on the window's axis: when its call ended (start + duration, Gregorian
 * seconds), which is when Kazoo saves the document it lists by. Unreadable: now, so it stays in the window.
 */
function candidateOf(recording: IDataObject, now: number): Candidate & { recording: IDataObject } {
	const start = Number(recording.start);
	const duration = Number(recording.duration ?? 0);
	const at = Number.isFinite(start) && Number.isFinite(duration) ? gregorianToMs(start + duration) : now;
	return { key: String(recording.id), at, recording };
}

const hasAudio = (recording: IDataObject): boolean => {
	const types = (recording._read_only as IDataObject | undefined)?.content_types;
	// Only list items carry _read_only; without it, try the download.
	return !Array.isArray(types) || types.length > 0;
};

/** The recording with its audio, or why there is none. A failed download is reported, not thrown. */
async function withAudio(
	this: TriggerFunctions,
	api: KazooApi,
	recording: IDataObject,
	binaryPropertyName: string,
): Promise<{ item?: INodeExecutionData; missing?: string }> {
	if (!hasAudio(recording)) return { missing: 'Kazoo has not attached its audio yet' };
	const id = String(recording.id);
	// An ID from the answer goes into a path: it must look like one.
	if (!isRecordingId(id)) return { missing: `the recording ID "${id.slice(0, 60)}" is not one Kazoo makes` };
	const binary = await downloadToBinary
		.call(this, api, recordingPath(api, id), {
			what: `audio of recording ${id}`,
			headers: { Accept: 'audio/mpeg' },
			defaultFileName: `${id}.mp3`,
			defaultMimeType: 'audio/mpeg',
			subject: `Recording ${id}`,
		})
		.catch((error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }));
	if ('failed' in binary) return { missing: String(binary.failed) };
	return { item: { json: recording, binary: { [binaryPropertyName]: binary } } };
}

async function list(this: TriggerFunctions | IHookFunctions, api: KazooApi, watch: Watch, fromMs: number, now: number) {
	const { items } = await listRecordings.call(this, api, {
		path: watch.path,
		// Whole seconds, one earlier: Kazoo's range is in seconds and the edge must not cut an item off.
		range: { from: toGregorianSeconds(fromMs) - 1, to: toGregorianSeconds(now + CLOCK_SKEW_MS) },
		ascending: false,
		qs: watch.qs,
		subject: 'the recordings list',
	});
	return items.map((recording) => candidateOf(recording, now));
}

/** First activation: remember everything the window holds now, so only what comes later is emitted. */
export async function rememberWindow(
	this: TriggerFunctions | IHookFunctions,
	api: KazooApi,
	watch: Watch,
	options: TriggerOptions,
): Promise<void> {
	const now = Date.now();
	const listed = await list.call(this, api, watch, now - options.windowMs, now);
	const staticData = this.getWorkflowStaticData('node');
	staticData.config = watch.config;
	staticData.state = firstState(listed, undefined) as unknown as IDataObject;
}

/**
 * One poll: list the window, decide with the core's poll state, attach audio (holding back what has
 * none yet), and store the new state only after every request succeeded.
 */
export async function pollNewRecordings(
	this: TriggerFunctions,
	api: KazooApi,
	watch: Watch,
	options: TriggerOptions,
): Promise<INodeExecutionData[]> {
	const staticData = this.getWorkflowStaticData('node');
	const now = Date.now();
	const settings = { now, windowMs: options.windowMs };
	const stored = staticData.config === watch.config && isPollState(staticData.state) ? staticData.state : undefined;
	let state: PollState;
	let listed: Awaited<ReturnType<typeof list>>;
	if (stored) {
		state = stored;
		listed = await list.call(this, api, watch, listFrom(state, settings), now);
	} else if (options.catchUpMs > 0) {
		// First activation with a catch-up period: remember only what is older than it.
		const catchUpFrom = now - options.catchUpMs;
		listed = await list.call(this, api, watch, Math.min(now - options.windowMs, catchUpFrom), now);
		state = firstState(listed, catchUpFrom);
	} else {
		await rememberWindow.call(this, api, watch, options);
		return [];
	}
	const decision = decidePoll(state, listed, { ...settings, maxItems: options.maxItems, listingWasStable: true });
	const output: INodeExecutionData[] = [];
	for (const candidate of decision.emit) {
		if (!options.attachAudio) {
			output.push({ json: candidate.recording });
			continue;
		}
		const { item, missing } = await withAudio.call(this, api, candidate.recording, options.binaryPropertyName);
		if (item) {
			release(decision.next, candidate.key);
			output.push(item);
		} else if (holdBack(decision.next, candidate, now, options.waitForAudioMs) === 'expired') {
			output.push({ json: { ...candidate.recording, audioError: `No audio after ${Math.round(options.waitForAudioMs / MINUTE_MS)} min: ${missing}` } });
		}
	}
	staticData.config = watch.config;
	staticData.state = decision.next as unknown as IDataObject;
	return output;
}

/** "Fetch Test Event": the most recent matching recording, state untouched. */
export async function latestRecording(
	this: TriggerFunctions,
	api: KazooApi,
	watch: Watch,
	options: TriggerOptions,
): Promise<INodeExecutionData[]> {
	const to = toGregorianSeconds(Date.now() + CLOCK_SKEW_MS);
	const { items } = await listRecordings.call(this, api, {
		path: watch.path,
		// One listing window: what Kazoo itself lists when asked for no range.
		range: { from: to - LISTING_WINDOW_SECONDS + 1, to },
		ascending: false,
		qs: watch.qs,
		limit: 1,
		subject: 'the recordings list',
	});
	if (items.length === 0) return [];
	if (!options.attachAudio) return [{ json: items[0] }];
	const { item, missing } = await withAudio.call(this, api, items[0], options.binaryPropertyName);
	return [item ?? { json: { ...items[0], audioError: missing } }];
}

/** Simplified output keeps audioError, which says why a recording came without its audio. */
export function shapeOutput(items: INodeExecutionData[], simple: boolean, timezone: string): INodeExecutionData[] {
	if (!simple) return items;
	return items.map((item) => ({
		...item,
		json: { ...simplifyRecording(item.json, timezone), ...(item.json.audioError ? { audioError: item.json.audioError } : {}) },
	}));
}
